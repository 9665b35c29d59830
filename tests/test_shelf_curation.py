"""Curation under /clinician/shelf: editor with preview, workflow, revisions, the import page."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.db import db
from portal.models import Article, AuditEvent
from tests.test_shelf_importer import WORDPRESS_PAGE, WXR

EDIT_TOKEN_PAGE = "/clinician/shelf/new"


def soup(response) -> BeautifulSoup:
    """Parse a page."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def article_form(**changes) -> dict:
    """A complete editor submission."""
    data = {
        "title": "Finding calm at work",
        "summary": "Small pauses in a busy day.",
        "body_md": "## Pause\n\nTake one breath before you open email.",
        "topics": "Anxiety, Work",
        "audience": "adults",
        "prompts": "When did you last pause?\nWhat helped?",
        "author": "Robin Hale",
        "author_bio": "",
        "source_name": "",
        "source_url": "",
        "licence": "Own work",
        "last_reviewed_on": "2026-01-15",
        "next_review_on": "",
        "action": "save",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "path",
    [
        "/clinician/shelf/",
        "/clinician/shelf/new",
        "/clinician/shelf/import",
        "/clinician/shelf/1/edit",
    ],
)
def test_curation_pages_send_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert "/auth/login" in response.headers["Location"]


def test_curation_posts_need_sign_in_too(client, make_article):
    article = make_article("Public piece")
    response = client.post_form(f"/clinician/shelf/{article.id}/status", {"to": "draft"})
    assert "/auth/login" in response.headers["Location"]
    assert db.session.get(Article, article.id).status == "published"


def test_preview_shows_the_rendered_article_without_saving(staff):
    response = staff.post_form(
        "/clinician/shelf/new", article_form(action="preview"), token_page=EDIT_TOKEN_PAGE
    )
    page = soup(response)
    preview = page.select_one(".curation-preview")
    assert preview.find("h2", string="Pause") is not None
    assert "Preview (not saved yet)" in preview.get_text()
    assert page.find("textarea", id="body_md").get_text().startswith("## Pause")
    assert db.session.scalar(select(func.count(Article.id))) == 0


def test_saving_a_new_article_keeps_a_draft_and_a_revision(staff, clinician):
    response = staff.post_form("/clinician/shelf/new", article_form(), token_page=EDIT_TOKEN_PAGE)
    assert response.headers["Location"].endswith("/clinician/shelf/")
    article = db.session.scalar(select(Article))
    assert (article.slug, article.status, article.revision) == (
        "finding-calm-at-work",
        "draft",
        1,
    )
    assert [t.name for t in article.topics] == ["Anxiety", "Work"]
    assert article.prompts == ["When did you last pause?", "What helped?"]
    assert article.last_reviewed_on.isoformat() == "2026-01-15"
    assert "<h2>Pause</h2>" in article.body_html
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor_id) == ("article.create", clinician.id)
    listing = soup(staff.get("/clinician/shelf/")).get_text(" ", strip=True)
    assert "Saved “Finding calm at work” (revision 1)." in listing


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "Enter a title"),
        ({"body_md": ""}, "Enter the article text"),
        ({"source_url": "javascript:alert(1)"}, "Enter a web address starting with https://"),
        ({"licence": "Stolen"}, "Choose the licence or permission"),
        ({"last_reviewed_on": "15/01/2026"}, "Enter the date as year, month and day"),
        ({"slug": "Not A Slug!"}, "Web address name can only use lower-case letters"),
        ({"title": "x\x00y"}, "contains a character we cannot store"),
    ],
)
def test_editor_explains_bad_input(staff, changes, message):
    response = staff.post_form(
        "/clinician/shelf/new", article_form(**changes), token_page=EDIT_TOKEN_PAGE
    )
    assert response.status_code == 200
    summary = soup(response).select_one(".error-summary")
    assert message in summary.get_text()
    assert db.session.scalar(select(func.count(Article.id))) == 0


def test_editing_keeps_the_slug_and_adds_a_revision(staff, make_article):
    article = make_article("Original title", body_md="First words.")
    response = staff.post_form(
        f"/clinician/shelf/{article.id}/edit",
        article_form(title="New title", body_md="Second words."),
        token_page=EDIT_TOKEN_PAGE,
    )
    assert response.headers["Location"].endswith("/clinician/shelf/")
    db.session.refresh(article)
    assert (article.slug, article.title, article.revision) == ("original-title", "New title", 2)


def test_publish_unpublish_and_list_filter(staff, make_article):
    draft = make_article("Almost ready", status="draft")
    make_article("Already out")
    staff.post_form(f"/clinician/shelf/{draft.id}/status", {"to": "published"})
    assert staff.get(f"/shelf/{draft.slug}").status_code == 200
    page = soup(staff.get("/clinician/shelf/?status=published"))
    assert {a.get_text() for a in page.select("tbody td:first-child > a")} == {
        "Almost ready",
        "Already out",
    }
    staff.post_form(f"/clinician/shelf/{draft.id}/status", {"to": "draft"})
    assert staff.get(f"/shelf/{draft.slug}").status_code == 404
    drafts = soup(staff.get("/clinician/shelf/?status=draft"))
    assert [a.get_text() for a in drafts.select("tbody td:first-child > a")] == ["Almost ready"]


def test_archive_with_a_replacement(staff, make_article):
    old = make_article("Old guide")
    new = make_article("New guide")
    form = soup(staff.get(f"/clinician/shelf/{old.id}/archive"))
    options = [o.get_text() for o in form.select("#replacement option")]
    assert options == ["No replacement", "New guide"]
    staff.post_form(
        f"/clinician/shelf/{old.id}/archive",
        {"replacement": str(new.id)},
        token_page=EDIT_TOKEN_PAGE,
    )
    db.session.refresh(old)
    assert (old.status, old.replacement_id) == ("archived", new.id)
    notice = soup(staff.get(f"/shelf/{old.slug}")).select_one(".shelf-archived")
    assert notice.find("a")["href"] == f"/shelf/{new.slug}"


def test_feature_and_reorder(staff, make_article):
    first, second = make_article("First pick"), make_article("Second pick")
    for article in (first, second):
        staff.post_form(f"/clinician/shelf/{article.id}/feature", {"featured": "1"})
    staff.post_form(f"/clinician/shelf/{second.id}/move", {"direction": "up"})
    shelf = soup(staff.get("/shelf/"))
    assert [h.get_text(strip=True) for h in shelf.select(".card h3")][:2] == [
        "Second pick",
        "First pick",
    ]
    staff.post_form(f"/clinician/shelf/{second.id}/feature", {"featured": "0"})
    shelf = soup(staff.get("/shelf/"))
    assert shelf.select_one(".card h3").get_text(strip=True) == "First pick"


def test_revision_history_and_restore(staff, make_article):
    article = make_article("Version one", body_md="The first text.")
    staff.post_form(
        f"/clinician/shelf/{article.id}/edit",
        article_form(title="Version two", body_md="The second text."),
        token_page=EDIT_TOKEN_PAGE,
    )
    history = soup(staff.get(f"/clinician/shelf/{article.id}/revisions"))
    rows = [r.find_all("td")[2].get_text() for r in history.select("tbody tr")]
    assert rows == ["Version two", "Version one"]
    response = staff.post_form(f"/clinician/shelf/{article.id}/revisions/1/restore", {})
    assert response.headers["Location"].endswith(f"/clinician/shelf/{article.id}/revisions")
    db.session.refresh(article)
    assert (article.title, article.body_md, article.revision) == (
        "Version one",
        "The first text.",
        3,
    )


def test_delete_only_drafts(staff, make_article):
    published = make_article("Keep me")
    draft = make_article("Throw away", status="draft")
    staff.post_form(f"/clinician/shelf/{published.id}/delete", {})
    staff.post_form(f"/clinician/shelf/{draft.id}/delete", {})
    titles = set(db.session.scalars(select(Article.title)))
    assert titles == {"Keep me"}


def test_post_without_csrf_token_is_refused(staff, make_article):
    article = make_article("Guarded")
    response = staff.post(f"/clinician/shelf/{article.id}/status", data={"to": "draft"})
    assert response.status_code == 400
    assert db.session.get(Article, article.id).status == "published"


def upload(staff, files: list[tuple[str, bytes]]):
    """Send files to the import page as a browser would."""
    data = {
        "csrf_token": staff.csrf_token("/clinician/shelf/import"),
        "files": [(io.BytesIO(content), name) for name, content in files],
    }
    return staff.post("/clinician/shelf/import", data=data, content_type="multipart/form-data")


def review_data(page: BeautifulSoup, action: str, **changes) -> dict:
    """The review form's fields as the browser would send them, with changes applied."""
    form = page.find("form", action="/clinician/shelf/import/save")
    data = {}
    for field in form.find_all(["input", "textarea"]):
        name = field.get("name")
        ticked = field.get("type") in ("checkbox", "radio")
        if not name or (ticked and not field.has_attr("checked")):
            continue
        data[name] = field.get_text() if field.name == "textarea" else field.get("value", "")
    for box in form.find_all("select"):
        chosen = box.find("option", selected=True) or box.find("option")
        data[box["name"]] = chosen["value"]
    data.update(changes, action=action)
    return data


def licences(count: int, licence: str = "Own work") -> dict:
    """The licence choice for the first `count` review items."""
    return {f"items-{n}-licence": licence for n in range(count)}


def test_import_page_reads_files_and_shows_problems_per_file(staff):
    response = upload(
        staff,
        [
            ("rest.txt", WORDPRESS_PAGE.encode()),
            ("empty.txt", b""),
            ("huge.txt", b"a" * (10 * 1024 * 1024)),
            ("export.xml", WXR.encode()),
        ],
    )
    page = soup(response)
    problems = [li.get_text() for li in page.select(".curation-errors li")]
    assert problems[0].startswith("empty.txt: the file is empty")
    assert problems[1].startswith("huge.txt: the file is 10.0 MB")
    headings = [h.get_text() for h in page.select(".curation-item > h2")]
    assert headings == [
        "1. Making room for rest",
        "2. Finding your feet after a move",
        "3. Plain paragraphs",
    ]
    assert page.find("textarea", id="items-0-body_md").get_text().startswith("Rest can feel")
    assert page.find("input", id="items-0-author")["value"] == "Jordan Ellis"
    assert db.session.scalar(select(func.count(Article.id))) == 0


def test_import_review_saves_fixed_articles_as_drafts(staff):
    page = soup(upload(staff, [("rest.txt", WORDPRESS_PAGE.encode()), ("e.xml", WXR.encode())]))
    data = review_data(
        page, "draft", **licences(3), **{"items-0-title": "Making room for real rest"}
    )
    del data["items-2-include"]
    response = staff.post("/clinician/shelf/import/save", data=data)
    result = soup(response)
    assert result.select_one(".import-summary").get_text() == (
        "2 imported; 0 updated; 1 draft, 1 page, 1 attachment and 1 not ticked skipped."
    )
    assert [
        li.get_text(" ", strip=True)
        for li in result.select("h2 + ul.import-list")[-1].find_all("li")
    ][-1] == ("the review page: “Plain paragraphs”: not ticked for import")
    titles = sorted(db.session.scalars(select(Article.title)))
    assert titles == ["Finding your feet after a move", "Making room for real rest"]
    assert set(db.session.scalars(select(Article.status))) == {"draft"}


def test_import_review_can_publish_and_reimport_updates(staff):
    page = soup(upload(staff, [("e.xml", WXR.encode())]))
    staff.post("/clinician/shelf/import/save", data=review_data(page, "publish", **licences(2)))
    assert staff.get("/shelf/finding-your-feet").status_code == 200
    again = soup(upload(staff, [("e.xml", WXR.encode())]))
    note = again.select_one(".curation-item .muted").get_text()
    assert "will update the existing article “Finding your feet after a move”" in note
    staff.post("/clinician/shelf/import/save", data=review_data(again, "draft", **licences(2)))
    assert db.session.scalar(select(func.count(Article.id))) == 2


def test_import_review_shows_errors_and_saves_nothing(staff):
    page = soup(upload(staff, [("rest.txt", WORDPRESS_PAGE.encode())]))
    data = review_data(page, "publish", **licences(1), **{"items-0-title": ""})
    response = staff.post("/clinician/shelf/import/save", data=data)
    summary = soup(response).select_one(".error-summary")
    assert "Enter a title" in summary.get_text()
    assert summary.find("a")["href"] == "#items-0-title"
    assert db.session.scalar(select(func.count(Article.id))) == 0


def test_import_upload_without_files_explains(staff):
    response = staff.post_form("/clinician/shelf/import", {}, token_page="/clinician/shelf/import")
    assert (
        "Choose at least one file to import, or paste an article"
        in soup(response).select_one(".error-summary").text
    )
