"""A handout speaks its article's language: Lang es, Spanish chrome and help line, PDF/UA intact."""

from __future__ import annotations

import io

import pikepdf
import pytest

from portal.handouts import service
from tests.fixtures_handouts import pdf_pages, pdf_text
from tests.pdfua import assert_pdfua

pytestmark = pytest.mark.app_config(LANGUAGES="en,es")


def render(slugs: list[str], **options) -> bytes:
    """PDF bytes through the real service."""
    pdf, _ = service.render_handout(slugs, service.Options(**options))
    return pdf


def structure(pdf: bytes) -> list[tuple[str, str, str]]:
    """(type, Lang, Alt) of every structure element, depth first."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pending = [document.Root.StructTreeRoot]
        while pending:
            element = pending.pop()
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            for kid in reversed(kids):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    found.append((str(kid.S), str(kid.get("/Lang", "")), str(kid.get("/Alt", ""))))
                    pending.append(kid)
    return found


def catalog_lang(pdf: bytes) -> str:
    """The document's Lang."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return str(document.Root.Lang)


def test_a_spanish_handout_is_lang_es_passes_pdfua_and_prints_its_chrome_in_spanish(
    app, spanish_article
):
    pdf = render([spanish_article.slug])
    assert_pdfua(pdf, "Spanish handout")
    assert catalog_lang(pdf) == "es"
    text = pdf_text(pdf)
    assert "Página 1 de 2" in text or "Página 1 de 1" in text
    assert "Por Dra. Inés Carvajal" in text
    assert "Entregado por Our practice el " in text and "Versión 1 de este artículo." in text
    assert "Preguntas para reflexionar" in text
    assert "Lea este artículo en línea o compártalo: localhost/shelf/" in text
    assert "Fuente: Dra. Inés Carvajal, localhost/shelf/" in text
    help_line = "No es un servicio de emergencias. Si necesita ayuda ahora: "
    assert help_line + "Servicios de emergencia: 911 · 988 Línea de Prevención" in text
    for english in ("Page 1", "Given by", "Source:", "Read this article", "emergency service"):
        assert english not in text
    figures = [alt for kind, _lang, alt in structure(pdf) if kind == "/Figure"]
    assert figures[0].startswith("Código QR que abre este artículo en línea en ")


def test_a_spanish_handout_is_dated_in_spanish(app, spanish_article, time_machine):
    time_machine.move_to("2026-11-25 15:00:00+00:00")
    assert "el 25 de noviembre de 2026." in pdf_text(render([spanish_article.slug]))


def test_an_english_handout_keeps_english_chrome_on_a_shelf_with_spanish(
    app, spanish_article, handout_article
):
    pdf = render([handout_article.slug])
    assert catalog_lang(pdf) == "en"
    text = pdf_text(pdf)
    assert "Page 1 of" in text and "Not an emergency service." in text and "Página" not in text


def test_a_personal_spanish_handout_keeps_the_note_as_written(app, spanish_article):
    note = "Read this before Tuesday."
    pdf = render([spanish_article.slug], client_name="Lucía", note=note, clinician="Sam")
    text = pdf_text(pdf)
    assert "Una nota de Sam" in text and note in text and "Para: Lucía" in text


def test_a_mixed_packet_speaks_its_majority_language_and_marks_each_article(
    app, spanish_article, handout_article, make_article
):
    second = make_article(
        "Pausas pequeñas", body_md="Una pausa breve también cuenta.", language="es"
    )
    pdf = render([spanish_article.slug, second.slug, handout_article.slug])
    assert_pdfua(pdf, "mixed packet")
    assert catalog_lang(pdf) == "es"  # two of three articles: the packet speaks Spanish
    pages = [" ".join(page.split()) for page in pdf_pages(pdf)]
    assert "Su paquete de lecturas" in pages[0] and "Contenido" in pages[0]
    assert "Página 1 de" in pages[0]
    english = [page for page in pages if "Slowing down on hard days" in page and "Given by" in page]
    assert english and "Revision 1 of this article." in english[0]  # its own words: English
    assert "Página" in english[0]  # the packet's footer stays the packet's
    sections = [lang for kind, lang, _alt in structure(pdf) if kind == "/Sect"]
    assert set(sections) == {"", "en"}  # the English article's sections say so; the rest: es
    assert [kind for kind, _lang, _alt in structure(pdf)].count("/H1") == 4


def test_the_public_handout_of_a_spanish_article_is_spanish(client, spanish_article):
    response = client.get(f"/shelf/{spanish_article.slug}/handout.pdf")
    assert response.status_code == 200
    assert catalog_lang(response.data) == "es"
    assert "Preguntas para reflexionar" in pdf_text(response.data)
