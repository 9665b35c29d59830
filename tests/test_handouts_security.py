"""Safe rendering: no local files outside static/, no network, no attachments, bounded work."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.db import db
from portal.handouts import engine, service
from portal.handouts.fetcher import BlockedURL, resolve
from tests.fixtures_handouts import pdf_text


def hostile_markup(canary_path, listener) -> str:
    """Every channel the issue lists: attachments, relative paths, SSRF, CSS, devices, redirects."""
    file_url = canary_path.as_uri()
    port = listener.port
    return f"""
<p>Hostile article start.</p>
<link rel="attachment" href="{file_url}">
<a rel="attachment" href="{file_url}">attach me</a>
<link rel="attachment" href="canary.txt">
<a rel="attachment" href="../../../../{canary_path.relative_to("/")}">relative</a>
<img src="../../../../etc/passwd" alt="">
<img src="{listener.url("/img")}" alt="">
<img src="//127.0.0.1:{port}/protocol-relative" alt="">
<img src="{listener.url("/redirect")}" alt="">
<a rel="attachment" href="{listener.url("/redirect")}">redirect</a>
<img src="file:///dev/zero" alt="">
<img src="/dev/urandom" alt="">
<img src="http://169.254.169.254/latest/meta-data/" alt="">
<style>
  @import url("{file_url}");
  @import url("{listener.url("/import.css")}");
  @font-face {{ font-family: x; src: url("{listener.url("/font.woff")}"); }}
  p {{ background: url("{listener.url("/bg")}"); font-family: x; }}
  h1 {{ background-image: url("file:///dev/zero"); }}
</style>
<svg xmlns="http://www.w3.org/2000/svg"><image href="{listener.url("/svg")}"/></svg>
<iframe src="{listener.url("/frame")}"></iframe>
<object data="{file_url}"></object>
<p>Hostile article end.</p>
"""


def assert_safe(pdf: bytes, secret: str, listener) -> None:
    """No embedded files, no canary bytes, no listener traffic."""
    reader = PdfReader(io.BytesIO(pdf))
    assert dict(reader.attachments) == {}
    assert b"/EmbeddedFile" not in pdf
    assert secret.encode() not in pdf
    assert secret not in pdf_text(pdf)
    assert b"INTERNAL-SECRET-FROM-LISTENER" not in pdf
    assert listener.connections == 0, listener.hits
    assert listener.hits == []


def test_hostile_article_body_html_is_blocked_by_the_fetcher_itself(
    app, client, make_article, canary, listener
):
    canary_path, secret = canary
    article = make_article("Hostile article", body_md="placeholder")
    article.body_html = hostile_markup(canary_path, listener)  # bypasses the sanitiser on purpose
    db.session.commit()
    response = client.get(f"/shelf/{article.slug}/handout.pdf")
    assert response.status_code == 200
    assert_safe(response.data, secret, listener)
    text = pdf_text(response.data)
    assert "Hostile article start." in text and "Hostile article end." in text


def test_hostile_markdown_is_sanitised_and_still_blocked(
    app, client, make_article, canary, listener
):
    canary_path, secret = canary
    article = make_article("Markdown attack", body_md=hostile_markup(canary_path, listener))
    response = client.get(f"/shelf/{article.slug}/handout.pdf")
    assert response.status_code == 200
    assert_safe(response.data, secret, listener)


def test_hostile_intake_like_answers_print_as_text(app, handout_article, canary, listener):
    canary_path, secret = canary
    hostile = hostile_markup(canary_path, listener)
    options = service.Options(client_name=hostile[:80], note=hostile[:800])
    pdf, _ = service.render_handout([handout_article.slug], options)
    assert_safe(pdf, secret, listener)
    assert '<link rel="attachment"' in pdf_text(pdf)


def test_engine_with_untrusted_context_blocks_everything(app, canary, listener):
    canary_path, secret = canary
    item = {
        "slug": "x",
        "title": "Answers",
        "summary": "",
        "body_html": hostile_markup(canary_path, listener),
        "prompts": [],
        "source_line": "test",
        "url": "",
        "short_url": "",
        "qr_data_uri": "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    context = {"item": item, "given_on": "today"}
    pdf = engine.render_pdf("handouts/print/handout.html", context, title="Answers")
    assert_safe(pdf, secret, listener)


def test_default_weasyprint_fetcher_is_never_used(app, handout_article, monkeypatch, listener):
    """Proves stylesheets and metadata go through our fetcher (CVE-2026-55073 pattern)."""
    from portal.handouts.worker import Renderer

    def refuse(self, url, headers=None):
        raise AssertionError(f"default fetcher used for {url}")

    renderer = Renderer()
    import weasyprint.urls

    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch", refuse)
    html = engine.render_html(
        "handouts/print/handout.html",
        service.build_context(
            service.published_articles([handout_article.slug]), service.Options()
        ),
        title="t",
    )
    pdf = renderer.render(html)
    assert pdf.startswith(b"%PDF") and "Slowing down" in pdf_text(pdf)
    assert any(url.endswith("print.css") for url in renderer.fetcher.served)
    assert any(url.endswith(".woff") for url in renderer.fetcher.served)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///dev/zero",
        "http://127.0.0.1:1/",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "file://otherhost/static/css/print.css",
        "data:text/html,<p>hi</p>",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_everything_but_static_and_data(url):
    with pytest.raises(BlockedURL):
        resolve(url)


def test_fetcher_serves_static_files_and_site_paths():
    body, mime, _ = resolve("file:///static/css/print.css")
    assert mime == "text/css" and b"@page" in body
    assert resolve("data:image/svg+xml,%3Csvg%2F%3E")[1] == "image/svg+xml"


def test_deep_nesting_gives_the_friendly_error_and_the_article_still_works(
    app, client, make_article, caplog
):
    article = make_article("Deep", body_md="x")
    article.body_html = "<div>" * 400 + "deep" + "</div>" * 400
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="portal.handouts"):
        response = client.get(f"/shelf/{article.slug}/handout.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Sorry, we could not make the PDF" in page
    assert "still available to read online" in page
    assert "Traceback" not in page
    assert client.get(f"/shelf/{article.slug}").status_code == 200
    assert any("handout render failed" in r.getMessage() for r in caplog.records)


def test_worker_recursion_error_is_caught_even_past_the_depth_check(app, monkeypatch):
    monkeypatch.setattr(engine, "MAX_DEPTH", 5000)
    html = "<div>" * 1500 + "deep" + "</div>" * 1500
    context = {"item": None}
    with pytest.raises(engine.RenderError):
        engine.check_source(html)  # passes the raised limit
        engine._worker().render(f"<html><body>{html}</body></html>", "letter", 20)
    assert engine.render_pdf("handouts/print/warm.html", context, title="after").startswith(b"%PDF")


def test_huge_source_is_refused_before_rendering(app):
    with pytest.raises(engine.RenderError, match="too large"):
        engine.check_source("<p>" + "x" * (engine.MAX_SOURCE_BYTES + 1) + "</p>")


def test_slow_render_is_killed_at_the_time_limit_and_the_worker_recovers(app):
    app.config["HANDOUT_RENDER_TIMEOUT"] = 0.3
    rows = "".join(f"<tr><td>{n}</td><td>row</td></tr>" for n in range(6000))
    with pytest.raises(engine.RenderError, match="too long"):
        engine._worker().render(f"<html><body><table>{rows}</table></body></html>", "letter", 0.3)
    app.config["HANDOUT_RENDER_TIMEOUT"] = 30
    assert engine.render_pdf("handouts/print/warm.html", {}, title="after").startswith(b"%PDF")


def test_worker_address_space_is_capped_and_oom_is_a_friendly_error(app):
    worker = engine.Worker(memory_limit=600 * 1024 * 1024)
    try:
        worker.render("<html><body><p>warm</p></body></html>", "letter", 60)
        limits = Path(f"/proc/{worker.process.pid}/limits").read_text()
        line = next(row for row in limits.splitlines() if row.startswith("Max address space"))
        assert line.split()[3:5] == [str(600 * 1024 * 1024)] * 2
    finally:
        worker.stop()


def test_out_of_memory_in_the_worker_becomes_a_short_error(monkeypatch):
    from portal.handouts import worker

    class Exhausted:
        def render(self, html, paper):
            raise MemoryError

    assert worker._answer(Exhausted(), {"html": "<p>x</p>"}) == ("error", "out of memory")
