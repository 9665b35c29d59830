"""The clinician reads an intake answered in Spanish: the English question and the words the
client read, chose and typed, each marked as Spanish; an English intake looks as it always did."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from portal.questionnaires import SHORT_URL
from portal.questionnaires.measures import get as get_measure
from tests.fixtures_clinician import audit_count
from tests.fixtures_intake import WALK_CONFIG, offer_form, sample_answers, soup, step_posts
from tests.test_clinician_pdf import pdf_text
from tests.test_intake_short_form import SHORT, post_pages, send_check

pytestmark = pytest.mark.app_config(LANGUAGES="en,es", **WALK_CONFIG)

OWN_WORDS = "No duermo bien desde que murió mi padre en primavera."


def short_enquiry(client, lang: str) -> Intake:
    """A person sends the short enquiry reading it in `lang`, in their own words; the intake."""
    offer_form(SHORT_URL)
    client.get(f"/intake/?lang={lang}")
    client.post_form("/intake/", {"form": "short"}, token_page="/intake/")
    post_pages(client, {**SHORT, "in-a-few-words": {"own_words": OWN_WORDS}})
    assert send_check(client).status_code == 302
    return db.session.scalars(select(Intake)).one()


def answer_rows(client, intake: Intake) -> dict:
    """The enquiry page's answer rows by their English question: (question cell, answer cell)."""
    page = soup(client.get(f"/clinician/intakes/{intake.id}"))
    rows = {}
    for row in page.select(".answer-list .summary-row"):
        asked = row.select_one(".answer-asked")
        label = row.dt.get_text().removesuffix(asked.get_text() if asked else "")
        rows[label] = (row.dt, row.dd)
    return page, rows


def test_a_spanish_intake_shows_each_question_as_read_and_the_answers_in_spanish(
    client, signed_in_clinician
):
    intake = short_enquiry(client, "es")
    views = audit_count("intake.view")
    page, rows = answer_rows(client, intake)
    assert audit_count("intake.view") == views + 1  # viewing is audited as before
    question, answer = rows["What brings you to therapy?"]
    asked = question.select_one(".answer-asked [lang]")
    assert (asked["lang"], asked.get_text()) == ("es", "¿Qué le trae a terapia?")
    typed = answer.select_one("[lang]")
    assert (typed["lang"], typed.get_text()) == ("es", OWN_WORDS)
    _question, chosen = rows["How should we contact you?"]
    said = chosen.select_one("[lang]")
    assert (said["lang"], said.get_text()) == ("es", "Correo electrónico")
    assert chosen.select_one(".answer-staff").get_text() == "(English: Email)"
    assert page.html["lang"] == "en"


def test_an_english_intake_shows_no_spanish(client, signed_in_clinician):
    intake = short_enquiry(client, "en")
    page, rows = answer_rows(client, intake)
    assert page.select("[lang=es]") == [] and page.select(".answer-asked") == []
    _question, answer = rows["How should we contact you?"]
    assert answer.decode_contents() == "Email"
    assert rows["What brings you to therapy?"][1].decode_contents() == OWN_WORDS


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_the_summary_pdf_prints_the_spanish_words_beside_the_english(client, signed_in_clinician):
    intake = short_enquiry(client, "es")
    text = pdf_text(client.get(f"/clinician/intakes/{intake.id}.pdf").data)
    assert "What brings you to therapy? Spanish: ¿Qué le trae a terapia?" in text
    assert "Correo electrónico (English: Email)" in text and OWN_WORDS in text


@pytest.mark.skipif(
    "es" not in get_measure("phq9").languages, reason="the library holds no Spanish PHQ-9 yet"
)
def test_a_measure_answered_in_spanish_shows_its_validated_words_and_an_english_score(
    client, signed_in_clinician
):
    client.get("/intake/?lang=es")
    post_pages(client, step_posts(sample_answers()))
    assert send_check(client).status_code == 302
    intake = db.session.scalars(select(Intake)).one()
    page, rows = answer_rows(client, intake)
    question, answer = rows["Little interest or pleasure in doing things"]
    spanish = get_measure("phq9").in_language("es")
    assert question.select_one(".answer-asked [lang=es]").get_text() == spanish.items[0]
    chosen = dict(spanish.options)[sample_answers()["phq9"]["items"][0]]
    assert answer.select_one("[lang=es]").get_text() == chosen
    scores = page.select_one(".score-list").get_text(" ", strip=True)
    assert "PHQ-9 (mood)" in scores and not page.select(".score-list [lang]")
