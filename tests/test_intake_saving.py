"""Consent must be given, and "Save and come back later" keeps a half-done page as typed."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.intake import flow, service
from portal.models import Intake, IntakeDraft
from tests.fixtures_intake import NO_FILL_TIME, intake_count, sample_answers, soup, step_posts

CONSENT = "/intake/consent"
REASONS = "/intake/what-brings-you"
pytestmark = NO_FILL_TIME


def draft_answers() -> dict:
    """The content of the one draft in the database."""
    return service.read_draft(db.session.scalars(select(IntakeDraft)).one())


def test_intake_consent_unticked_box_is_an_error_and_nothing_is_sent(
    client, fill_intake, submit_intake_form
):
    fill_intake(skip=("consent",))
    data = {"typed_name": "Amira Solberg-Núñez", "text_sha256": _consent_hash(client)}
    response = client.post_form(CONSENT, data, token_page=CONSENT)
    page = soup(response)
    assert response.status_code == 200
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".error-summary")
    message = "Select the box to confirm you agree before you continue"
    assert summary.a.get_text() == message and summary.a["href"] == "#agreed"
    assert page.select_one("#agreed-error").get_text(" ", strip=True) == f"Error: {message}"
    assert page.find(id="typed_name")["value"] == "Amira Solberg-Núñez"
    assert client.get("/intake/check").headers["Location"].endswith(CONSENT)
    submit_intake_form()
    assert intake_count() == 0


def test_intake_consent_not_agreed_in_a_draft_cannot_be_submitted(app):
    answers = sample_answers()
    answers["consent"]["agreed"] = False
    with pytest.raises(service.IntakeIncomplete) as raised:
        service.submit_intake(answers, uuid.uuid4().hex, "statement")
    assert raised.value.section == "consent" and intake_count() == 0


def test_intake_save_later_keeps_a_half_done_page_as_typed(client):
    typed = {"own_words": "I cannot sleep since the move.", "hopes": "Rest", "action": "save"}
    response = client.post_form(REASONS, typed, token_page=REASONS)
    assert response.headers["Location"].endswith("/intake/saved")
    section = draft_answers()["answers"]["reasons"]
    assert section["own_words"] == typed["own_words"] and section["hopes"] == "Rest"
    assert section["previous_therapy"] is None
    page = soup(client.get(REASONS))
    assert page.find(id="own_words").get_text() == typed["own_words"]
    assert page.select_one(".error-summary") is None


def test_intake_save_later_keeps_a_wrong_looking_email_and_date(client):
    url = "/intake/about-you"
    typed = {
        "full_name": "Ana",
        "email": "ana@",
        "dob_day": "31",
        "dob_month": "2",
        "action": "save",
    }
    assert client.post_form(url, typed, token_page=url).headers["Location"].endswith("/saved")
    page = soup(client.get(url))
    assert page.find(id="email")["value"] == "ana@"
    assert (page.find(id="dob_day")["value"], page.find(id="dob_month")["value"]) == ("31", "2")
    assert page.find(id="dob_year")["value"] == ""


def test_intake_save_later_page_must_be_finished_before_check(client, fill_intake):
    fill_intake()
    typed = {**step_posts()["what-brings-you"], "previous_therapy": "", "action": "save"}
    client.post_form(REASONS, typed, token_page=REASONS)
    assert client.get("/intake/check").headers["Location"].endswith(REASONS)
    finished = {**step_posts()["what-brings-you"]}
    assert client.post_form(REASONS, finished, token_page=REASONS).status_code == 302
    assert client.get("/intake/check").status_code == 200


def test_intake_save_later_still_refuses_text_that_cannot_be_stored(client):
    typed = {"own_words": "x" * 10_001, "hopes": "Rest", "action": "save"}
    response = client.post_form(REASONS, typed, token_page=REASONS)
    page = soup(response)
    assert response.status_code == 200 and "10,000 characters or fewer" in page.get_text()
    assert page.find(id="hopes").get_text() == "Rest"
    assert page.find(id="own_words").get_text() == "x" * 10_001
    assert "Select yes if you have had therapy" not in page.get_text()
    assert db.session.scalar(select(func.count()).select_from(IntakeDraft)) == 0


def test_intake_save_later_drops_choices_that_are_not_on_the_list(client):
    url = "/intake/practical"
    typed = {"availability": ["weekend", "midnight"], "mode": "teleport", "action": "save"}
    client.post_form(url, typed, token_page=url)
    section = draft_answers()["answers"]["practical"]
    assert section["availability"] == ["weekend"] and section["mode"] is None


@pytest.mark.parametrize("slug", ["mood", "worry"])
def test_intake_difficulty_asked_only_after_a_problem(client, slug):
    count = 9 if slug == "mood" else 7
    url = f"/intake/{slug}"
    none = {f"item_{i}": "0" for i in range(count)}
    assert client.post_form(url, none, token_page=url).status_code == 302
    some = {**none, "item_1": "2"}
    page = soup(client.post_form(url, some, token_page=url))
    assert "Select how difficult these problems have made things" in page.get_text()
    assert client.post_form(url, {**some, "difficulty": "very"}, token_page=url).status_code == 302
    assert draft_answers()["answers"]["phq9" if slug == "mood" else "gad7"]["difficulty"] == "very"


def _consent_hash(client) -> str:
    """The fingerprint of the consent text the page shows."""
    from portal.practice import get_practice

    with client.application.app_context():
        return flow.consent_hash(get_practice().consent_text)


def test_intake_save_later_resume_link_leads_back_to_the_unfinished_page(app, client, fill_intake):
    fill_intake()
    typed = {**step_posts()["what-brings-you"], "previous_therapy": "", "action": "save"}
    client.post_form(REASONS, typed, token_page=REASONS)
    link = soup(client.get("/intake/saved")).find(id="resume-link")["href"]
    later = app.test_client()
    response = later.get(link.split("localhost", 1)[-1])
    assert response.headers["Location"].endswith(REASONS)


def test_intake_spam_trap_is_hidden_from_people_but_a_filled_one_quarantines(
    client, fill_intake, submit_intake_form
):
    page = soup(client.get(REASONS))
    trap = page.find(id="website")
    assert trap.find_parent(attrs={"aria-hidden": "true"}) is not None
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    fill_intake()
    filled = {**step_posts()["what-brings-you"], "website": "http://spam.example"}
    assert client.post_form(REASONS, filled, token_page=REASONS).status_code == 302
    assert submit_intake_form().headers["Location"].endswith("/intake/done")
    intake = db.session.scalars(select(Intake)).one()
    assert intake.is_quarantined and intake.quarantine_reason == "honeypot"


def test_intake_consent_unagreed_draft_goes_back_to_consent(client, fill_intake):
    fill_intake()
    draft = db.session.scalars(select(IntakeDraft)).one()
    data = service.read_draft(draft)
    data["answers"]["consent"]["agreed"] = False  # as a draft saved before the box was enforced
    service.save_draft(draft, data, 14)
    db.session.commit()
    assert client.get("/intake/check").headers["Location"].endswith(CONSENT)
