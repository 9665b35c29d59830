"""Every kind of PDF the portal makes passes the structural PDF/UA-1 checker (tests/pdfua.py)."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pytest

from portal.db import db
from portal.handouts import service
from tests.fixtures_handouts import pdf_pages, pdf_text, qr_codes
from tests.pdfua import assert_pdfua
from tests.test_handouts_pdf import seed_articles  # noqa: F401  (fixture: the real blog texts)

RICH_BODY = """Some evenings ask for a plan. This one fits on a page, and *none of it is a test*.

## Three things to try

- Dim the lights an hour before bed.
- Write tomorrow's first task on paper, then close the notebook.
- Keep the phone in another room.

## A week at a glance

| Day | What to try |
| --- | --- |
| Monday | A ten minute walk after dinner |
| Tuesday | A warm drink without caffeine |

### Read more

The sleep hygiene notes from the practice's own reading list are at
[the long address of the practice's reading list about evenings and sleep](https://example.org/reading/evenings-and-sleep/a-very-long-path-that-wraps-onto-the-next-line).

1. Notice the first sign of tiredness.
2. Go to bed when it comes.
"""

KINDS = ["single", "large-print", "personal", "packet", "notes-page", "fillable"]


@pytest.fixture
def rich_article(make_article):
    """A demo-style article with lists, a table, a heading three and a link that wraps."""
    return make_article(
        "A steady evening, step by step",
        body_md=RICH_BODY,
        summary="A plan for calmer evenings.",
        prompts=["What helps you wind down?", "What gets in the way?"],
        author="Sam Okafor",
    )


def render_kind(kind: str, slugs: list[str]) -> bytes:
    """One kind of handout PDF through the real service."""
    options = {
        "single": {},
        "large-print": {"large_print": True},
        "personal": {"client_name": "Ami Solberg", "note": "For Tuesday.", "clinician": "Sam"},
        "packet": {"packet_title": "First session"},
        "notes-page": {"notes_page": True},
        "fillable": {"fillable": True, "notes_page": True, "large_print": True},
    }[kind]
    if kind == "packet":
        slugs = [*slugs, slugs[0] + "-second"]
    pdf, _ = service.render_handout(slugs, service.Options(**options))
    return pdf


@pytest.mark.parametrize("kind", KINDS)
def test_every_handout_kind_passes_the_pdfua_checker(app, make_article, rich_article, kind):
    make_article("Second article", body_md="Short and kind.", slug=rich_article.slug + "-second")
    assert_pdfua(render_kind(kind, [rich_article.slug]), kind)


def test_intake_summary_pdf_passes_the_pdfua_checker(client, signed_in_clinician, make_intake):
    intake = make_intake(urgent=True)
    response = client.get(f"/clinician/intakes/{intake.id}.pdf")
    assert response.status_code == 200
    assert_pdfua(response.data, "intake summary")


def test_seed_article_handout_passes_the_pdfua_checker(app, seed_articles):  # noqa: F811
    for article in seed_articles:
        for options in ({}, {"large_print": True}):
            pdf, _ = service.render_handout([article.slug], service.Options(**options))
            assert_pdfua(pdf, f"{article.title} {options}")


def sizes_and_fonts(pdf: bytes) -> list[tuple[float, str, str]]:
    """(font size in pt, font name, character) for every character pdfplumber finds."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            (round(c["size"], 1), c["fontname"], c["text"])
            for page in document.pages
            for c in page.chars
            if c["text"].strip()
        ]


def test_large_print_has_no_text_under_16_pt(app, rich_article):
    chars = sizes_and_fonts(render_kind("large-print", [rich_article.slug]))
    small = [(size, text) for size, _font, text in chars if size < 16]
    assert chars and small == [], "".join(t for _s, t in small)[:200]


def test_large_print_keeps_the_qr_code_with_its_caption_and_source(app, rich_article, tmp_path):
    pdf = render_kind("large-print", [rich_article.slug])
    pages = pdf_pages(pdf)
    with_qr = [n for n in range(1, len(pages) + 1) if qr_codes(pdf, tmp_path, n)]
    assert len(with_qr) == 1
    page = " ".join(pages[with_qr[0] - 1].split())
    assert "Read this article online" in page
    assert "By Sam Okafor. Source:" in page or "Source: Sam Okafor" in page


def test_markdown_italics_print_in_the_italic_face(app, rich_article):
    chars = sizes_and_fonts(render_kind("single", [rich_article.slug]))
    italic = "".join(text for _size, font, text in chars if "italic" in font.lower())
    assert "noneofitisatest" in italic


def test_handout_credits_the_author_and_names_the_revision(app, rich_article, clinician):
    from portal.shelf.service import save_article

    fields = {"title": rich_article.title, "body_md": RICH_BODY + "\nOne more line.\n"}
    fields |= {"status": "published", "topics": [], "summary": "A plan for calmer evenings."}
    fields |= {"author": "Sam Okafor", "prompts": ["What helps you wind down?"]}
    save_article(rich_article, fields, actor_id=None)
    db.session.commit()
    options = service.Options(clinician="Dr Lee Park")
    pdf, _ = service.render_handout([rich_article.slug], options)
    text = pdf_text(pdf)
    assert "By Sam Okafor" in text
    assert f"Revision {rich_article.revision} of this article" in text
    assert rich_article.revision == 2
    document = pikepdf.open(io.BytesIO(pdf))
    assert str(document.docinfo["/Author"]) == "Sam Okafor"


def test_urgent_help_is_body_text_once_per_packet(app, make_article, rich_article):
    make_article("Second article", body_md="Short and kind.", slug=rich_article.slug + "-second")
    pages = pdf_pages(render_kind("packet", [rich_article.slug]))
    line = "Not an emergency service."
    assert [page.count(line) for page in pages][:1] == [2]  # cover: body line and footer
    assert all(page.count(line) == 1 for page in pages[1:])  # elsewhere: the footer only


def test_fillable_worksheet_fields_fill_save_and_read_back(app, rich_article, tmp_path):
    from pypdf import PdfReader, PdfWriter

    options = service.Options(fillable=True, notes_page=True)
    pdf, _ = service.render_handout([rich_article.slug], options)
    assert_pdfua(pdf, "fillable")
    fields = PdfReader(io.BytesIO(pdf)).get_fields()
    slug = rich_article.slug
    names = [f"answer-{slug}-1", f"answer-{slug}-2", f"notes-{slug}"]
    assert sorted(fields) == sorted(names)
    assert fields[names[0]].get("/TU") == "What helps you wind down?"
    assert fields[names[2]].get("/TU") == "Notes"
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    answers = {names[0]: "A warm bath", names[1]: "My phone", names[2]: "Ask about sleep"}
    for page in writer.pages:
        writer.update_page_form_field_values(page, answers, auto_regenerate=False)
    path = tmp_path / "filled.pdf"
    writer.write(path)
    reopened = PdfReader(path).get_fields()
    assert {name: reopened[name].get("/V") for name in names} == answers


def test_fillable_is_a_cli_option(app, rich_article, tmp_path):
    from portal.handouts.commands import handout

    out = tmp_path / "worksheet.pdf"
    result = app.test_cli_runner().invoke(
        handout, [rich_article.slug, "-o", str(out), "--fillable"]
    )
    assert result.exit_code == 0, result.output
    document = pikepdf.open(out)
    assert len(document.Root.AcroForm.Fields) == 2
