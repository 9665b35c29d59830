"""Importer fidelity on the original sample exports in tests/corpus: privacy and rich blocks."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import db
from portal.models import Article
from portal.shelf.importer import report
from portal.shelf.importer.save import import_file

CORPUS = Path(__file__).parent / "corpus"


def _import(app, name: str, publish: bool = True):
    """Import one corpus file and commit."""
    result = import_file(name, (CORPUS / name).read_bytes(), publish, [], None)
    db.session.commit()
    return result


def test_wordpress_private_and_protected_posts_are_never_public(app, client):
    result = _import(app, "wordpress_private_and_blocks.xml")
    status = {a.slug: a.status for a in db.session.scalars(select(Article))}
    assert status == {"small-steps": "published", "clients-only": "draft", "private-note": "draft"}
    assert client.get("/shelf/clients-only").status_code == 404
    assert client.get("/shelf/private-note").status_code == 404
    held = {s.article.slug: s.held for s in result.saved if s.held}
    assert held == {
        "clients-only": "it is password-protected on WordPress",
        "private-note": "it is private on WordPress",
    }
    assert report.summary([result]) == (
        "3 imported; 0 updated; 2 kept as drafts because they are not public at the source; "
        "1 draft and 1 page skipped; 1 image not imported (alt text kept)."
    )


def test_wordpress_blocks_keep_tables_captions_and_headings(app, client):
    _import(app, "wordpress_private_and_blocks.xml")
    page = BeautifulSoup(client.get("/shelf/small-steps").data, "html.parser")
    assert page.find("h1").get_text(strip=True) == "A week of small steps & kind words"
    body = page.select_one(".shelf-body") or page
    cells = [c.get_text(strip=True) for c in body.find_all(["th", "td"])]
    assert cells == ["Day", "Step", "Monday", "Drink water"]
    paragraphs = [p.get_text(" ", strip=True) for p in body.find_all("p")]
    assert "A plan for the week" in paragraphs
    assert "Image: A harbour at dusk. Evening light" in paragraphs
    assert [h.get_text(strip=True) for h in body.find_all("h4")] == ["A small heading"]


def test_reimport_matches_the_guid_not_the_title(app):
    _import(app, "wordpress_private_and_blocks.xml")
    again = _import(app, "wordpress_private_and_blocks.xml")
    assert [s.created for s in again.saved] == [False, False, False]
