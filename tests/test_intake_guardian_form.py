"""The built-in form for a parent or guardian: about their child, in words addressed to them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.db import db
from portal.intake.records import read_answers
from portal.models import Intake
from portal.questionnaires import GUARDIAN_URL
from tests.fixtures_clinician import page_text
from tests.fixtures_intake import NO_FILL_TIME, offer_form, soup

PAGES = {
    "safety": {"safety_risk": "no"},
    "your-details": {
        "full_name": "Ana Ruiz",
        "relationship": "parent",
        "responsibility": "yes",
        "email": "ana@example.org",
        "phone": "",
        "contact_method": "email",
    },
    "your-child": {
        "full_name": "Leo Ruiz",
        "preferred_name": "Leo",
        "dob_day": "4",
        "dob_month": "6",
        "dob_year": "2012",
        "school": "",
        "knows": "yes",
    },
    "what-brings-you": {
        "own_words": "Leo has stopped wanting to go to school.",
        "child_words": "",
        "previous_therapy": "no",
        "previous_detail": "",
        "other_providers": "",
    },
    "consent": {"agreed": "y", "typed_name": "Ana Ruiz"},
}


@pytest.fixture
def offered(app):
    """The guardian form offered beside the adult one."""
    offer_form(GUARDIAN_URL)


def walk(client, pages: dict = PAGES) -> None:
    """Choose the form, then post every page as a parent would."""
    started = client.post_form("/intake/", {"form": "guardian"}, token_page="/intake/")
    assert started.headers["Location"].endswith("/intake/safety")
    for slug, data in pages.items():
        if slug == "consent":  # what the page carries, as a browser sends it back
            shown = soup(client.get("/intake/consent")).select_one("input[name=text_sha256]")
            data = {**data, "text_sha256": shown["value"]}
        response = client.post_form(f"/intake/{slug}", data, token_page=f"/intake/{slug}")
        assert response.status_code == 302, (slug, page_text(response)[:800])


def test_the_guardian_form_speaks_to_the_parent_about_their_child(client, offered):
    client.post_form("/intake/", {"form": "guardian"}, token_page="/intake/")
    safety = soup(client.get("/intake/safety"))
    assert "Is your child thinking about ending their life" in safety.h1.get_text()
    client.post_form("/intake/safety", {"safety_risk": "no"}, token_page="/intake/safety")
    child = page_text(client.get("/intake/your-child"))
    for words in ("Your child's full name", "Your child's date of birth", "Month Day Year"):
        assert words in child  # the boxes in the order the practice's country writes dates


@NO_FILL_TIME
def test_a_guardian_enquiry_arrives_with_the_child_and_the_consent(
    client, offered, submit_intake_form, signed_in_clinician
):
    walk(client)
    check = page_text(client.get("/intake/check"))
    assert "About your child" in check and "Leo Ruiz" in check
    assert submit_intake_form().status_code == 302
    intake = db.session.scalars(select(Intake)).one()
    assert (intake.form_url, intake.form_version) == (GUARDIAN_URL, 1)
    answers = read_answers(intake)
    assert answers["about"]["relationship"] == "parent"
    assert answers["child"]["date_of_birth"] == "2012-06-04"
    assert answers["consent"]["agreed"] is True
    assert "Ana Ruiz" in page_text(client.get("/clinician/intakes"))  # the inbox names the parent
    detail = page_text(client.get(f"/clinician/intakes/{intake.id}"))
    assert "Your relationship to the child Parent" in detail
    assert "Does your child know you are contacting us? Yes" in detail


def test_a_yes_to_the_safety_question_shows_help_and_flags_the_enquiry(
    client, offered, submit_intake_form
):
    client.post_form("/intake/", {"form": "guardian"}, token_page="/intake/")
    answered = client.post_form(
        "/intake/safety", {"safety_risk": "yes"}, token_page="/intake/safety"
    )
    assert answered.headers["Location"].startswith("/intake/urgent-help")
    walk(client, {**PAGES, "safety": {"safety_risk": "yes"}})
    assert submit_intake_form().status_code == 302
    assert db.session.scalars(select(Intake)).one().is_urgent


def test_a_guardian_without_legal_responsibility_is_told_before_consent(client, offered):
    pages = {**PAGES, "your-details": {**PAGES["your-details"], "responsibility": ""}}
    client.post_form("/intake/", {"form": "guardian"}, token_page="/intake/")
    client.post_form("/intake/safety", {"safety_risk": "no"}, token_page="/intake/safety")
    url = "/intake/your-details"
    refused = client.post_form(url, pages["your-details"], token_page=url)
    assert "Select yes if you have legal responsibility for the child's care" in page_text(refused)


def test_the_start_page_says_who_each_form_is_for(client, offered):
    start = soup(client.get("/intake/"))
    hints = {
        start.find("label", attrs={"for": radio["id"]}).get_text(strip=True): start.find(
            id=radio["aria-describedby"]
        ).get_text(strip=True)
        for radio in start.select("input[name=form]")
    }
    assert hints["For myself"].startswith("For yourself, if you are 18 or over")
    assert hints["For my child or teen"].startswith("If you are a parent or guardian")
    assert "We work with adults aged" not in page_text(client.get("/intake/"))
