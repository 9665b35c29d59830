"""Public shelf pages: browsing, topics, search results, the article page, drafts and archives."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.db import db
from portal.shelf import service

XSS_MARKDOWN = [
    "<script>alert('x')</script>",
    "<iframe src='https://evil.example/'></iframe>",
    "<svg onload=alert(1)></svg>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;vascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "![x](https://tracker.example/pixel.png)",
    "<a href='javascript:alert(1)'>click</a>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<form action="https://evil.example"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<object data='x.swf'></object>",
]


def soup(response) -> BeautifulSoup:
    """Parse a page."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def assert_inert(html: str) -> None:
    """No executable or embedding markup survives in an article body."""
    body = BeautifulSoup(html, "html.parser")
    assert not body.find_all(
        ["script", "iframe", "svg", "object", "embed", "form", "meta", "style"]
    )
    for tag in body.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            assert name != "style", tag
            if name in ("href", "src"):
                assert str(value).lower().startswith(("http://", "https://", "mailto:", "/")), tag
                assert not str(value).startswith("//"), tag
        if tag.name == "img":
            assert tag["src"].startswith("/static/uploads/"), tag


def test_shelf_lists_published_articles_with_topics_and_reading_time(client, make_article):
    make_article("Calm mornings", summary="Start the day slowly.", topics=["Sleep"])
    make_article("Unfinished idea", status="draft")
    page = soup(client.get("/shelf/"))
    cards = [c.find("h3").get_text(strip=True) for c in page.select(".shelf-results .card")]
    assert cards == ["Calm mornings"]
    assert "Start the day slowly." in page.get_text()
    assert "1 min read · Sleep" in page.select_one(".shelf-card-meta").get_text(" ", strip=True)
    assert [a.get_text(" ", strip=True) for a in page.select(".shelf-topics a")] == [
        "All topics",
        "Sleep (1)",
    ]


def test_shelf_topic_filter_shows_only_that_topic(client, make_article):
    make_article("Grief and the holidays", topics=["Grief"])
    make_article("Breathing for panic", topics=["Anxiety"])
    page = soup(client.get("/shelf/?topic=grief"))
    assert page.find("h1").get_text(strip=True) == "Resources on grief"
    assert [h.get_text(strip=True) for h in page.select(".card h3")] == ["Grief and the holidays"]
    assert page.select_one(".shelf-topics a[aria-current=page]").get_text(" ", strip=True) == (
        "Grief (1)"
    )


def test_shelf_search_shows_ranked_results_with_highlights(client, make_article):
    make_article("Sleep, gently", body_md="Ways to rest.")
    make_article("Evenings", body_md="When sleep will not come, get up for a while.")
    page = soup(client.get("/shelf/?q=sleep"))
    assert [h.get_text(strip=True) for h in page.select(".card h3")] == [
        "Sleep, gently",
        "Evenings",
    ]
    assert "2 articles match “sleep”." in page.select_one("[role=status]").get_text()
    assert page.select_one(".card:nth-of-type(2) mark").get_text() == "sleep"
    assert page.find("input", id="q")["value"] == "sleep"


def test_shelf_search_with_no_results_helps(client, make_article):
    make_article("Sleep, gently")
    page = soup(client.get("/shelf/?q=volcano"))
    text = page.get_text(" ", strip=True)
    assert "No articles match “volcano”." in text
    assert "check the spelling" in text
    assert page.find("a", string="browse all the resources")["href"] == "/shelf/"


def test_empty_shelf_says_it_is_being_filled(client):
    text = soup(client.get("/shelf/")).get_text(" ", strip=True)
    assert "There are no articles here yet." in text


def test_shelf_paginates_with_previous_and_next(client, make_article):
    for number in range(14):
        make_article(f"Piece {number:02d}")
    first = soup(client.get("/shelf/"))
    assert len(first.select(".card")) == 12
    assert first.find("a", rel="next")["href"] == "/shelf/?page=2"
    second = soup(client.get("/shelf/?page=2"))
    assert len(second.select(".card")) == 2
    assert "Page 2 of 2" in second.get_text()


def test_article_page_shows_everything_a_reader_needs(client, make_article):
    article = make_article(
        "Speaking kindly to yourself",
        body_md="## Notice the tone\n\nBe gentle.\n\n- one\n- two",
        summary="Why the inner voice matters.",
        topics=["Self-compassion"],
        prompts=["What did the voice say today?", "What would a friend say?"],
        author="Robin Hale",
        source_name="Willow Lane blog",
        source_url="https://willowlane.example/kind",
        licence="CC BY 4.0",
    )
    make_article("Another kind piece", topics=["Self-compassion"])
    page = soup(client.get(f"/shelf/{article.slug}"))
    text = page.get_text(" ", strip=True)
    assert page.find("h1").get_text() == "Speaking kindly to yourself"
    assert page.select_one(".shelf-body h2").get_text() == "Notice the tone"
    assert [li.get_text() for li in page.select(".shelf-prompts li")] == [
        "What did the voice say today?",
        "What would a friend say?",
    ]
    assert "1 min read" in text and "Written by Robin Hale." in text
    assert "Licence: CC BY 4.0." in text
    assert page.find("a", string="Willow Lane blog")["href"] == "https://willowlane.example/kind"
    assert page.select_one(".shelf-related h3").get_text(strip=True) == "Another kind piece"


def test_article_page_links_the_handout_when_printing_exists(app, client, make_article):
    article = make_article("Printable")
    page = soup(client.get(f"/shelf/{article.slug}"))
    links = [a for a in page.find_all("a") if "Print this handout" in a.get_text()]
    link = links[0] if links else None
    if "handout_files.article_pdf" in app.view_functions:
        assert link["href"] == f"/shelf/{article.slug}/handout.pdf"
    else:
        assert link is None


def test_drafts_are_not_found(client, make_article):
    draft = make_article("Work in progress", status="draft")
    assert client.get(f"/shelf/{draft.slug}").status_code == 404
    assert client.get("/shelf/no-such-article").status_code == 404
    assert "Work in progress" not in client.get("/shelf/?q=progress").get_data(as_text=True)


def test_archived_article_says_so_and_points_to_its_replacement(client, make_article):
    old = make_article("Old advice on sleep")
    new = make_article("Better sleep")
    service.set_status(old, "archived", None, replacement=new)
    db.session.commit()
    page = soup(client.get(f"/shelf/{old.slug}"))
    notice = page.select_one(".shelf-archived").get_text(" ", strip=True)
    assert "This article has been archived." in notice
    assert page.select_one(".shelf-archived a")["href"] == f"/shelf/{new.slug}"
    assert "Old advice" not in soup(client.get("/shelf/")).select_one(".shelf-results").get_text()


def test_article_text_is_escaped_outside_the_body(client, make_article):
    article = make_article(
        "<b>Bold</b> title", summary="<script>alert(1)</script>", prompts=["<i>why</i>"]
    )
    html = client.get(f"/shelf/{article.slug}").get_data(as_text=True)
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in html
    assert "<script>alert(1)</script>" not in html and "<i>why</i>" not in html


@pytest.mark.parametrize("payload", XSS_MARKDOWN)
def test_markdown_xss_never_reaches_the_page(client, make_article, payload):
    article = make_article(
        "Careful", body_md=f"Before.\n\n{payload}\n\nAfter [ok](https://ok.example)."
    )
    assert_inert(article.body_html)
    page = soup(client.get(f"/shelf/{article.slug}"))
    assert_inert(str(page.select_one(".shelf-body")))
    assert page.find("a", string="ok")["href"] == "https://ok.example"


def test_markdown_keeps_safe_links_and_uploaded_images(make_article):
    article = make_article(
        "Links",
        body_md="[a](https://a.example) [b](mailto:hi@example.org) [c](/shelf/x) "
        "[d](//evil.example) ![pic](/static/uploads/tree.png)",
    )
    page = BeautifulSoup(article.body_html, "html.parser")
    assert [a.get("href") for a in page.find_all("a")] == [
        "https://a.example",
        "mailto:hi@example.org",
        "/shelf/x",
        None,
    ]
    assert page.find("img")["src"] == "/static/uploads/tree.png"
