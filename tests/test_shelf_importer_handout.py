"""An imported article's handout: a summary drawn from the body is not printed twice."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from sqlalchemy import select

from portal.db import db
from portal.handouts import service
from portal.models import Article
from portal.shelf.importer.save import import_file
from portal.shelf.service import save_article
from tests.fixtures_handouts import pdf_text
from tests.test_shelf_importer import WORDPRESS_PAGE

OPENING = "Rest can feel like something we have to earn first."


def handout_text(slug: str) -> str:
    """The printed handout's text."""
    pdf, _ = service.render_handout([slug], service.Options())
    return pdf_text(pdf)


def test_a_lead_drawn_from_the_body_is_printed_once(app):
    import_file("rest.txt", WORDPRESS_PAGE.encode(), True, [], None)
    db.session.commit()
    article = db.session.scalar(select(Article))
    assert article.summary == OPENING and article.is_summary_from_body
    text = handout_text(article.slug)
    assert text.count(OPENING) == 1
    assert text.index(OPENING) < text.index("Why rest feels hard")


def test_a_summary_the_source_wrote_is_still_printed(app):
    markdown = "---\ntitle: Rest\ndescription: Why rest is allowed.\n---\n" + OPENING + "\n"
    import_file("rest.md", markdown.encode(), True, [], None)
    db.session.commit()
    text = handout_text("rest")
    assert text.count("Why rest is allowed.") == 1 and text.count(OPENING) == 1


def test_a_pasted_seed_article_prints_its_first_paragraph_once(app, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        result = import_file(path.name, path.read_bytes(), True, [], None)
        db.session.commit()
        article = result.saved[0].article
        first = next(b for b in article.body_md.split("\n\n") if not b.startswith("#"))
        sentence = " ".join(first.split())[:60]
        assert handout_text(article.slug).count(sentence) == 1, path.name


def test_a_summary_edited_after_import_is_printed(app):
    import_file("rest.txt", WORDPRESS_PAGE.encode(), True, [], None)
    db.session.commit()
    article = db.session.scalar(select(Article))
    save_article(article, {"summary": "A note on letting yourself rest."}, None)
    db.session.commit()
    text = handout_text(article.slug)
    assert text.count("A note on letting yourself rest.") == 1 and text.count(OPENING) == 1


def test_an_imported_title_with_html_is_plain_in_the_pdf_with_its_author(app):
    export = Path(__file__).parent / "corpus" / "wordpress_classic_and_shortcodes.xml"
    import_file("export.xml", export.read_bytes(), True, [], None)
    db.session.commit()
    pdf, _ = service.render_handout(["worry-named"], service.Options())
    with pikepdf.open(io.BytesIO(pdf)) as document:
        info = (str(document.docinfo["/Title"]), str(document.docinfo["/Author"]))
    assert info == ("Worry, named & tamed", "Avery Quinn")
    text = pdf_text(pdf)
    assert text.startswith("Our practice Worry, named & tamed By Avery Quinn")
    assert "<em>" not in text and "&amp;" not in text
    assert "Source: Still Water Counselling, https://stillwater.example/worry-named/" in text
