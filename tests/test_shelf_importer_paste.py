"""The import page as the therapist uses it: pasting an article's text, choosing its licence."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.db import db
from portal.models import Article
from portal.shelf.importer.save import import_file
from tests.fixtures_shelf import page_of
from tests.test_shelf_curation import review_data
from tests.test_shelf_importer import WORDPRESS_PAGE, seed_paragraphs

PAGE = "/clinician/shelf/import"


def paste(staff, text: str) -> BeautifulSoup:
    """Paste text into the import page's box (no file chosen) and read the review page."""
    data = {"csrf_token": staff.csrf_token(PAGE), "pasted": text}
    return page_of(staff.post(PAGE, data=data, content_type="multipart/form-data"))


def test_the_import_page_offers_a_paste_box(staff):
    page = page_of(staff.get(PAGE))
    box = page.find("textarea", attrs={"name": "pasted"})
    label = page.find("label", attrs={"for": box["id"]})
    assert label.get_text(strip=True) == "Or paste an article"


def test_pasted_text_is_read_for_review_and_nothing_is_saved(staff):
    review = paste(staff, WORDPRESS_PAGE)
    assert [h.get_text() for h in review.select(".curation-item > h2")] == [
        "1. Making room for rest"
    ]
    body = review.find("textarea", id="items-0-body_md").get_text()
    assert body.startswith("Rest can feel like something we have to earn first.")
    assert "Share this" not in body and "Leave a Reply" not in body
    assert review.find("input", id="items-0-author")["value"] == "Jordan Ellis"
    assert db.session.scalar(select(func.count(Article.id))) == 0


def test_the_licence_is_a_required_choice_with_nothing_assumed(staff):
    review = paste(staff, WORDPRESS_PAGE)
    choices = review.find_all("input", attrs={"name": "items-0-licence"})
    assert "Own work" in [c["value"] for c in choices]
    assert not any(c.has_attr("checked") for c in choices)
    response = staff.post("/clinician/shelf/import/save", data=review_data(review, "publish"))
    summary = page_of(response).select_one(".error-summary")
    assert "Choose the licence or permission this article is shared under" in summary.get_text()
    assert db.session.scalar(select(func.count(Article.id))) == 0
    data = review_data(review, "publish", **{"items-0-licence": "CC BY 4.0"})
    result = page_of(staff.post("/clinician/shelf/import/save", data=data))
    assert result.select_one(".import-summary").get_text().startswith("1 imported;")
    article = db.session.scalar(select(Article))
    assert (article.licence, article.status) == ("CC BY 4.0", "published")
    footer = page_of(staff.get(f"/shelf/{article.slug}")).select_one(".shelf-source")
    assert "Licence: CC BY 4.0." in footer.get_text(" ", strip=True)


def test_a_pasted_seed_article_keeps_every_paragraph_for_review(staff, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        review = paste(staff, text)
        author = review.find("input", id="items-0-author")["value"]
        preview = review.select_one(".curation-preview .shelf-body")
        shown = [
            " ".join(tag.get_text(" ", strip=True).split())
            for tag in preview.find_all(["p", "h2", "h3", "h4", "li"])
            if tag.find_parent("li") is None
        ]
        assert shown == seed_paragraphs(text, author), path.name


def test_an_import_without_a_licence_does_not_claim_own_work(app, client):
    import_file("rest.txt", WORDPRESS_PAGE.encode(), True, [], None)
    db.session.commit()
    footer = page_of(client.get("/shelf/making-room-for-rest")).select_one(".shelf-source")
    text = footer.get_text(" ", strip=True)
    assert "Own work" not in text and "Licence: not stated." in text
