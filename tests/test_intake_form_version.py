"""The journey answers the published adult form version, and every intake keeps its version."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from portal.questionnaires import ADULT_URL, service
from tests.fixtures_clinician import page_text
from tests.fixtures_intake import sample_answers

OLD_NAME = "Full name"
NEW_NAME = "Your name as you would like us to write it"
OLD_SAFETY = "Are you thinking about ending your life or harming yourself?"
NEW_SAFETY = "Are you having thoughts of ending your life, or of hurting yourself?"


@pytest.fixture
def app_config():
    """No minimum fill time: the test client fills the form in at once."""
    return {"INTAKE_MIN_FILL_SECONDS": 0}


@pytest.fixture
def send_intake(fill_intake, submit_intake_form):
    """Walk every page with these answers and send the enquiry; returns the stored intake."""

    def send(answers: dict | None = None) -> Intake:
        """One full journey through the pages, then the submit."""
        before = set(db.session.scalars(select(Intake.id)))
        fill_intake(answers)
        assert submit_intake_form().headers["Location"].endswith("/intake/done")
        db.session.expire_all()
        return next(i for i in db.session.scalars(select(Intake)) if i.id not in before)

    return send


def publish_reworded() -> int:
    """Publish a new adult version with the name and safety questions reworded."""
    form = service.by_url(ADULT_URL)
    data = json.loads(service.export_definition(form))
    for page in data["item"]:
        for item in page["item"]:
            if item["linkId"] == "about.full_name":
                item["text"] = NEW_NAME
            if item["linkId"] == "eligibility.safety_risk":
                item["text"] = page["text"] = NEW_SAFETY
    version = service.publish(service.new_draft(form, data, None), None)
    db.session.commit()
    return version.version


def detail(client, intake: Intake) -> str:
    """The clinician's page of one intake, as text."""
    return page_text(client.get(f"/clinician/intakes/{intake.id}"))


def test_intake_records_the_form_version_it_answered(send_intake):
    first = send_intake()
    assert (first.form_url, first.form_version) == (ADULT_URL, 1)
    number = publish_reworded()
    second = send_intake()
    assert number == 2 and (second.form_url, second.form_version) == (ADULT_URL, 2)


def test_reworded_version_leaves_earlier_intake_with_its_own_wording(
    client, send_intake, login_as, clinician
):
    earlier = send_intake()
    publish_reworded()
    assert NEW_NAME in page_text(client.get("/intake/about-you"))
    later = send_intake()
    login_as(clinician)
    old_page, new_page = detail(client, earlier), detail(client, later)
    assert f"{OLD_NAME} Amira" in old_page and NEW_NAME not in old_page
    assert OLD_SAFETY in old_page and NEW_SAFETY not in old_page
    assert f"{NEW_NAME} Amira" in new_page and NEW_SAFETY in new_page


def test_check_page_shows_the_question_text_of_the_version(client, fill_intake, send_intake):
    send_intake()
    publish_reworded()
    fill_intake()
    check = page_text(client.get("/intake/check"))
    assert f"{NEW_NAME} Amira" in check and NEW_SAFETY in check


def test_risk_answer_of_a_new_version_shows_help_and_flags_urgent(client, send_intake):
    send_intake()
    publish_reworded()
    assert NEW_SAFETY in page_text(client.get("/intake/safety"))
    response = client.post_form(
        "/intake/safety", {"safety_risk": "yes"}, token_page="/intake/safety"
    )
    assert "/intake/urgent-help" in response.headers["Location"]
    assert "988" in page_text(client.get(response.headers["Location"]))
    answers = copy.deepcopy(sample_answers())
    answers["eligibility"]["safety_risk"] = "yes"
    intake = send_intake(answers)
    assert intake.form_version == 2 and intake.is_urgent


def test_json_export_words_each_question_as_the_version_the_client_answered(
    client, send_intake, login_as, clinician
):
    earlier = send_intake()
    publish_reworded()
    later = send_intake()
    login_as(clinician)
    with client.session_transaction() as session:
        session["_fresh"] = True

    def question_texts(intake: Intake) -> dict[str, str]:
        response = client.get(f"/clinician/intakes/{intake.id}.json")
        assert response.status_code == 200, response.headers.get("Location")
        resource = json.loads(response.data)
        assert resource["questionnaire"].endswith(f"|{intake.form_version}")
        return {i["linkId"]: i["text"] for g in resource["item"] for i in g["item"]}

    assert question_texts(earlier)["about.full_name"] == OLD_NAME
    assert question_texts(later)["about.full_name"] == NEW_NAME
