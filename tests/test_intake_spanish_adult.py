"""The adult form in Spanish: its own words translated, PHQ-9 and GAD-7 in their validated
Spanish texts, scored exactly as in English."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from portal.questionnaires.measures import pfizer as measures
from tests.fixtures_intake import WALK_CONFIG, sample_answers, soup, step_posts

pytestmark = pytest.mark.app_config(**WALK_CONFIG, LANGUAGES="en,es")


@pytest.fixture
def spanish(client):
    """A visitor reading in Spanish, who has started the adult form."""
    client.get("/intake/?lang=es")
    return client


def _walk(client, answers: dict) -> None:
    """Post every page as a Spanish reader would, the consent with the statement shown."""
    for slug, data in step_posts(answers).items():
        url = f"/intake/{slug}"
        if slug == "consent":
            page = soup(client.get(url))
            data["text_sha256"] = page.select_one("input[name=text_sha256]")["value"]
        response = client.post_form(url, data, token_page=url)
        assert response.status_code in (302, 303), (slug, response.get_data(as_text=True)[-2000:])


def test_the_mood_page_asks_the_validated_spanish_phq9(spanish):
    page = soup(spanish.get("/intake/mood"))
    text = page.get_text(" ", strip=True)
    assert page.html["lang"] == "es"
    assert "¿qué tan seguido ha tenido molestias debido a los siguientes problemas?" in text
    assert "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera" in text
    assert text.count("Más de la mitad de los días") == 9
    assert "¿qué tanta dificultad le han dado estos problemas" in text
    assert "Merz" in text and "No se requiere permiso" in text  # the text and its study
    assert "Little interest" not in text and "Not at all" not in text


def test_the_worry_page_asks_the_spanish_gad7_without_an_unchecked_follow_up(spanish):
    text = soup(spanish.get("/intake/worry")).get_text(" ", strip=True)
    assert "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta" in text
    assert "Mills" in text
    assert "qué tanta dificultad" not in text and "difficult" not in text


def test_a_refused_measure_page_names_the_spanish_item(spanish):
    refused = soup(spanish.post_form("/intake/mood", {}, token_page="/intake/mood"))
    summary = refused.select_one(".error-summary").get_text(" ", strip=True)
    assert "Elija una respuesta para: Poco interés o placer en hacer cosas" in summary


def test_a_spanish_adult_intake_arrives_scored_as_in_english(signed_in_clinician, spanish, app):
    from portal.intake.records import read_answers

    answers = sample_answers()
    answers["phq9"]["items"] = [2, 2, 1, 1, 0, 1, 1, 0, 1]  # item 9 above "Ningún día"
    _walk(spanish, answers)
    check = soup(spanish.get("/intake/check"))
    words = check.get_text(" ", strip=True)
    assert "Poco interés o placer en hacer cosas" in words
    headings = [h.get_text(strip=True) for h in check.select("main h2")]
    assert "Sobre usted" in headings and "About you" not in headings
    assert "No se indicó" in words and "Not given" not in words
    assert "17 de abril de 1991" in words  # the date as Spanish writes it
    fields = {i["name"]: i.get("value", "") for i in check.select("form input[type=hidden]")}
    assert spanish.post("/intake/check", data=fields).status_code == 302
    intake = db.session.scalars(select(Intake)).one()
    assert intake.language == "es" and intake.is_urgent  # item 9 flags it in Spanish too
    stored = read_answers(intake)
    assert stored["phq9"]["items"] == [2, 2, 1, 1, 0, 1, 1, 0, 1]
    assert stored["gad7"]["items"] == answers["gad7"]["items"]
    staff = soup(spanish.get(f"/clinician/intakes/{intake.id}"))
    rows = {
        row.dt.get_text(" ", strip=True): row.dd.get_text(" ", strip=True)
        for row in staff.select(".summary-row")
        if row.dt and row.dd
    }
    worry = next(v for k, v in rows.items() if k.startswith(measures.GAD7_DIFFICULTY))
    assert worry.startswith("Not asked in this language")  # not "Not given"
    item_9 = next(k for k in rows if k.startswith("Thoughts that you would be better off dead"))
    assert "Pensamientos de que estaría mejor muerto(a)" in item_9  # as the client read it


def test_a_form_whose_spanish_is_not_declared_yet_stays_english(client, app):
    import json

    from portal.questionnaires import coverage, service
    from tests.fixtures_intake import offer_form

    held_back = coverage.declare(json.loads(service.builtin_text("adult.json")), [])
    held_back.update(url="urn:example:questionnaire:held-back", title="Held back")
    service.import_definition(json.dumps(held_back), True, None)
    offer_form(held_back["url"])
    start = soup(client.get("/intake/?lang=es"))
    labels = {label.get_text(strip=True): label for label in start.select(".choice-label")}
    assert labels["Held back"]["lang"] == "en"  # its Spanish words wait for the author
    assert "lang" not in labels["Para mí"].attrs  # the built-in declares Spanish
