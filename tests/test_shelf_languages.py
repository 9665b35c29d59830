"""An article's language: the page marks it, the shelf filters by it; editor, importer set it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Article
from portal.shelf.importer.save import import_file
from tests.fixtures_shelf import page_of
from tests.test_shelf_curation import article_form, review_data, upload
from tests.test_shelf_importer import WXR

pytestmark = pytest.mark.app_config(LANGUAGES="en,es")


def test_a_spanish_article_is_marked_spanish_on_an_english_page(client, spanish_article):
    page = page_of(client.get(f"/shelf/{spanish_article.slug}?lang=en"))
    assert page.html["lang"] == "en"
    assert page.select_one("article.shelf-article")["lang"] == "es"
    assert page.select_one(".shelf-source")["lang"] == "en"  # the page's own words


def test_a_spanish_article_on_a_spanish_page_needs_no_mark_and_english_ones_keep_theirs(
    client, spanish_article, make_article
):
    english = make_article("Sleep and worry", topics=["Ansiedad"])
    page = page_of(client.get(f"/shelf/{spanish_article.slug}?lang=es"))
    assert page.html["lang"] == "es"
    assert not page.select_one("article.shelf-article").has_attr("lang")
    related = page.select_one(".shelf-related h3")
    assert (related.get_text(strip=True), related["lang"]) == (english.title, "en")
    assert "Licencia" in page.select_one(".shelf-source").get_text()


def test_the_shelf_filters_by_language_and_marks_cards_in_another(
    client, spanish_article, make_article
):
    make_article("Sleep and worry")
    make_article("Quiet mornings")
    page = page_of(client.get("/shelf/?lang=en"))
    choices = page.select(".shelf-languages a")
    assert [a.get_text(" ", strip=True) for a in choices] == [
        "Any language",
        "English (2)",
        "Español (1)",
    ]
    assert choices[0]["aria-current"] == "page"
    assert choices[2].span["lang"] == "es" and choices[2]["hreflang"] == "es"
    cards = {h.get_text(strip=True): h.get("lang") for h in page.select(".shelf-results h3")}
    assert cards == {spanish_article.title: "es", "Sleep and worry": None, "Quiet mornings": None}
    filtered = page_of(client.get(choices[2]["href"]))
    titles = [h.get_text(strip=True) for h in filtered.select(".shelf-results h3")]
    assert titles == [spanish_article.title]
    assert filtered.select_one(".shelf-languages [aria-current]").get_text(" ", strip=True) == (
        "Español (1)"
    )
    english = page_of(client.get("/shelf/?language=en"))
    assert sorted(h.get_text(strip=True) for h in english.select(".shelf-results h3")) == [
        "Quiet mornings",
        "Sleep and worry",
    ]


def test_a_search_keeps_its_language_filter(client, spanish_article, make_article):
    make_article("Breathing on hard days", body_md="Slow breathing on difficult días.")
    page = page_of(client.get("/shelf/?q=días&language=es"))
    assert [h.get_text(strip=True) for h in page.select(".shelf-results h3")] == [
        spanish_article.title
    ]
    assert page.select_one("form.shelf-search input[name=language]")["value"] == "es"
    unfiltered = page_of(client.get("/shelf/?q=días"))
    assert len(unfiltered.select(".shelf-results h3")) == 2


def test_the_language_filter_is_hidden_while_the_shelf_has_one_language(client, make_article):
    make_article("Sleep and worry")
    make_article("Borrador en español", language="es", status="draft")
    assert page_of(client.get("/shelf/")).select(".shelf-languages") == []


def test_an_english_browser_never_gets_a_spanish_browser_s_cached_shelf(app, make_article):
    from tests.conftest import Client

    make_article("Sleep and worry")
    app.test_client_class = Client  # each request in its own app context, as a server runs it
    visitor = app.test_client(use_cookies=False)
    spanish = visitor.get("/shelf/", headers={"Accept-Language": "es"})
    english = visitor.get("/shelf/", headers={"Accept-Language": "en"})
    assert page_of(spanish).html["lang"] == "es"
    assert page_of(english).html["lang"] == "en"


# --- the editor --------------------------------------------------------------------------


def test_the_editor_offers_the_practice_s_languages_and_those_in_use(staff, make_article):
    make_article("Un article", language="fr", status="draft")
    page = page_of(staff.get("/clinician/shelf/new"))
    select = page.select_one("select#language")
    options = [(o["value"], o.get_text()) for o in select.find_all("option")]
    assert options == [("en", "English"), ("es", "Spanish (Español)"), ("fr", "French (Français)")]
    assert select.find("option", selected=True)["value"] == "en"
    assert page.find("label", attrs={"for": "language"}).get_text() == "Language"


def test_the_editor_saves_and_shows_the_article_s_language(staff):
    token = "/clinician/shelf/new"
    staff.post_form(token, article_form(title="Calma en el trabajo", language="es"), token)
    article = db.session.scalar(select(Article).where(Article.title == "Calma en el trabajo"))
    assert article.language == "es"
    page = page_of(staff.get(f"/clinician/shelf/{article.id}/edit"))
    assert page.select_one("select#language option[selected]")["value"] == "es"


def test_the_editor_refuses_a_language_it_does_not_offer(staff):
    token = "/clinician/shelf/new"
    response = staff.post_form(token, article_form(language="xx-junk"), token)
    assert page_of(response).select_one(".error-summary")
    assert db.session.scalar(select(Article.id)) is None


def test_an_article_is_never_saved_without_a_language_it_can_be_marked_with(app):
    from portal.shelf.service import ArticleError, save_article

    with pytest.raises(ArticleError, match="Choose the language"):
        save_article(None, {"title": "Sin idioma", "body_md": "Texto.", "language": "?"}, None)


# --- the importer --------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html><html lang="es-MX"><head><title>Pausas</title></head>
<body><article>
<h1>Pausas pequeñas</h1><p>Una pausa breve también cuenta.</p></article></body></html>"""
MD_LANG = "---\ntitle: Pausas pequeñas\nlang: es\n---\nUna pausa breve también cuenta.\n"
MD_LANGUAGE = "---\ntitle: Pausas pequeñas\nlanguage: es-ES\n---\nUna pausa breve también cuenta.\n"
MD_NONE = "---\ntitle: Small pauses\n---\nA short pause counts too.\n"
HTML_NONE = (
    "<html><body><article><h1>Small pauses</h1><p>A pause counts.</p></article></body></html>"
)
WXR_SPANISH = WXR.replace(
    "<title>Quiet Rooms</title>", "<title>Quiet Rooms</title>\n  <language>es-MX</language>"
)


@pytest.mark.parametrize(
    ("name", "content", "language"),
    [
        ("export.xml", WXR_SPANISH, "es"),
        ("export.xml", WXR, "en"),
        ("pausas.html", HTML_PAGE, "es"),
        ("pauses.html", HTML_NONE, "en"),
        ("pausas.md", MD_LANG, "es"),
        ("pausas.md", MD_LANGUAGE, "es"),
        ("pauses.md", MD_NONE, "en"),
        ("pauses.txt", "Small pauses\n\nA short pause counts too.\n", "en"),
    ],
)
def test_an_import_takes_the_language_its_source_states(app, name, content, language):
    result = import_file(name, content.encode(), publish=True, topics=[], actor_id=None)
    db.session.commit()
    assert result.saved and not result.error
    assert {saved.article.language for saved in result.saved} == {language}


def test_a_reimport_that_states_no_language_keeps_the_article_s(app):
    import_file("pausas.md", MD_LANG.encode(), publish=True, topics=[], actor_id=None)
    unstated = MD_LANG.replace("lang: es\n", "")
    import_file("pausas.md", unstated.encode(), publish=True, topics=[], actor_id=None)
    db.session.commit()
    assert list(db.session.scalars(select(Article.language))) == ["es"]


def test_the_review_page_shows_the_language_read_and_saves_it(staff):
    page = page_of(upload(staff, [("pausas.html", HTML_PAGE.encode())]))
    assert page.select_one("select#items-0-language option[selected]")["value"] == "es"
    data = review_data(page, "draft", **{"items-0-licence": "Own work"})
    staff.post("/clinician/shelf/import/save", data=data)
    assert list(db.session.scalars(select(Article.language))) == ["es"]
