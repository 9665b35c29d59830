"""The importer: pasted blog text, Markdown, HTML, WordPress exports, bad files, and the CLI."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.db import db
from portal.models import Article
from portal.shelf.importer import ImportProblem, parse_upload
from portal.shelf.importer.save import import_file
from portal.shelf.markdown import render
from tests.test_shelf_importer_formats import reader
from tests.test_shelf_pages import XSS_MARKDOWN, assert_inert

WORDPRESS_PAGE = """Making room for rest

Posted on 3 March 2025 by Jordan Ellis

Rest can feel like something we have to earn first.

Why rest feels hard

Many of us learned early that being busy kept us safe. Slowing down can stir up guilt.

Small ways to begin
• Sit for two minutes after a meal.
• Put the phone in another room.
• Say no to one thing this week.

Be patient with the guilt. It fades when it is met with kindness.

Share this:
Twitter
Facebook
Like this:
Like Loading...

Related

Previous post
When the holidays are heavy

Next post
Asking for help at work

Jordan Ellis is a licensed therapist who writes about burnout and rest. Sign up for my \
newsletter to get new posts by email.

Leave a Reply
Your email address will not be published. Required fields are marked *
Comment *
Name *
"""

BLOGGER_PAGE = """Three breaths before a hard conversation

By Priya Raman

Before you walk into the room, stop.

1. Breathe in through the nose.
2. Breathe out slowly.
3. Name one thing you want the other person to know.

It will not make the talk easy. It can make it kinder.

Posted by Priya Raman at 9:14 AM
Email This
Share to X
Newer Post Older Post Home
Subscribe to: Post Comments (Atom)
"""

SUBSTACK_PAGE = """Notes on loneliness

Loneliness is not a flaw in you. It is a signal, like hunger.

Type your email…
Subscribe

What the signal asks for

It asks for contact that feels safe, even if it is small: a message, a walk, a shared meal.

Thanks for reading Quiet Rooms! Subscribe for free to receive new posts and support my work.

Share

12 Comments
"""

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Quiet Rooms</title>
  <wp:author><wp:author_login>jordan</wp:author_login>
    <wp:author_display_name><![CDATA[Jordan Ellis]]></wp:author_display_name></wp:author>
  <item>
    <title>Finding your feet after a move</title>
    <link>https://quietrooms.example/2024/05/finding-your-feet/</link>
    <pubDate>Mon, 06 May 2024 09:00:00 +0000</pubDate>
    <dc:creator><![CDATA[jordan]]></dc:creator>
    <content:encoded><![CDATA[<!-- wp:paragraph --><p>A new place can make everything feel
unfamiliar.</p><!-- /wp:paragraph --><h2>Start with one routine</h2>
<p>Find one <strong>small</strong> habit that travels with you.</p>
<ul><li>a morning walk</li><li>a regular call home</li></ul>]]></content:encoded>
    <excerpt:encoded><![CDATA[Settling in takes longer than we expect.]]></excerpt:encoded>
    <wp:post_name><![CDATA[finding-your-feet]]></wp:post_name>
    <wp:post_date_gmt><![CDATA[2024-05-06 09:00:00]]></wp:post_date_gmt>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category" nicename="change"><![CDATA[Change]]></category>
    <category domain="post_tag" nicename="moving"><![CDATA[moving]]></category>
  </item>
  <item>
    <title>Plain paragraphs</title>
    <link>https://quietrooms.example/2024/06/plain/</link>
    <dc:creator><![CDATA[jordan]]></dc:creator>
    <content:encoded><![CDATA[First paragraph without tags.

Second paragraph, also plain.]]></content:encoded>
    <wp:post_name><![CDATA[plain-paragraphs]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category"><![CDATA[Uncategorized]]></category>
  </item>
  <item><title>About us</title><wp:post_name>about</wp:post_name>
    <content:encoded><![CDATA[<p>Page</p>]]></content:encoded>
    <wp:status>publish</wp:status><wp:post_type>page</wp:post_type></item>
  <item><title>An unfinished post</title><wp:post_name>unfinished</wp:post_name>
    <content:encoded><![CDATA[<p>Draft</p>]]></content:encoded>
    <wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
  <item><title>photo.jpg</title><wp:post_name>photo</wp:post_name>
    <wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type></item>
</channel>
</rss>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&secret;</title></item></channel></rss>"""


def one(name: str, text: str | bytes):
    """Parse a single-article file."""
    data = text.encode() if isinstance(text, str) else text
    articles = parse_upload(name, data)
    assert len(articles) == 1
    return articles[0]


def body_lines(article) -> list[str]:
    """Non-blank Markdown lines of a parsed body."""
    return [line for line in article.body_md.splitlines() if line.strip()]


def test_txt_from_wordpress_keeps_the_article_and_drops_the_page():
    article = one("rest.txt", WORDPRESS_PAGE)
    assert article.title == "Making room for rest"
    assert article.author == "Jordan Ellis"
    assert (
        article.author_bio
        == "Jordan Ellis is a licensed therapist who writes about burnout and rest."
    )
    assert article.summary == "Rest can feel like something we have to earn first."
    assert article.summary_from_body
    assert body_lines(article) == [
        "Rest can feel like something we have to earn first.",
        "## Why rest feels hard",
        "Many of us learned early that being busy kept us safe. Slowing down can stir up guilt.",
        "## Small ways to begin",
        "- Sit for two minutes after a meal.",
        "- Put the phone in another room.",
        "- Say no to one thing this week.",
        "Be patient with the guilt. It fades when it is met with kindness.",
    ]


def test_txt_from_blogger_keeps_numbered_list_and_byline_author():
    article = one("breaths.txt", BLOGGER_PAGE)
    assert article.author == "Priya Raman"
    assert article.summary == "Before you walk into the room, stop."
    assert body_lines(article) == [
        "Before you walk into the room, stop.",
        "1. Breathe in through the nose.",
        "2. Breathe out slowly.",
        "3. Name one thing you want the other person to know.",
        "It will not make the talk easy. It can make it kinder.",
    ]


def test_txt_from_substack_drops_subscribe_and_share_lines():
    article = one("lonely.txt", SUBSTACK_PAGE)
    assert article.summary == "Loneliness is not a flaw in you. It is a signal, like hunger."
    assert body_lines(article) == [
        "Loneliness is not a flaw in you. It is a signal, like hunger.",
        "## What the signal asks for",
        "It asks for contact that feels safe, even if it is small: a message, a walk, "
        "a shared meal.",
    ]


def test_txt_escapes_markdown_characters_in_plain_text():
    text = "Odd title\n\nA standfirst.\n\n1986. A year I remember.\n\n# not a heading *really*\n"
    article = one("odd.txt", text)
    html = BeautifulSoup(render(article.body_md), "html.parser")
    assert [p.get_text() for p in html.find_all("p")] == [
        "A standfirst.",
        "1986. A year I remember.",
        "# not a heading *really*",
    ]
    assert not html.find_all(["ol", "h1", "em"])


def test_seed_texts_come_out_as_clean_articles(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        article = one(path.name, path.read_bytes())
        raw_lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        assert article.title == raw_lines[0]
        body = article.body_md
        for furniture in ("Previous", "Next", "Leave a Reply", "Subscribe", "Follow on", "Share"):
            assert not any(line.strip().startswith(furniture) for line in body.splitlines()), (
                path.name,
                furniture,
            )
        assert "Instagram" not in body and "newsletter" not in body
        bullets = [x for x in raw_lines if x.startswith("•")]
        assert len([x for x in body.splitlines() if x.startswith("- ")]) == len(bullets)


def seed_paragraphs(text: str, author: str) -> list[str]:
    """What a reader must find of a seed article, in order: every paragraph, heading and item.

    The article is every block after the title up to the page's previous/next links or the
    closing biography (which starts with the author's name); bullets are list items.
    """
    blocks = [b for b in (x.strip() for x in text.split("\n\n")) if b][1:]
    expected = []
    for block in blocks:
        lines = [x.strip() for x in block.splitlines() if x.strip()]
        if lines[0] in ("Previous", "Next") or (author and lines[0].startswith(author)):
            break
        if all(x.startswith("•") for x in lines):
            expected += [x.lstrip("• ").strip() for x in lines]
        else:
            expected.append(" ".join(lines))
    return expected


def test_seed_texts_import_faithfully_on_the_public_page(app, client, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        result = import_file(path.name, path.read_bytes(), True, [], None)
        db.session.commit()
        article = result.saved[0].article
        page = reader(client, article.slug)
        expected = seed_paragraphs(path.read_text(encoding="utf-8"), article.author)
        assert len(expected) >= 8, path.name
        assert [text for _, text in page["blocks"]] == expected, path.name
        assert page["lead"] == "", path.name  # the opening paragraph is not shown twice


def test_seed_with_headings_and_lists(seeds_dir):
    path = seeds_dir / "000_05ec866fcbbe9f7b.txt"
    if not path.exists():
        pytest.skip("seed 000 is not present")
    article = one(path.name, path.read_bytes())
    headings = [x for x in article.body_md.splitlines() if x.startswith("## ")]
    assert len(headings) == 4
    assert headings[0] == "## When Healing Becomes a Performance"
    assert article.body_md.count("\n- ") == 8
    assert article.author == ""
    assert article.summary == "You don’t have to become better to be worthy of healing."
    assert article.body_md.startswith("You don’t have to") and article.summary_from_body


def test_seed_with_closing_biography_names_the_author(seeds_dir):
    path = seeds_dir / "002_63dec41bdb3ffe9f.txt"
    if not path.exists():
        pytest.skip("seed 002 is not present")
    article = one(path.name, path.read_bytes())
    assert article.author == "Amber Wardell"
    assert article.author_bio.startswith("Amber Wardell is a doctor of psychology")
    assert "Subscribe" not in article.author_bio
    assert "Amber Wardell" not in article.body_md
    assert "##" not in article.body_md


def test_markdown_front_matter_fills_the_fields():
    text = """---
title: Naming feelings
summary: A short guide to putting words to what you feel.
topics: [Emotions, Self-compassion]
author: Sam Okafor
source_url: https://example.org/naming
prompts:
  - What did you feel this morning?
---
Naming a feeling can *soften* it.
"""
    article = one("naming.md", text)
    assert (article.title, article.author, article.source_url) == (
        "Naming feelings",
        "Sam Okafor",
        "https://example.org/naming",
    )
    assert article.topics == ["Emotions", "Self-compassion"]
    assert article.prompts == ["What did you feel this morning?"]
    assert article.body_md.strip() == "Naming a feeling can *soften* it."


def test_markdown_without_front_matter_takes_the_first_heading():
    article = one("plain.md", "# A title here\n\nBody text.\n")
    assert article.title == "A title here" and article.body_md.strip() == "Body text."


def test_markdown_with_bad_front_matter_says_where():
    with pytest.raises(ImportProblem, match="bad.md: the front matter .* not valid YAML"):
        parse_upload("bad.md", b"---\ntitle: [unclosed\n---\nBody\n")


def test_markdown_front_matter_refuses_unsafe_source_links():
    article = one("x.md", "---\ntitle: T\nsource_url: javascript:alert(1)\n---\nBody\n")
    assert article.source_url == ""


def test_html_takes_the_article_and_leaves_the_page():
    page = """<html><head><title>Site name</title><meta name="author" content="Robin Hale">
    <link rel="canonical" href="https://willowlane.example/boundaries"></head><body>
    <nav><a href="/">Home</a></nav>
    <article><h1>Gentle boundaries</h1><p>A boundary tells people how to treat you.</p>
    <h2>Start small</h2><ul><li>Say no once</li><li>Notice how it feels</li></ul>
    <div class="sharedaddy">Share this: Twitter Facebook</div>
    <div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>
    </article><footer>Copyright</footer></body></html>"""
    article = one("boundaries.html", page)
    assert article.title == "Gentle boundaries"
    assert article.author == "Robin Hale"
    assert article.source_url == "https://willowlane.example/boundaries"
    assert body_lines(article) == [
        "A boundary tells people how to treat you.",
        "## Start small",
        "- Say no once",
        "- Notice how it feels",
    ]


def test_wxr_imports_published_posts_only(app):
    articles = parse_upload("export.xml", WXR.encode())
    assert [a.title for a in articles] == ["Finding your feet after a move", "Plain paragraphs"]
    first, second = articles
    assert first.slug == "finding-your-feet"
    assert first.topics == ["Change"]
    assert first.author == "Jordan Ellis"
    assert first.summary == "Settling in takes longer than we expect."
    assert first.source_url == "https://quietrooms.example/2024/05/finding-your-feet/"
    assert first.published_at.isoformat() == "2024-05-06T09:00:00"
    assert "## Start with one routine" in first.body_md and "- a morning walk" in first.body_md
    assert second.topics == []
    assert body_lines(second) == ["First paragraph without tags.", "Second paragraph, also plain."]


def test_wxr_reimport_updates_and_never_duplicates(app):
    first = import_file("export.xml", WXR.encode(), True, [], None)
    db.session.commit()
    assert [s.created for s in first.saved] == [True, True]
    changed = WXR.replace("Find one <strong>small</strong> habit", "Find one steady habit")
    second = import_file("export.xml", changed.encode(), True, [], None)
    db.session.commit()
    assert [s.created for s in second.saved] == [False, False]
    assert db.session.scalar(select(func.count(Article.id))) == 2
    article = db.session.scalar(select(Article).where(Article.slug == "finding-your-feet"))
    assert "steady habit" in article.body_md
    assert article.status == "published" and article.revision == 2
    assert article.published_at.year == 2024


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("blank.md", b"  \n\n ", "blank.md: the file is empty"),
        ("scan.txt", b"%PDF-1.7\n\x00\x01binary", "scan.txt: this is not a text file"),
        ("noise.html", bytes(range(256)) * 4, "noise.html: this is not a text file"),
        ("odd.txt", b"Title\n\nSome \x81 text", "odd.txt: the text could not be read"),
        ("huge.txt", b"word " * (2 * 1024 * 1024 + 10), "huge.txt: the file is 10.0 MB"),
        ("broken.xml", b"<rss><channel><item><title>Half", "broken.xml: the XML is damaged"),
        ("feed.xml", b"<html><body>not an export</body></html>", "not a WordPress export"),
        ("bomb.xml", BILLION_LAUGHS.encode(), "bomb.xml: the file declares XML entities"),
        ("xxe.xml", EXTERNAL_ENTITY.encode(), "xxe.xml: the file declares XML entities"),
        ("notes.docx", b"PK\x03\x04", "notes.docx: the importer reads .txt, .md, .html"),
    ],
)
def test_bad_files_get_a_clear_message(name, data, message):
    with pytest.raises(ImportProblem) as problem:
        parse_upload(name, data)
    assert str(problem.value).startswith(message) or message in str(problem.value)


def test_windows_1252_text_is_read():
    text = "Caf\xe9 thoughts\n\nIt\x92s fine to rest.\n\nA second \x93quoted\x94 part.\n"
    article = one("old.txt", text.encode("latin-1"))
    assert article.title == "Café thoughts"
    assert article.summary == "It’s fine to rest."
    assert "A second “quoted” part." in article.body_md


def test_a_bad_item_is_skipped_with_its_reason_and_the_rest_import(app):
    too_long = WXR.replace("Second paragraph, also plain.", "x " * 110_000)
    result = import_file("export.xml", too_long.encode(), False, [], None)
    db.session.commit()
    assert [s.article.title for s in result.saved] == ["Finding your feet after a move"]
    reasons = {item.label: item.reason for item in result.skipped}
    assert reasons["Plain paragraphs"].startswith("its text is too long (220,")
    assert db.session.scalar(select(func.count(Article.id))) == 1


def test_a_damaged_file_saves_nothing(app):
    result = import_file("export.xml", WXR[:-300].encode(), True, [], None)
    db.session.commit()
    assert "the end of the file is missing, so export it again from WordPress" in result.error
    assert db.session.scalar(select(func.count(Article.id))) == 0


@pytest.mark.parametrize("payload", XSS_MARKDOWN)
def test_markdown_import_never_lets_script_through(app, payload):
    body = f"# Title\n\nBefore.\n\n{payload}\n"  # some payloads leave no text of their own
    result = import_file("x.md", body.encode(), True, [], None)
    db.session.commit()
    assert_inert(result.saved[0].article.body_html)


def test_html_import_strips_every_xss_vector(app):
    page = """<article><h1>Careful</h1><p>Safe text.</p>
    <script>alert(1)</script><iframe src="https://evil.example"></iframe>
    <svg onload="alert(1)"><circle/></svg><img src="x" onerror="alert(1)">
    <p><a href="javascript:alert(1)">one</a> <a href="JaVaScRiPt:alert(1)">two</a>
    <a href="java&#x09;script:alert(1)">three</a> <a href="&#106;avascript:alert(1)">four</a>
    <a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">five</a>
    <a href="https://ok.example" onclick="alert(1)">ok</a></p></article>"""
    result = import_file("page.html", page.encode(), True, [], None)
    db.session.commit()
    article = result.saved[0].article
    assert_inert(article.body_html)
    assert "javascript" not in article.body_md.lower() and "data:" not in article.body_md
    assert "[ok](https://ok.example)" in article.body_md


def test_cli_import_prints_one_line_per_article(app, tmp_path):
    (tmp_path / "rest.txt").write_text(WORDPRESS_PAGE, encoding="utf-8")
    (tmp_path / "export.xml").write_text(WXR, encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["import", str(tmp_path / "rest.txt"), str(tmp_path / "export.xml"),
              str(tmp_path / "empty.md"), "--publish", "--topic", "Rest"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines == [
        "making-room-for-rest  Making room for rest",
        "finding-your-feet  Finding your feet after a move",
        "plain-paragraphs  Plain paragraphs",
    ]
    assert "Error: empty.md: the file is empty" in result.stderr
    article = db.session.scalar(select(Article).where(Article.slug == "making-room-for-rest"))
    assert article.status == "published"
    assert [t.name for t in article.topics] == ["Rest"]


def test_cli_import_fails_when_nothing_was_imported(app, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["import", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "Error: nothing was imported." in result.stderr
    assert db.session.scalar(select(func.count(Article.id))) == 0


def test_cli_import_of_drafts_then_again_updates(app, tmp_path):
    path = tmp_path / "rest.txt"
    path.write_text(WORDPRESS_PAGE, encoding="utf-8")
    runner = app.test_cli_runner()
    runner.invoke(args=["import", str(path), "--topic", "Rest"])
    again = runner.invoke(args=["import", str(path)])
    assert again.stdout.strip() == "making-room-for-rest  Making room for rest  (updated)"
    article = db.session.scalar(select(Article))
    assert article.status == "draft" and [t.name for t in article.topics] == ["Rest"]
