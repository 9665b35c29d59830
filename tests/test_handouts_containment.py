"""The PDF fetcher reads nothing outside static/, even files of the types it serves, and even
through a symlink inside static/; a changed print layout is never served from the old cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.handouts import engine, fetcher
from portal.handouts.fetcher import BlockedURL, resolve
from portal.handouts.worker import Renderer
from tests.fixtures_handouts import pdf_text
from tests.test_handouts_views import cached_files

SECRET = "CANARY-OUTSIDE-STATIC-61d2"
CANARIES = {
    ".css": f'p::after {{ content: "{SECRET}"; }}',
    ".svg": f'<svg xmlns="http://www.w3.org/2000/svg"><text y="9">{SECRET}</text></svg>',
    ".woff2": f"wOF2{SECRET}",
    ".ttf": f"\0\1\0\0{SECRET}",
}


@pytest.fixture
def outside(tmp_path) -> dict[str, Path]:
    """Canary files of every allowed type, planted outside static/."""
    folder = tmp_path / "outside"
    folder.mkdir()
    planted = {}
    for suffix, body in CANARIES.items():
        planted[suffix] = folder / f"canary{suffix}"
        planted[suffix].write_text(body)
    return planted


@pytest.fixture
def linked_static(tmp_path, outside, monkeypatch) -> Path:
    """A static/ folder whose css/ holds a symlink to an outside canary, and a linked folder."""
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "ok.css").write_text("p { color: black; }")
    (static / "css" / "evil.css").symlink_to(outside[".css"])
    (static / "linked").symlink_to(outside[".css"].parent, target_is_directory=True)
    monkeypatch.setattr(fetcher, "STATIC_ROOT", static.resolve())
    return static


@pytest.mark.parametrize("suffix", sorted(CANARIES))
def test_allowed_file_types_outside_static_are_never_read(outside, suffix):
    path = outside[suffix]
    for url in (path.as_uri(), f"file:///static/../../../..{path}"):
        with pytest.raises(BlockedURL, match="only files under static/"):
            resolve(url)


def test_a_symlink_inside_static_pointing_out_is_never_read(linked_static):
    assert b"color: black" in resolve("file:///static/css/ok.css")[0]
    for url in (
        "file:///static/css/evil.css",
        (linked_static / "css" / "evil.css").as_uri(),
        "file:///static/linked/canary.css",
        "file:///static/linked/canary.svg",
    ):
        with pytest.raises(BlockedURL, match="only files under static/"):
            resolve(url)


def test_a_render_never_shows_an_outside_stylesheet_image_or_font(outside):
    html = f"""<html><head>
<link rel="stylesheet" href="{outside[".css"].as_uri()}">
<link rel="stylesheet" href="file:///static/../../../..{outside[".css"]}">
<style>@font-face {{ font-family: canary; src: url("{outside[".ttf"].as_uri()}"); }}
h1 {{ font-family: canary; }}</style></head>
<body><h1>Containment</h1><p>Body text.</p>
<img src="{outside[".svg"].as_uri()}" alt="">
<img src="/static/../../../..{outside[".svg"]}" alt=""></body></html>"""
    renderer = Renderer()
    pdf = renderer.render(html)
    text = pdf_text(pdf)
    assert "Containment" in text and "Body text." in text
    assert SECRET not in text and SECRET.encode() not in pdf
    served = " ".join(renderer.fetcher.served)
    assert "canary" not in served and served  # print.css and the fonts still come from static/
    assert len([url for url in renderer.fetcher.blocked if "canary" in url]) >= 4


def test_the_layout_version_follows_the_print_stylesheet(tmp_path, monkeypatch):
    copy = tmp_path / "print.css"
    copy.write_bytes(engine.PRINT_CSS.read_bytes())
    monkeypatch.setattr(engine, "PRINT_CSS", copy)
    engine.layout_version.cache_clear()
    before = engine.layout_version()
    copy.write_bytes(copy.read_bytes() + b"\nh2 { letter-spacing: 0.01em; }\n")
    engine.layout_version.cache_clear()
    try:
        assert engine.layout_version() != before
    finally:
        monkeypatch.undo()
        engine.layout_version.cache_clear()


def test_a_new_print_layout_is_never_served_from_the_old_cache(
    app, client, handout_article, monkeypatch
):
    url = f"/shelf/{handout_article.slug}/handout.pdf"
    client.get(url)
    assert len(cached_files(app)) == 1
    monkeypatch.setattr(engine, "layout_version", lambda: "the next release's print layout")
    renders = []
    real_render = engine.Worker.render

    def counting(self, *args, **kwargs):
        renders.append(1)
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(engine.Worker, "render", counting)
    response = client.get(url)
    assert response.status_code == 200 and "Slowing down" in pdf_text(response.data)
    assert renders == [1], "the old layout's PDF was served from the cache"
    assert len(cached_files(app)) == 2


def test_html_presentational_attributes_never_style_a_pdf():
    """presentational_hints stays off: untrusted <font color> must not paint (CVE-2026-49452)."""
    import io

    from pypdf import PdfReader

    html = '<html><body><p><font color="#ff0000">Red words</font></p></body></html>'
    pdf = Renderer().render(html)
    assert "Red words" in pdf_text(pdf)
    drawn = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert b"1 0 0 rg" not in drawn  # red fill colour in the page's drawing commands


def test_deep_nesting_is_refused_before_it_reaches_weasyprint():
    """The depth check, not only the worker's RecursionError catch, stops a nesting bomb."""
    shallow = "<div>" * 50 + "x" + "</div>" * 50
    engine.check_source(shallow)
    with pytest.raises(engine.RenderError, match="nested too deeply"):
        engine.check_source("<div>" * 150 + "x" + "</div>" * 150)
