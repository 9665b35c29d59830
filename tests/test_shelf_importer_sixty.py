"""A 60-item WordPress export through the import page: every public word on the shelf, nothing
protected public, every item counted on the result page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.models import Article
from tests import wxr_sixty
from tests.fixtures_shelf import page_of
from tests.test_shelf_curation import licences, review_data, upload
from tests.test_shelf_importer_formats import reader


def in_order(blocks: list[str], texts: list[str]) -> bool:
    """Whether each text is one of the blocks, in this order (other blocks may sit between)."""
    remaining = iter(blocks)
    return all(any(text == block for block in remaining) for text in texts)


@pytest.fixture
def imported_sixty(staff):
    """The export uploaded, reviewed with a licence for every item, and published."""
    items = wxr_sixty.posts()
    review = page_of(upload(staff, [("calm-harbour.xml", wxr_sixty.export_xml(items))]))
    count = len(review.select(".curation-item"))
    response = staff.post(
        "/clinician/shelf/import/save", data=review_data(review, "publish", **licences(count))
    )
    assert response.status_code == 200
    return items, count, page_of(response)


@pytest.fixture
def visitor(app):
    """Someone reading the public shelf, not signed in."""
    return app.test_client()


def test_every_item_is_counted_on_the_result_page(imported_sixty):
    items, count, result = imported_sixty
    assert len(items) == 60 and count == 49
    assert result.select_one(".import-summary").get_text() == (
        "49 imported; 0 updated; 9 kept as drafts because they are not public at the source; "
        "4 drafts, 3 pages, 3 attachments and 1 item in the bin skipped; "
        "32 images not imported (alt text kept)."
    )
    headings = [h.get_text() for h in result.find_all("h2")]
    assert headings == ["Imported (49)", "Skipped (11)"]
    skipped = [li.get_text(" ", strip=True) for li in result.select("ul.import-list")[-1]("li")]
    assert "calm-harbour.xml: “Unpublished attachment 58”: an attachment on WordPress, not a " \
           "post" in skipped  # fmt: skip
    assert "calm-harbour.xml: “Unpublished post 54”: in the bin on WordPress" in skipped
    held = [li.get_text(" ", strip=True) for li in result.select("ul.import-list")[0]("li")]
    assert sum("kept as a draft because it is password-protected" in x for x in held) == 5
    assert sum("kept as a draft because it is private on WordPress" in x for x in held) == 4


def test_every_published_post_is_on_the_shelf_word_for_word(imported_sixty, visitor):
    items, _, _ = imported_sixty
    for post in items[: wxr_sixty.PUBLIC]:
        page = reader(visitor, post.slug)
        blocks = [text for _, text in page["blocks"]]
        assert in_order(blocks, post.texts), (post.slug, blocks)
        assert page["cells"] == post.cells
        assert "[" not in page["text"], post.slug
    titles = db.session.scalars(select(Article.title).where(Article.slug == "rest-notes-1"))
    assert list(titles) == ["Notes on rest & repair, part 1"]
    same = select(func.count(Article.id)).where(Article.title == "Notes from the week")
    assert db.session.scalar(same) == 2


def test_nothing_protected_private_or_unpublished_is_public(imported_sixty, visitor):
    items, _, _ = imported_sixty
    for post in items[wxr_sixty.PUBLIC :]:
        assert visitor.get(f"/shelf/{post.slug}").status_code == 404, post.slug
    for words in (wxr_sixty.SECRET_WORDS, "group met again", "Group notes"):
        listing = page_of(visitor.get("/shelf/", query_string={"q": words}))
        assert listing.select(".shelf-results li") == [], words
        assert f"No articles match “{words}”" in listing.get_text()
    everything = page_of(visitor.get("/shelf/", query_string={"page": 1}))
    assert not everything.select('a[href^="/shelf/group-notes"]')
    public = db.session.scalar(select(func.count()).where(Article.status == "published"))
    assert public == wxr_sixty.PUBLIC


def test_the_review_page_says_which_posts_stay_drafts_and_why(staff):
    review = page_of(upload(staff, [("calm-harbour.xml", wxr_sixty.export_xml(wxr_sixty.posts()))]))
    held = [p.get_text(" ", strip=True) for p in review.select(".import-held")]
    prefix = "Will be saved as a draft, even if you publish:"
    assert held.count(f"{prefix} it is password-protected on WordPress.") == 5
    assert held.count(f"{prefix} it is private on WordPress.") == 4
    assert "11 items will not be imported, and why" in review.get_text(" ", strip=True)


def test_the_command_line_gives_the_same_result_as_the_import_page(app, tmp_path):
    export = tmp_path / "calm-harbour.xml"
    export.write_bytes(wxr_sixty.export_xml(wxr_sixty.posts()))
    result = app.test_cli_runner().invoke(
        args=["import", str(export), "--publish", "--licence", "Own work"]
    )
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 49
    assert (
        "49 imported; 0 updated; 9 kept as drafts because they are not public at the source; "
        "4 drafts, 3 pages, 3 attachments and 1 item in the bin skipped; "
        "32 images not imported (alt text kept)."
    ) in result.stderr
    public = db.session.scalar(select(func.count()).where(Article.status == "published"))
    assert public == wxr_sixty.PUBLIC
