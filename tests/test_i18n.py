"""Languages: the browser's choice or the switch, remembered for the visit, complete catalogues."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations

from tests.fixtures_intake import soup

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "portal" / "translations"
LANGUAGES = sorted(p.name for p in CATALOGUES.iterdir() if (p / "LC_MESSAGES").is_dir())
# Templates whose every word goes through the catalogue (the list grows to every public one).
MARKED = (
    "base.html",
    "_urgent_help.html",
    "_macros/forms.html",
    "intake/_question.html",
    "intake/start.html",
    "intake/check.html",
    "intake/saved.html",
    "intake/done.html",
    "intake/urgent_help.html",
    "intake/not_eligible.html",
    "errors/error.html",
    "shelf/index.html",
    "shelf/_pagination.html",
    "main/home.html",
    "main/contact.html",
    "main/privacy.html",
    "main/accessibility.html",
)
TRANS = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S)  # translated blocks
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
TAG = re.compile(r"<[^>]+>|[\w-]+=\"[^\"]*\"")  # tags, and attributes a macro assembles


@pytest.fixture
def app_config(request):
    """The practice offers Spanish beside English (unless a test's marker says otherwise)."""
    marker = request.node.get_closest_marker("app_config")
    return {"LANGUAGES": "en,es", **(marker.kwargs if marker else {})}


@pytest.mark.app_config(LANGUAGES="en")
def test_a_practice_offering_only_english_has_no_switch(client):
    page = soup(client.get("/?lang=es", headers={"Accept-Language": "es"}))
    assert page.html["lang"] == "en" and not page.select(".language-switch")


def test_a_browser_asking_for_spanish_gets_the_page_in_spanish(client):
    page = soup(client.get("/intake/", headers={"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}))
    assert page.html["lang"] == "es"
    assert page.select_one(".skip-link").get_text() == "Saltar al contenido principal"
    assert "¿Necesita ayuda ahora?" in page.select_one(".urgent-help").get_text()
    english = soup(client.get("/intake/", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert english.html["lang"] == "en"


def test_the_switch_is_remembered_for_the_visit_and_each_link_names_its_language(app, client):
    switched = client.get("/intake/?lang=es")
    cookies = [h.split("=", 1)[0] for h in switched.headers.getlist("Set-Cookie")]
    assert cookies == [app.config["SESSION_COOKIE_NAME"]]  # no cookie beyond the session
    page = soup(switched)
    assert page.html["lang"] == "es"
    link = page.select_one(".language-switch a")
    assert (link.get_text(), link["lang"], link["hreflang"]) == ("English", "en", "en")
    assert page.select_one(".language-switch [aria-current]")["lang"] == "es"
    alternates = {a["hreflang"]: a["href"] for a in page.select("link[rel=alternate]")}
    assert alternates == {"en": "/intake/?lang=en", "es": "/intake/?lang=es"}
    assert soup(client.get("/shelf/")).html["lang"] == "es"  # the rest of the visit
    assert soup(client.get("/shelf/?lang=en")).html["lang"] == "en"
    assert soup(client.get("/")).html["lang"] == "en"


def test_the_staff_workspace_stays_english_and_has_no_switch(client):
    page = soup(client.get("/auth/login?lang=es", headers={"Accept-Language": "es"}))
    assert page.html["lang"] == "en" and not page.select(".language-switch")


@pytest.mark.parametrize("template", MARKED)
def test_every_word_of_a_marked_template_is_translatable(template):
    source = (ROOT / "templates" / template).read_text()
    left = TAG.sub(" ", JINJA.sub(" ", TRANS.sub(" ", source)))
    assert re.findall(r"[A-Za-z]{2,}", left) == []


def extracted(tmp_path) -> set[str]:
    """The msgids the code and templates hold today, extracted as `make messages` does."""
    out = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-o", str(out), ".", *map(str, ROOT.glob("templates/_*/*.html"))],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with out.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_translates_every_string_and_is_compiled(tmp_path, language):
    po = CATALOGUES / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalogue = read_po(f)
    wanted = extracted(tmp_path)
    given = {m.id: m for m in catalogue if m.id}
    assert sorted(wanted - given.keys()) == [], "run `make messages` and translate these"
    untranslated = [k for k in wanted if not given[k].string or given[k].fuzzy]
    assert untranslated == []
    compiled = Translations.load(str(CATALOGUES), [language])
    stale = [k for k in wanted if _compiled(compiled, k) != given[k].string]
    assert stale == [], "run `make translations` to compile the catalogue"


def test_switching_on_a_question_page_keeps_what_was_typed_there(client):
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    page = soup(client.get("/intake/about-you"))
    button = page.select_one(".language-switch button")
    assert (button["form"], button["name"], button["value"]) == (
        "intake-form",
        "action",
        "language:es",
    )
    assert page.select_one("form#intake-form")  # the button submits the question's form
    typed = {"full_name": "Lucía Fernández", "email": "lucia@", "action": button["value"]}
    switched = client.post_form("/intake/about-you", typed, token_page="/intake/about-you")
    assert switched.status_code == 303
    assert switched.headers["Location"] == "/intake/about-you?lang=es"
    again = soup(client.get(switched.headers["Location"]))
    assert again.html["lang"] == "es"
    assert again.select_one("input[name=full_name]")["value"] == "Lucía Fernández"
    assert again.select_one("input[name=email]")["value"] == "lucia@"  # kept as typed
    assert not again.select(".error-summary")  # nothing was validated: it was not Continue


def _compiled(compiled: Translations, msgid):
    """What the compiled catalogue gives for a msgid (each plural form, for a plural one)."""
    if isinstance(msgid, tuple):
        return tuple(compiled.ngettext(*msgid[:2], n) for n in (1, 1000000, 2))
    return compiled.gettext(msgid)


def test_the_intake_pages_and_their_errors_speak_spanish(client):
    start = soup(client.get("/intake/?lang=es"))
    assert start.h1.get_text() == "Pedir una cita"
    assert "Empezar ahora" in start.get_text()
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    refused = soup(
        client.post_form(
            "/intake/about-you", {"full_name": "Lucía", "email": "lucia@"}, "/intake/about-you"
        )
    )
    summary = refused.select_one(".error-summary").get_text()
    assert "Hay un problema" in summary
    assert "Escriba una dirección de correo electrónico con el formato correcto" in summary
    assert "Escriba su fecha de nacimiento" in summary
    assert refused.title.get_text().startswith("Error: ")


@pytest.fixture
def short_offered(app):
    """The short enquiry, whose definition carries its Spanish words, offered."""
    from portal.questionnaires import SHORT_URL
    from tests.fixtures_intake import offer_form

    offer_form(SHORT_URL)


def test_a_form_with_its_spanish_words_is_answered_in_spanish(
    client, short_offered, signed_in_clinician
):
    from sqlalchemy import select

    from portal.db import db
    from portal.models import Intake
    from tests.test_intake_short_form import SHORT, post_pages, send_check

    start = soup(client.get("/intake/?lang=es"))
    labels = {label.get_text(strip=True): label for label in start.select(".choice-label")}
    assert "lang" not in labels["Una consulta breve"].attrs  # in the page's language
    assert "lang" not in labels["Para mí"].attrs  # the adult form has its Spanish words too
    assert "Este formulario solo está en inglés." not in start.get_text()
    client.post_form("/intake/", {"form": "short"}, token_page="/intake/")
    age = soup(client.get("/intake/age"))
    assert age.h1.get_text(strip=True) == "¿Tiene 18 años o más?"
    refused = soup(client.post_form("/intake/age", {}, token_page="/intake/age"))
    assert "Elija sí si tiene 18 años o más" in refused.select_one(".error-summary").get_text()
    post_pages(client, SHORT)
    check = soup(client.get("/intake/check")).get_text()
    assert "¿Qué le trae a terapia?" in check and "Correo electrónico" in check
    assert send_check(client).status_code == 302
    intake = db.session.scalars(select(Intake)).one()
    assert intake.language == "es"
    staff = soup(client.get(f"/clinician/intakes/{intake.id}", headers={"Accept-Language": "es"}))
    assert staff.html["lang"] == "en" and "answered in Spanish" in staff.get_text()


def test_a_form_without_spanish_words_stays_english_and_says_so(client, app):
    import json

    from portal.questionnaires import service, translations
    from tests.fixtures_intake import offer_form

    english = translations.stripped(json.loads(service.builtin_text("adult.json")))
    english.update(url="urn:example:questionnaire:english-only", title="In English only")
    service.import_definition(json.dumps(english), True, None)
    offer_form(english["url"])
    start = soup(client.get("/intake/?lang=es"))
    labels = {label.get_text(strip=True): label for label in start.select(".choice-label")}
    assert labels["In English only"]["lang"] == "en"
    assert "Este formulario solo está en inglés." in start.get_text()
    assert "lang" not in labels["Para mí"].attrs


def test_a_page_drawn_from_its_definition_says_what_each_box_is_for(client, short_offered):
    client.post_form("/intake/", {"form": "short"}, token_page="/intake/")
    contact = soup(client.get("/intake/contact"))
    purposes = {
        i["name"]: (i.get("autocomplete"), i["type"]) for i in contact.select("input.input")
    }
    assert purposes["full_name"] == ("name", "text")
    assert purposes["email"] == ("email", "email")
    assert purposes["phone"] == ("tel", "tel")


@pytest.mark.parametrize("slug", ["guardian", "couple"])
def test_the_guardian_and_couple_forms_speak_spanish_with_conditions_in_words(client, slug):
    from portal.db import db
    from portal.questionnaires import service

    service.ensure_builtin_forms()
    service.set_offered(service.by_slug(slug), True, None)
    db.session.commit()
    client.get("/intake/?lang=es")
    client.post_form("/intake/", {"form": slug}, token_page="/intake/")
    page = "what-brings-you" if slug == "guardian" else "together"
    shown = soup(client.get(f"/intake/{page}")).get_text(" ", strip=True)
    asked = "¿Su hijo o hija ha ido antes" if slug == "guardian" else "¿Han ido antes juntos"
    assert asked in shown
    assert "Responda solo si la respuesta a «" in shown and "» es «Sí»." in shown


def test_the_resume_link_email_is_in_the_language_the_person_was_reading(client, mail):
    import email as email_lib

    client.get("/intake/?lang=es")
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    saved = client.post_form(
        "/intake/about-you", {"full_name": "Lucía", "action": "save"}, "/intake/about-you"
    )
    assert saved.headers["Location"].endswith("/intake/saved")
    page = soup(client.get("/intake/saved"))
    assert page.h1.get_text() == "Sus respuestas están guardadas"
    client.post_form("/intake/saved", {"email": "lucia@example.org"}, token_page="/intake/saved")
    (raw,) = mail.messages
    message = email_lib.message_from_string(raw)
    body = message.get_payload(decode=True).decode()
    assert "Su enlace para continuar su solicitud" in str(
        email_lib.header.make_header(email_lib.header.decode_header(message["Subject"]))
    )
    assert body.startswith("Nos pidió que le enviáramos por correo un enlace")
    assert "Lucía" not in body  # still nothing the person wrote


def test_error_pages_speak_the_visitor_s_language(client):
    missing = client.get("/no-such-page", headers={"Accept-Language": "es"})
    page = soup(missing)
    assert missing.status_code == 404 and page.html["lang"] == "es"
    assert page.h1.get_text() == "Página no encontrada"
    assert "Ir a la página de inicio" in page.get_text()


def test_urgent_help_comes_in_spanish_with_the_lines_that_answer_in_spanish(client):
    help_box = soup(client.get("/intake/?lang=es")).select_one(".urgent-help").get_text(" ")
    assert "988 Línea de Prevención del Suicidio y Crisis" in help_box
    assert "presione 2 para hablar en español" in help_box
    assert "Servicios de emergencia" in help_box
    texted = soup(client.get("/intake/?lang=es")).select_one(".urgent-help a[href^='sms:']")
    assert texted.get_text() == "Text HOME to 741741" and texted["lang"] == "en"


def test_a_practice_s_own_numbers_show_its_spanish_lines(client, signed_in_owner):
    from tests.test_clinician_settings_roundtrip import SETTINGS, browser_submission

    fields = browser_submission(client.get(SETTINGS).get_data(as_text=True))
    fields["help_preset"] = "custom"
    fields["custom_help"] = "Crisis team | 0300 123 456 | any time\nOut of hours | 0300 999 000"
    fields["custom_help_es"] = "Equipo de crisis | 0300 123 456 | a cualquier hora"
    saved = client.post(SETTINGS, data=fields)
    assert saved.headers["Location"].endswith(SETTINGS)
    spanish = soup(client.get("/intake/?lang=es")).select_one(".urgent-help").get_text(" ")
    assert "Equipo de crisis" in spanish and "a cualquier hora" in spanish
    assert "Out of hours" in spanish  # a line left without Spanish words is shown as written
    lines = soup(client.get("/intake/?lang=es")).select(".urgent-help li")
    assert [li.get("lang") for li in lines] == [None, "en"]  # and marked as the English it is
    english = soup(client.get("/intake/?lang=en")).select_one(".urgent-help").get_text(" ")
    assert "Crisis team" in english and "Equipo" not in english


def test_the_shelf_speaks_spanish_and_marks_english_articles_as_english(client, make_article):
    make_article(title="Sleep and worry", status="published")
    shelf = soup(client.get("/shelf/?lang=es"))
    assert shelf.h1.get_text() == "Recursos" and "Buscar en los recursos" in shelf.get_text()
    card = shelf.select_one(".shelf-results h3")
    assert card["lang"] == "en" and card.get_text(strip=True) == "Sleep and worry"
    link = card.find("a")["href"]
    article = soup(client.get(link))
    assert article.select_one("article")["lang"] == "en"  # the words are English
    assert article.select_one(".back-link").get_text() == "Todos los recursos"
    results = soup(client.get("/shelf/?q=zzzzqqq"))
    assert "Ningún artículo coincide con «zzzzqqq»." in results.get_text()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/contact", "Contacto"),
        ("/privacy", "Aviso de privacidad"),
        ("/accessibility", "Declaración de accesibilidad"),
    ],
)
def test_the_practice_s_own_pages_speak_spanish(client, path, heading):
    page = soup(client.get(f"{path}?lang=es"))
    assert page.h1.get_text() == heading


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_practices_areas_are_listed_escaped_and_marked_as_written(client, app, lang):
    from portal.db import db
    from portal.practice import default_practice

    practice = default_practice()
    practice.service_areas = ["Springfield", "<b>Shelbyville</b>"]
    db.session.add(practice)
    db.session.commit()
    page = client.get(f"/intake/?lang={lang}").get_data(as_text=True)
    assert "<b>Shelbyville</b>" not in page and "&lt;b&gt;Shelbyville&lt;/b&gt;" in page
    areas = soup(client.get(f"/intake/?lang={lang}")).select("main span[lang=en]")
    if lang == "es":  # the practice's English words on a Spanish page
        assert [a.get_text() for a in areas][:2] == ["Springfield", "<b>Shelbyville</b>"]
        assert "Springfield y <b>Shelbyville</b>" in soup(client.get("/intake/")).get_text()
    else:
        assert areas == []


def test_a_resume_links_secret_is_never_repeated_into_its_page(client):
    from tests.fixtures_intake import save_and_get_link

    link = save_and_get_link(client)
    token = link.rsplit("/", 1)[-1]
    client.get(link)  # used: the link dies
    dead = client.get(link)
    assert dead.status_code == 404
    assert token not in dead.get_data(as_text=True)  # not even in the language switch
    assert soup(dead).select_one(".language-switch a[lang=es]")["href"] == "/intake/?lang=es"
