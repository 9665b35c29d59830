"""The form editor's languages: which questions lack a Spanish text, and declaring Spanish."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import db
from portal.models import AuditEvent, Form
from portal.questionnaires import BUILTIN_URLS, SHORT_URL, measures, rules, service
from tests.fixtures_clinician import page_text
from tests.fixtures_intake import WALK_CONFIG
from tests.forms_samples import form
from tests.test_forms_cli import counts, run
from tests.test_forms_editor import FORMS, changes, edit_url, errors_on, question, stored, version

pytestmark = pytest.mark.app_config(LANGUAGES="en,es", **WALK_CONFIG)
PET = "What is your pet called?"


@pytest.fixture
def short(app):
    """The built-in short enquiry, whose definition has every word in Spanish."""
    service.ensure_builtin_forms()
    db.session.commit()
    return service.by_url(SHORT_URL)


@pytest.fixture
def copy_url(client, signed_in_owner, staff_post, short) -> str:
    """A draft copy of the short enquiry, made through the editor; its url."""
    assert staff_post(f"{FORMS}/{short.id}/duplicate").status_code == 302
    return db.session.scalars(select(Form.url).where(Form.url.not_in(BUILTIN_URLS))).one()


def languages_section(client, url: str, number: int = 1) -> str:
    """The editor's languages section as a person reads it."""
    soup = BeautifulSoup(client.get(edit_url(url, number)).get_data(as_text=True), "html.parser")
    section = soup.select_one("#languages")
    for hidden in section.select(".visually-hidden"):
        hidden.decompose()
    return " ".join(section.get_text().split())


def add_pet_question(staff_post, url: str) -> None:
    """Add an English-only question with help text to the copy's "What brings you" page."""
    add = edit_url(url, 1, "/question?page=in-a-few-words")
    pet = question(text=PET, hint="Its everyday name.")
    assert staff_post(add, pet).status_code == 302


def test_forms_editor_languages_names_each_question_without_a_spanish_text(
    client, staff_post, copy_url
):
    assert "Offered in Spanish: every question has its Spanish text" in languages_section(
        client, copy_url
    )
    add_pet_question(staff_post, copy_url)
    said = languages_section(client, copy_url)
    assert "Not offered in Spanish: 1 question lacks a Spanish text" in said
    assert f"Page 4, “What brings you here”: “{PET}” — no Spanish question text and help text" in (
        said
    )
    soup = BeautifulSoup(client.get(edit_url(copy_url, 1)).get_data(as_text=True), "html.parser")
    link = soup.select_one("#languages .editor-gaps a")
    assert link["href"].endswith("/question?item=custom.q1") and link.get_text() == f"“{PET}”"


def test_forms_editor_languages_say_whether_each_measure_has_a_validated_text(
    client, staff_post, copy_url, monkeypatch
):
    texts = property(lambda measure: ("en",))  # the library's validated texts, whatever they are
    monkeypatch.setattr(measures.Measure, "languages", texts)
    assert staff_post(edit_url(copy_url, 1, "/measures"), {"measure": "phq9"}).status_code == 302
    said = languages_section(client, copy_url)
    heading = measures.get("phq9").name
    assert "Not offered in Spanish: 1 question lacks a Spanish text" in said  # the page's heading
    assert f"Page 6, “{heading}”: “{heading}” — no Spanish page heading" in said  # not its words
    assert (
        "PHQ-9 (page 6): the measure library has no validated Spanish text, "
        "so page 6 is left out in Spanish." in said
    )
    monkeypatch.setattr(measures.Measure, "languages", property(lambda measure: ("en", "es")))
    assert "PHQ-9 (page 6): the measure library has a validated Spanish text." in (
        languages_section(client, copy_url)
    )


def test_forms_editor_declared_spanish_blocks_publishing_until_covered(
    client, staff_post, copy_url
):
    add_pet_question(staff_post, copy_url)
    ticked = staff_post(edit_url(copy_url, 1, "/languages"), {"lang-languages": "es"})
    assert ticked.status_code == 302
    assert changes()[-1] == {"change": "form.languages", "languages": ["es"]}
    assert {"url": rules.LANGUAGE, "valueCode": "es"} in stored(copy_url, 1)["extension"]
    assert "cannot be published until every question" in languages_section(client, copy_url)
    before = version(copy_url, 1).definition

    refused = staff_post(edit_url(copy_url, 1, "/publish"))
    assert refused.status_code == 400
    assert errors_on(refused) == [
        f"“{PET}”: Item custom.q1: “{PET}” is offered in Spanish, but its question text and "
        "help text have no Spanish text."
    ]
    assert (version(copy_url, 1).status, version(copy_url, 1).definition) == ("draft", before)

    unticked = staff_post(edit_url(copy_url, 1, "/languages"), {})
    assert unticked.status_code == 302 and "extension" not in stored(copy_url, 1)
    assert staff_post(edit_url(copy_url, 1, "/publish")).status_code == 302
    assert version(copy_url, 1).is_published


def test_forms_editor_a_declared_language_the_practice_does_not_offer_has_its_own_tick(
    client, staff_post, copy_url
):
    french = stored(copy_url, 1) | {"extension": [{"url": rules.LANGUAGE, "valueCode": "fr"}]}
    service.update_draft(version(copy_url, 1), french, None)
    db.session.commit()
    ticks = BeautifulSoup(client.get(edit_url(copy_url, 1)).get_data(as_text=True), "html.parser")
    assert ticks.select_one("input[name=lang-languages][value=fr]").has_attr("checked")
    staff_post(edit_url(copy_url, 1, "/languages"), {"lang-languages": ["fr", "es", "xx"]})
    codes = [e["valueCode"] for e in stored(copy_url, 1)["extension"]]
    assert codes == ["es", "fr"]  # kept while ticked, in the practice's order first
    staff_post(edit_url(copy_url, 1, "/languages"), {"lang-languages": ["es"]})
    assert [e["valueCode"] for e in stored(copy_url, 1)["extension"]] == ["es"]  # unticked


def test_forms_editor_a_published_form_declared_in_spanish_starts_in_spanish(
    client, staff_post, copy_url
):
    staff_post(edit_url(copy_url, 1, "/languages"), {"lang-languages": "es"})
    assert staff_post(edit_url(copy_url, 1, "/publish")).status_code == 302
    copy = service.by_url(copy_url)
    assert staff_post(f"{FORMS}/{copy.id}/offer", {"offered": "1"}).status_code == 303
    start = page_text(client.get("/intake/?lang=es"))
    assert "Una consulta breve" in start
    client.post_form("/intake/", {"form": copy.slug}, token_page="/intake/")
    age = BeautifulSoup(client.get("/intake/age").get_data(as_text=True), "html.parser")
    assert age.h1.get_text(strip=True) == "¿Tiene 18 años o más?"


def test_forms_cli_import_publish_of_a_form_lacking_its_declared_language_saves_nothing(
    app, tmp_path
):
    run(app, "forms", "list")
    before = counts()
    declared = form(extension=[{"url": rules.LANGUAGE, "valueCode": "es"}])
    path = tmp_path / "spanish.json"
    path.write_text(json.dumps(declared))
    result = run(app, "forms", "import", str(path), "--publish")
    assert result.exit_code == 1
    assert "Error: spanish.json was not imported; nothing was changed." in result.output
    assert "  - Item about.name: “Your name” is offered in Spanish, but its question text has " in (
        result.output
    )
    assert "The form is offered in Spanish, but its title has no Spanish text." in result.output
    assert counts() == before


@pytest.mark.parametrize("code", ["en", "xx", "spanish"])
def test_forms_definition_a_declared_language_is_a_known_code_other_than_english(app, code):
    declared = form(extension=[{"url": rules.LANGUAGE, "valueCode": code}])
    with pytest.raises(service.FormError) as refused:
        service.import_definition(json.dumps(declared), False, None)
    assert f"The language {code!r} cannot be declared: use a code such as es." in (
        refused.value.errors
    )
    assert (
        db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "form.import")) is None
    )


def spanish_of(owner: dict, key: str = "text") -> str | None:
    """The stored Spanish translation of a word."""
    from portal.questionnaires import translations

    return translations.translation(owner, key, "es")


def test_forms_editor_a_translator_types_the_spanish_on_the_question_page(
    client, staff_post, copy_url
):
    add = edit_url(copy_url, 1, "/question?page=in-a-few-words")
    pet = question(type="choice", text="Do you have a pet?", hint="Any kind.", options="Yes\nNo")
    assert staff_post(add, pet).status_code == 302
    page = edit_url(copy_url, 1, "/question?item=custom.q1")
    lacking = "question text, answer “Yes”, answer “No”, and help text"
    assert f"This question has no Spanish {lacking} yet" in page_text(client.get(page))
    spanish = {"text_es": "¿Tiene una mascota?", "hint_es": "De cualquier tipo."}
    saved = staff_post(page, pet | spanish | {"options_es": "Sí\nNo"})
    assert saved.status_code == 302

    item = next(i for i in stored(copy_url, 1)["item"][3]["item"] if i["linkId"] == "custom.q1")
    assert spanish_of(item) == "¿Tiene una mascota?"
    assert spanish_of(item, rules.HINT) == "De cualquier tipo."
    assert [spanish_of(o["valueCoding"], "display") for o in item["answerOption"]] == ["Sí", "No"]
    assert "This question has all its Spanish words." in page_text(client.get(page))
    assert "Offered in Spanish" in languages_section(client, copy_url)
    staff_post(edit_url(copy_url, 1, "/languages"), {"lang-languages": "es"})
    assert staff_post(edit_url(copy_url, 1, "/publish")).status_code == 302


def test_forms_editor_spanish_answers_come_one_for_each_english_answer(
    client, staff_post, copy_url
):
    add = edit_url(copy_url, 1, "/question?page=in-a-few-words")
    pet = question(type="choice", text="Do you have a pet?", options="Yes\nNo", options_es="Sí")
    refused = staff_post(add, pet)
    assert refused.status_code == 400
    assert errors_on(refused) == [
        "Enter one answer on each line for each of the 2 English answers, in the same order "
        "(you entered 1)"
    ]
    assert len(stored(copy_url, 1)["item"][3]["item"]) == 1


@pytest.mark.app_config(LANGUAGES="en", **WALK_CONFIG)
def test_forms_editor_editing_a_question_keeps_the_translations_of_unchanged_words(
    client, staff_post, copy_url
):
    def method() -> dict:
        """The copy's stored "How should we contact you?" question."""
        return stored(copy_url, 1)["item"][2]["item"][4]

    def answers() -> list[str | None]:
        """Its answers' Spanish words."""
        return [spanish_of(o["valueCoding"], "display") for o in method()["answerOption"]]

    was, spanish_answers = spanish_of(method()), answers()
    page = edit_url(copy_url, 1, "/question?item=about.contact_method")
    options = "Email\nPhone call\nText message"
    kept = question(type="choice", text="How should we contact you?", options=options, required="y")
    assert staff_post(page, kept).status_code == 302
    assert (spanish_of(method()), answers()) == (was, spanish_answers)
    reworded = kept | {"text": "How may we reach you?", "options": "Email\nLetter"}
    assert staff_post(page, reworded).status_code == 302
    assert spanish_of(method()) is None  # a changed word loses its translation: listed again
    assert answers() == [spanish_answers[0], None]


def test_forms_editor_a_measure_pages_heading_gets_its_spanish_on_the_page_heading_page(
    client, staff_post, copy_url, monkeypatch
):
    monkeypatch.setattr(measures.Measure, "languages", property(lambda measure: ("en", "es")))
    assert staff_post(edit_url(copy_url, 1, "/measures"), {"measure": "phq9"}).status_code == 302
    soup = BeautifulSoup(client.get(edit_url(copy_url, 1)).get_data(as_text=True), "html.parser")
    link = soup.select_one("#languages .editor-gaps a")
    assert link["href"].endswith("/page?item=phq9-page")
    heading = edit_url(copy_url, 1, "/page?item=phq9-page")
    assert "This page has no Spanish heading yet" in page_text(client.get(heading))
    saved = staff_post(heading, {"page-title": "How you feel", "page-title_es": "Cómo se siente"})
    assert saved.headers["Location"].endswith("#item-phq9-page")
    page = stored(copy_url, 1)["item"][5]
    assert (page["text"], spanish_of(page)) == ("How you feel", "Cómo se siente")
    assert changes()[-1] == {"change": "page.edit", "item": "phq9-page"}
    assert "Offered in Spanish" in languages_section(client, copy_url)
    assert "Page 6: How you feel" in page_text(client.get(edit_url(copy_url, 1)))


def test_forms_editor_the_form_title_has_its_spanish_beside_it(client, staff_post, copy_url):
    soup = BeautifulSoup(client.get(edit_url(copy_url, 1)).get_data(as_text=True), "html.parser")
    assert soup.select_one("#form-title_es")["value"] == spanish_of(stored(copy_url, 1), "title")
    retitle = edit_url(copy_url, 1, "/title")
    saved = staff_post(retitle, {"form-title": "Quick enquiry", "form-title_es": "Consulta rápida"})
    assert saved.status_code == 302
    assert spanish_of(stored(copy_url, 1), "title") == "Consulta rápida"
    assert staff_post(retitle, {"form-title": "Quick note"}).status_code == 302
    said = languages_section(client, copy_url)
    assert "Not offered in Spanish: the form's own words lack a Spanish text" in said
    assert "The form itself — no Spanish title" in said
