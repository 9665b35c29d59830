"""Publishing or revising an article renders its Letter and A4 handouts in the background."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.handouts import engine, prerender
from tests.fixtures_handouts import pdf_text

ON = pytest.mark.parametrize("app_config", [{"HANDOUT_PRERENDER": True}])
PAGE_SIZES = {(612, 792): "letter", (595, 842): "a4"}
REVISION = {
    "title": "Resting when the day is loud",
    "summary": "A pause for noisy days.",
    "body_md": "Find a quiet corner and breathe out slowly.",
    "topics": "Calm",
    "audience": "adults",
    "prompts": "Where is your quiet corner?",
    "author": "Robin Hale",
    "licence": "Own work",
    "last_reviewed_on": "2026-01-15",
    "action": "save",
}


def cached_papers(app) -> list[str]:
    """The paper size of every PDF in the handout cache, read from its first page."""
    papers = []
    for path in sorted(Path(app.config["HANDOUT_CACHE_DIR"]).glob("*.pdf")):
        box = PdfReader(io.BytesIO(path.read_bytes())).pages[0].mediabox
        papers.append(PAGE_SIZES.get((round(box.width), round(box.height)), "other"))
    return sorted(papers)


def no_rendering(monkeypatch) -> None:
    """From here on any render is a failure: the PDF must come from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("rendered instead of serving the pre-rendered PDF")

    monkeypatch.setattr(engine.Worker, "render", refuse)


@ON
def test_publishing_renders_both_papers_so_the_first_print_is_a_cache_hit(
    app, staff, make_article, monkeypatch
):
    draft = make_article("Resting well", status="draft", body_md="Lie down and let go.")
    response = staff.post_form(f"/clinician/shelf/{draft.id}/status", {"to": "published"})
    assert response.status_code in (302, 303)
    prerender.wait()
    assert cached_papers(app) == ["a4", "letter"]
    no_rendering(monkeypatch)
    before = engine.render_count()
    first_click = staff.get(f"/shelf/{draft.slug}/handout.pdf")
    assert first_click.status_code == 200
    assert "Resting well" in pdf_text(first_click.data)
    assert engine.render_count() == before


@ON
def test_revising_a_published_article_renders_the_new_revision(
    app, staff, make_article, monkeypatch
):
    article = make_article("Resting well", body_md="Lie down and let go.")
    response = staff.post_form(
        f"/clinician/shelf/{article.id}/edit", REVISION, token_page="/clinician/shelf/new"
    )
    assert response.status_code in (302, 303)
    prerender.wait()
    assert cached_papers(app) == ["a4", "letter"]
    no_rendering(monkeypatch)
    first_click = staff.get(f"/shelf/{article.slug}/handout.pdf")
    assert "Resting when the day is loud" in pdf_text(first_click.data)


@ON
def test_a_failed_pre_render_is_logged_and_the_publish_still_succeeds(
    app, staff, make_article, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise engine.RenderError("the PDF worker stopped")

    monkeypatch.setattr(engine.Worker, "render", broken)
    draft = make_article("A private-sounding title", status="draft")
    with caplog.at_level(logging.WARNING, logger="portal.handouts"):
        response = staff.post_form(f"/clinician/shelf/{draft.id}/status", {"to": "published"})
        prerender.wait()
    assert response.status_code in (302, 303)
    assert staff.get(f"/shelf/{draft.slug}").status_code == 200
    failures = [r.getMessage() for r in caplog.records if "pre-render failed" in r.getMessage()]
    reason = "reason=the PDF worker stopped"
    assert failures == [
        f"handout pre-render failed article_id={draft.id} paper={paper} {reason}"
        for paper in ("letter", "a4")
    ]
    assert cached_papers(app) == []


def test_under_test_pre_rendering_is_off_unless_asked(app, staff, make_article):
    draft = make_article("Resting well", status="draft")
    staff.post_form(f"/clinician/shelf/{draft.id}/status", {"to": "published"})
    prerender.wait()
    assert cached_papers(app) == []
