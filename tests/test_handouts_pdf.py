"""The printed handout: text, outline, tagging, QR code, page fit and packet contents."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

from portal.db import db
from portal.handouts import service
from portal.models import AuditEvent, Practice
from tests.fixtures_handouts import PROMPTS, pdf_outline, pdf_pages, pdf_text, qr_codes


def render(slugs, **options) -> bytes:
    """PDF bytes for these slugs through the real service."""
    pdf, _ = service.render_handout(list(slugs), service.Options(**options))
    return pdf


def test_handout_text_has_title_practice_pages_source_and_urgent_help(app, handout_article):
    text = pdf_text(render([handout_article.slug]))
    assert "Slowing down on hard days" in text
    assert "A short practice for days that feel too fast." in text
    assert "Our practice" in text
    assert re.search(r"Page 1 of [12]\b", text)
    assert "Source: Dr Robin Hale, localhost/shelf/slowing-down-on-hard-days" in text
    assert "Not an emergency service. If you need help now: Emergency services: 911" in text
    assert "Given by Our practice on" in text
    for prompt in PROMPTS:
        assert prompt in text


def test_handout_outline_matches_the_headings(app, handout_article):
    outline = pdf_outline(render([handout_article.slug]))
    assert outline == [
        "Slowing down on hard days",
        "Notice what is here",
        "Try one small step",
        "Questions to reflect on",
    ]


def test_handout_is_tagged_pdf_ua_with_language_and_metadata(app, handout_article):
    pdf = pikepdf.open(io.BytesIO(render([handout_article.slug])))
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) is True
    assert "/StructTreeRoot" in root
    assert str(root.Lang) == "en"
    xmp = bytes(root.Metadata.read_bytes()).decode()
    assert "pdfuaid:part" in xmp and "1" in xmp.split("pdfuaid:part")[1][:5]
    info = pdf.docinfo
    assert str(info["/Title"]) == "Slowing down on hard days"
    assert str(info["/Author"]) == "Dr Robin Hale"  # who wrote it, not who printed it
    assert str(info["/Subject"]) == "A short practice for days that feel too fast."


def test_handout_qr_code_opens_the_online_article(app, handout_article, tmp_path):
    pdf = render([handout_article.slug])
    pages = len(pdf_pages(pdf))
    found = [code for page in range(1, pages + 1) for code in qr_codes(pdf, tmp_path, page)]
    assert found == ["http://localhost/shelf/slowing-down-on-hard-days"]
    assert "localhost/shelf/slowing-down-on-hard-days" in pdf_text(pdf)


def test_personal_handout_shows_name_and_note_is_never_cached_and_is_audited(
    app, handout_article, clinician
):
    options = {"client_name": "Ami Solberg", "note": "Try this before Tuesday.", "clinician": "Sam"}
    pdf, _ = service.render_handout(
        [handout_article.slug], service.Options(**options), clinician.id
    )
    db.session.commit()
    text = pdf_text(pdf)
    assert "For: Ami Solberg" in text
    assert "A note from Sam" in text and "Try this before Tuesday." in text
    cache = app.config["HANDOUT_CACHE_DIR"]
    assert not list(__import__("pathlib").Path(cache).glob("*.pdf"))
    event = db.session.query(AuditEvent).filter_by(action="handout.print_personal").one()
    assert event.actor_id == clinician.id
    assert event.detail == {"article_ids": [handout_article.id]}
    assert "Ami" not in str(event.detail) and "Tuesday" not in str(event.detail)


def test_large_print_and_a4_change_the_page(app, handout_article):
    normal = pikepdf.open(io.BytesIO(render([handout_article.slug])))
    a4_large = pikepdf.open(
        io.BytesIO(render([handout_article.slug], paper="a4", large_print=True))
    )
    assert [round(float(v)) for v in normal.pages[0].MediaBox][2:] == [612, 792]
    assert [round(float(v)) for v in a4_large.pages[0].MediaBox][2:] == [595, 842]
    assert len(a4_large.pages) >= len(normal.pages)


def test_paper_defaults_to_the_practice_setting(app, handout_article):
    db.session.add(Practice(name="Birch Street Therapy", paper="a4", urgent_help=[]))
    db.session.commit()
    pdf = pikepdf.open(io.BytesIO(render([handout_article.slug])))
    assert [round(float(v)) for v in pdf.pages[0].MediaBox][2:] == [595, 842]
    assert "Birch Street Therapy" in pdf_text(render([handout_article.slug]))


def test_notes_page_adds_a_page_headed_notes(app, handout_article):
    pages = pdf_pages(render([handout_article.slug], notes_page=True))
    assert pages[-1].split()[:1] == ["Our"]
    assert "Notes" in pages[-1]
    assert "Notes" not in pages[0]


def test_packet_contents_list_the_right_page_numbers(app, make_article):
    long_body = "\n\n".join(f"Paragraph {n} about resting and noticing." * 6 for n in range(40))
    slugs = [
        make_article("Breathing slowly", body_md=long_body).slug,
        make_article("Kind words", body_md="Short and sweet.").slug,
        make_article("Sleep and worry", body_md=long_body).slug,
    ]
    pdf = render(slugs, packet_title="First session", client_name="Jo")
    pages = pdf_pages(pdf)
    starts = {}
    for number, page in enumerate(pages, start=1):
        for title in ("Breathing slowly", "Kind words", "Sleep and worry"):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            if title not in starts and title in lines[1:3]:
                starts[title] = number
    contents = " ".join(pages[0].split())
    assert "First session" in contents and "For: Jo" in contents
    for title, number in starts.items():
        assert re.search(rf"\d\. {title} page {number}\b", contents), (title, number, contents)
    assert list(starts.values()) == sorted(starts.values()) and len(starts) == 3
    assert pdf_outline(pdf)[:2] == ["First session", "Contents"]
    assert {"Breathing slowly", "Kind words", "Sleep and worry"} <= set(pdf_outline(pdf))


@pytest.fixture
def seed_articles(app, make_article, seeds_dir):
    """Each real blog text on the shelf: through the importer when present, else as paragraphs."""
    try:
        from portal.shelf.importer import parse_upload
    except ImportError:
        parse_upload = None
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        if parse_upload is not None:
            parsed = parse_upload(path.name, path.read_bytes())[0]
            articles.append(make_article(**parsed.fields()))
            continue
        lines = [line.strip() for line in path.read_text().splitlines()]
        title, body = lines[0], "\n\n".join(line for line in lines[1:] if line)
        articles.append(make_article(title, body_md=body, summary=""))
    return articles


def test_each_seed_article_fits_two_letter_pages(app, seed_articles):
    for article in seed_articles:
        pdf = render([article.slug], paper="letter")
        pages = pdf_pages(pdf)
        Path(app.instance_path, f"seed-{article.id}.pdf").write_bytes(pdf)
        assert 1 <= len(pages) <= 2, (article.title, len(pages))
        assert article.title in " ".join(pages[0].split())


def test_handout_is_dated_by_the_practice_clock_not_utc(app, handout_article, time_machine):
    """At 9 pm in New York it is already tomorrow in UTC; the handout keeps today's date."""
    practice = db.session.scalars(db.select(Practice)).first()
    if practice is None:
        from portal.practice import default_practice

        practice = default_practice()
        db.session.add(practice)
    practice.country, practice.time_zone = "US", "America/New_York"
    db.session.commit()
    time_machine.move_to("2026-12-03 02:00:00", tick=False)
    text = pdf_text(render([handout_article.slug]))
    assert "Given by Our practice on 2 December 2026." in text
