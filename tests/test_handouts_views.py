"""Handout routes: the public PDF, its cache and errors, the staff builder, packets, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.db import db
from portal.handouts import engine
from portal.models import AuditEvent, Packet
from tests.fixtures_handouts import PROMPTS, pdf_pages, pdf_text

BUILDER = "/clinician/handouts"


def cached_files(app) -> list[Path]:
    """PDFs in the handout cache folder."""
    return sorted(Path(app.config["HANDOUT_CACHE_DIR"]).glob("*.pdf"))


def test_public_handout_is_a_pdf_of_the_published_article(app, client, handout_article):
    response = client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "Slowing down on hard days" in pdf_text(response.data)
    assert "public" in response.headers["Cache-Control"]


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unpublished_articles_have_no_public_handout(app, client, make_article, status):
    article = make_article("Not yet", status=status)
    assert client.get(f"/shelf/{article.slug}/handout.pdf").status_code == 404
    assert client.get("/shelf/no-such-article/handout.pdf").status_code == 404


def test_repeat_print_is_served_from_the_cache(app, client, handout_article, monkeypatch):
    first = client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    assert len(cached_files(app)) == 1

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again instead of using the cache")

    monkeypatch.setattr(engine.Worker, "render", no_rendering)
    second = client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    assert second.status_code == 200 and second.data == first.data


def test_new_revision_makes_a_new_cached_pdf(app, client, handout_article):
    from portal.shelf.service import save_article

    client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    save_article(handout_article, {"title": "Slowing down when it is hard"}, actor_id=None)
    db.session.commit()
    response = client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    assert "Slowing down when it is hard" in pdf_text(response.data)
    assert len(cached_files(app)) == 2


def test_render_failure_shows_the_friendly_page_and_the_article_still_works(
    app, client, handout_article, monkeypatch
):
    def broken(*args, **kwargs):
        raise engine.RenderError("the PDF worker stopped")

    monkeypatch.setattr(engine.Worker, "render", broken)
    response = client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    assert response.status_code == 503
    assert "Sorry, we could not make the PDF" in response.get_data(as_text=True)
    assert client.get(f"/shelf/{handout_article.slug}").status_code == 200


def test_builder_needs_a_signed_in_staff_member(client):
    response = client.get(BUILDER)
    assert "/auth/login" in response.headers["Location"]


def builder_post(client, data: dict):
    """POST the builder form with a token from the builder page itself."""
    return client.post_form(BUILDER, data, token_page=BUILDER)


def test_builder_lists_searches_adds_orders_and_removes(
    app, client, clinician, login_as, make_article
):
    for title in ("Grief has no timetable", "Breathing slowly", "Sleep and worry"):
        make_article(title)
    login_as(clinician)
    page = BeautifulSoup(client.get(BUILDER).data, "html.parser")
    assert page.h1.get_text() == "Print handouts"
    labels = [label.get_text(strip=True) for label in page.select("#results label")]
    assert set(labels) == {"Grief has no timetable", "Breathing slowly", "Sleep and worry"}
    added = builder_post(
        client,
        {"action": "add", "add": ["grief-has-no-timetable", "sleep-and-worry"]},
    )
    chosen = BeautifulSoup(added.data, "html.parser").select(".chosen-title")
    assert [c.get_text() for c in chosen] == ["Grief has no timetable", "Sleep and worry"]
    moved = builder_post(
        client,
        {"action": "up:sleep-and-worry", "chosen": ["grief-has-no-timetable", "sleep-and-worry"]},
    )
    chosen = BeautifulSoup(moved.data, "html.parser").select(".chosen-title")
    assert [c.get_text() for c in chosen] == ["Sleep and worry", "Grief has no timetable"]
    removed = builder_post(
        client, {"action": "remove:sleep-and-worry", "chosen": ["sleep-and-worry"]}
    )
    assert BeautifulSoup(removed.data, "html.parser").select(".chosen-title") == []


def test_builder_asks_for_an_article_before_printing(app, client, clinician, login_as):
    login_as(clinician)
    response = builder_post(client, {"action": "download"})
    page = BeautifulSoup(response.data, "html.parser")
    assert "Choose at least one article to print" in page.select_one(".error-summary").get_text()


def test_builder_preview_uses_the_print_layout(app, client, clinician, login_as, handout_article):
    login_as(clinician)
    response = builder_post(
        client,
        {"action": "preview", "chosen": [handout_article.slug], "client_name": "Jo <b>K</b>"},
    )
    page = BeautifulSoup(response.data, "html.parser")
    assert page.h1.get_text() == "Slowing down on hard days"
    assert "For: Jo <b>K</b>" in " ".join(page.select_one(".handout-for").get_text().split())
    assert page.select_one(".preview-bar button[value=download]")
    assert response.headers["Cache-Control"] == "no-store"


def test_personal_download_is_no_store_audited_and_not_cached(
    app, client, clinician, login_as, handout_article
):
    login_as(clinician)
    response = builder_post(
        client,
        {
            "action": "download",
            "chosen": [handout_article.slug],
            "client_name": "Jo Rivera",
            "note": "See you Thursday.",
            "large_print": "y",
        },
    )
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert "For: Jo Rivera" in text and "See you Thursday." in text
    assert cached_files(app) == []
    event = db.session.query(AuditEvent).filter_by(action="handout.print_personal").one()
    assert event.actor_id == clinician.id and "Jo" not in str(event.detail)


def test_two_articles_download_as_one_packet(app, client, clinician, login_as, make_article):
    slugs = [make_article("First one").slug, make_article("Second one").slug]
    login_as(clinician)
    response = builder_post(
        client, {"action": "download", "chosen": slugs, "packet_title": "Getting started"}
    )
    pages = pdf_pages(response.data)
    assert "Getting started" in pages[0] and "Contents" in pages[0]
    assert "packet-2-articles.pdf" in response.headers["Content-Disposition"]


def test_saved_packet_can_be_loaded_and_deleted(app, client, clinician, login_as, make_article):
    slugs = [make_article("First one").slug, make_article("Second one").slug]
    login_as(clinician)
    saved = builder_post(
        client,
        {
            "action": "save",
            "chosen": slugs,
            "packet_name": "First session",
            "client_name": "Never stored",
            "large_print": "y",
        },
    )
    packet = db.session.query(Packet).one()
    assert f"packet={packet.id}" in saved.headers["Location"]
    assert packet.slugs == slugs and packet.options["large_print"] is True
    assert "Never stored" not in str(packet.options)
    page = BeautifulSoup(client.get(f"{BUILDER}?packet={packet.id}").data, "html.parser")
    assert [c.get_text() for c in page.select(".chosen-title")] == ["First one", "Second one"]
    assert page.select_one("#large_print").has_attr("checked")
    assert "First session" in page.select_one(".saved-packets").get_text()
    client.post_form(f"{BUILDER}/packets/{packet.id}/delete", {}, token_page=BUILDER)
    assert db.session.query(Packet).count() == 0


def test_saving_a_packet_needs_a_name(app, client, clinician, login_as, handout_article):
    login_as(clinician)
    response = builder_post(client, {"action": "save", "chosen": [handout_article.slug]})
    assert response.status_code == 400
    assert "Enter a name for the packet" in response.get_data(as_text=True)


def test_cli_writes_a_handout_and_a_packet(app, make_article, tmp_path):
    first, second = make_article("First one"), make_article("Second one")
    runner = app.test_cli_runner()
    out = tmp_path / "one.pdf"
    result = runner.invoke(args=["handout", first.slug, "-o", str(out), "--paper", "a4"])
    assert result.exit_code == 0, result.output
    assert "First one" in pdf_text(out.read_bytes())
    packet = tmp_path / "packet.pdf"
    args = ["handout", first.slug, second.slug, "-o", str(packet), "--client", "Jo", "--note", "Hi"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0 and "packet of 2 articles" in result.output
    assert "For: Jo" in pdf_text(packet.read_bytes())


def test_cli_unknown_slug_is_a_clear_error(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["handout", "nope", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "no published article called nope" in result.output


def test_changed_content_is_never_served_stale_from_the_cache(app, client, handout_article):
    client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    handout_article.body_html = "<p>Rewritten by hand without a new revision.</p>"
    db.session.commit()
    response = client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    assert "Rewritten by hand without a new revision." in pdf_text(response.data)


def test_builder_fillable_option_downloads_a_fillable_worksheet(
    app, client, clinician, login_as, handout_article
):
    import io

    from pypdf import PdfReader

    login_as(clinician)
    page = client.get(BUILDER).get_data(as_text=True)
    assert "Fillable PDF" in page
    data = {"action": "download", "chosen": [handout_article.slug], "fillable": "y"}
    response = builder_post(client, data)
    fields = PdfReader(io.BytesIO(response.data)).get_fields()
    assert [f.get("/TU") for f in fields.values()] == PROMPTS
