"""Words a person reads after an urgent answer, on help lists, on the shelf and in the demo."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from tests.fixtures_intake import NO_FILL_TIME, sample_answers

pytestmark = NO_FILL_TIME


def text_of(response) -> str:
    """A page's text as a person reads it."""
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return " ".join(page.get_text(" ").split())


def test_intake_urgent_confirmation_says_what_happens(client, fill_intake, submit_intake_form):
    answers = sample_answers()
    answers["eligibility"]["safety_risk"] = "yes"
    fill_intake(answers)
    submit_intake_form()
    assert db.session.scalars(select(Intake)).one().is_urgent
    text = text_of(client.get("/intake/done"))
    assert "working day" not in text
    assert "not watched around the clock" in text and "marked your enquiry as urgent" in text
    assert "988" in text


def test_intake_routine_confirmation_keeps_the_reply_window(
    client, fill_intake, submit_intake_form
):
    fill_intake()
    submit_intake_form()
    text = text_of(client.get("/intake/done"))
    assert "within 2 working days" in text and "marked your enquiry as urgent" not in text


def test_intake_urgent_help_page_lists_the_numbers_once(client):
    html = client.get("/intake/urgent-help").get_data(as_text=True)
    page = BeautifulSoup(html, "html.parser")
    assert html.count("Crisis Text Line") == 1
    assert page.select_one("aside.urgent-help a")["href"] == "#help-now"
    assert page.find(id="help-now").find(string=lambda s: "988" in s)


def test_crisis_text_line_is_a_tappable_sms_link(client):
    page = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    link = page.select_one("aside.urgent-help a[href^='sms:']")
    assert link["href"] == "sms:741741?body=HOME"
    assert link.get_text() == "Text HOME to 741741"


def test_shelf_curation_empty_drafts_reads_naturally(client, owner, login_as):
    login_as(owner)
    text = text_of(client.get("/clinician/shelf/?status=draft"))
    assert "There are no draft articles." in text and "drafts articles" not in text
