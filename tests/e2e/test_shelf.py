"""The shelf in a real browser: browse, filter, search, read, download; curation pages axe clean."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import db
from portal.demo import load_demo
from portal.models import Article, User

STAFF_EMAIL = "shelf-e2e@example.org"
STAFF_PASSWORD = "a long and quiet shelf password"
SLUG = "e2e-noticing-the-breath"


def seed(live_server) -> None:
    """Demo articles plus one article and one staff account of this test's own."""
    from portal.auth.service import create_user
    from portal.shelf.service import save_article

    with live_server.app.app_context():
        load_demo()
        if db.session.scalar(select(Article).where(Article.slug == SLUG)) is None:
            fields = {
                "slug": SLUG,
                "title": "Noticing the breath",
                "summary": "A two-minute practice for unsettled moments.",
                "body_md": "## Start here\n\nSit comfortably and notice the breath moving.\n\n"
                "- Breathe in for four\n- Breathe out for six",
                "topics": ["Mindfulness"],
                "prompts": ["What did you notice first?"],
                "status": "published",
            }
            save_article(None, fields, actor_id=None)
        if db.session.scalar(select(User).where(User.email == STAFF_EMAIL)) is None:
            create_user(STAFF_EMAIL, STAFF_PASSWORD, "clinician", "Shelf Tester")
        db.session.commit()


def test_browse_filter_search_read_and_download(page, live_server, assert_accessible):
    seed(live_server)
    page.goto(live_server("/shelf/"))
    assert page.locator("main h1").inner_text() == "Resources"
    assert page.locator(".shelf-results .card").count() >= 3
    assert_accessible(page)

    with page.expect_navigation():
        page.locator(".shelf-topics a", has_text="Mindfulness").click()
    assert page.locator("main h1").inner_text() == "Resources on mindfulness"
    assert page.locator(".card h3").all_inner_texts() == ["Noticing the breath"]

    page.fill("#q", "breath")
    with page.expect_navigation():
        page.click("button:text-is('Search')")
    status = page.locator("[role=status]").inner_text()
    assert status == "1 article matches “breath” in mindfulness."  # one article: "matches"
    assert page.locator(".card mark").first.inner_text().lower().startswith("breath")
    assert_accessible(page)

    page.goto(live_server("/shelf/?q=%22unmatched(%20NEAR%20*"))
    assert "No articles match" in page.locator(".shelf-empty").inner_text()
    assert_accessible(page)

    page.goto(live_server("/shelf/?q=breath"))
    with page.expect_navigation():
        page.locator(".card h3 a", has_text="Noticing the breath").click()
    assert page.locator("main h1").inner_text() == "Noticing the breath"
    assert page.locator(".shelf-prompts li").all_inner_texts() == ["What did you notice first?"]
    assert_accessible(page)

    handout = page.locator("a", has_text="Print this handout")
    if handout.count():
        response = page.request.get(live_server(f"/shelf/{SLUG}/handout.pdf"))
        assert response.status == 200
        assert response.headers["content-type"].startswith("application/pdf")
        assert response.body()[:5] == b"%PDF-"
    assert not page.dialogs


def test_phone_width_shelf_has_no_sideways_scroll(browser, live_server, assert_accessible):
    seed(live_server)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    for path in ("/shelf/", f"/shelf/{SLUG}", "/shelf/?q=worry"):
        tab.goto(live_server(path))
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert_accessible(tab)
    context.close()


def test_curation_list_editor_and_import_are_accessible(
    page, live_server, staff_login, assert_accessible
):
    seed(live_server)
    staff_login(page, STAFF_EMAIL, STAFF_PASSWORD)
    page.goto(live_server("/clinician/shelf/"))
    assert page.locator("main h1").inner_text() == "Shelf"
    assert_accessible(page)

    with page.expect_navigation():
        page.click("text=Write a new article")
    page.fill("#title", "A browser-made draft")
    page.fill("#body_md", "## Heading\n\nSome *gentle* words.")
    with page.expect_navigation():
        page.click("button:text-is('Preview')")
    assert page.locator(".curation-preview h2").first.inner_text() == "A browser-made draft"
    assert page.locator(".curation-preview em").inner_text() == "gentle"
    assert_accessible(page)

    page.fill("#title", "")
    with page.expect_navigation():
        page.click("button:text-is('Save')")
    assert "Enter a title" in page.locator(".error-summary").inner_text()
    assert_accessible(page)

    page.goto(live_server("/clinician/shelf/import"))
    assert_accessible(page)
    page.set_input_files(
        "#files",
        files=[{"name": "note.md", "mimeType": "text/markdown", "buffer": b"# Imported\n\nHi."}],
    )
    with page.expect_navigation():
        page.click("button:text-is('Read the articles')")
    assert page.locator(".curation-item > h2").all_inner_texts() == ["1. Imported"]
    assert_accessible(page)
    assert not page.dialogs
