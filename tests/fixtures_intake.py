"""Fixtures for the intake tests: realistic answers and a factory that stores intakes for real."""

from __future__ import annotations

import copy
import re
import uuid

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.db import db

# The test client is faster than any person: no minimum fill time (a module's `pytestmark`).
NO_FILL_TIME = pytest.mark.app_config(INTAKE_MIN_FILL_SECONDS=0)
ABOUT = "/intake/about-you"


def soup(response) -> BeautifulSoup:
    """Parse a page."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def intake_count() -> int:
    """Stored intakes."""
    from portal.models import Intake

    return db.session.scalar(select(func.count()).select_from(Intake))


def save_and_get_link(client) -> str:
    """Answer two pages, press "Save and come back later", and return the link's path."""
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    data = {**step_posts()["about-you"], "action": "save"}
    response = client.post_form(ABOUT, data, token_page=ABOUT)
    assert response.headers["Location"].endswith("/intake/saved")
    link = soup(client.get("/intake/saved")).find(id="resume-link")["href"]
    return link.replace("http://localhost", "")


def sample_answers() -> dict:
    """A complete, valid set of intake answers in the layout of portal.intake.records."""
    return {
        "eligibility": {"age_ok": "yes", "area": "", "safety_risk": "no"},
        "about": {
            "full_name": "Amira Solberg-Núñez",
            "preferred_name": "Ami",
            "pronouns": "she/her",
            "date_of_birth": "1991-04-17",
            "email": "amira@example.org",
            "phone": "+1 555 0134 222",
            "contact_method": "email",
            "voicemail_ok": "yes",
            "email_ok": "yes",
            "region": "97214",
        },
        "reasons": {
            "own_words": "Since my father died in spring I have been sleeping badly and I snap "
            "at people I love. Work feels like wading through mud.",
            "hopes": "To feel like myself again and to grieve without falling apart.",
            "previous_therapy": "yes",
            "previous_detail": "Six sessions at university, which helped.",
            "medication": "",
            "other_providers": "My family doctor knows I am looking for a therapist.",
        },
        "phq9": {"items": [1, 2, 2, 1, 1, 1, 1, 0, 0], "difficulty": "somewhat"},
        "gad7": {"items": [2, 1, 1, 2, 0, 1, 1], "difficulty": "very"},
        "practical": {
            "mode": "either",
            "availability": ["weekday_evening", "weekend"],
            "payment": "insurance",
            "insurer": "Cascade Health",
            "member_number": "CH-20419",
            "heard_from": "doctor",
        },
        "consent": {"agreed": True, "typed_name": "Amira Solberg-Núñez"},
    }


@pytest.fixture
def make_intake(app):
    """Factory: store a complete intake through the real service (committed) and return it.

    Keyword arguments replace or update answer sections (a dict merges into the section);
    urgent=True answers the safety question "yes"; quarantined=True quarantines it as spam.
    """
    from portal.intake.service import submit_intake
    from portal.practice import get_practice

    def factory(urgent: bool = False, quarantined: bool = False, **section_overrides):
        """Store one intake with these changes to the sample answers."""
        answers = copy.deepcopy(sample_answers())
        for key, value in section_overrides.items():
            if isinstance(value, dict) and isinstance(answers.get(key), dict):
                answers[key].update(value)
            else:
                answers[key] = value
        if urgent:
            answers["eligibility"]["safety_risk"] = "yes"
        intake = submit_intake(
            answers,
            uuid.uuid4().hex,
            get_practice().consent_text,
            quarantine_reason="honeypot" if quarantined else "",
        ).intake
        db.session.commit()
        return intake

    return factory


def step_posts(answers: dict | None = None) -> dict[str, dict]:
    """The form data a person would post on each intake page to give these answers."""
    a = answers or sample_answers()
    about = dict(a["about"])
    year, month, day = about.pop("date_of_birth").split("-")
    reasons = a["reasons"]
    return {
        "age": {"age_ok": a["eligibility"]["age_ok"]},
        "safety": {"safety_risk": a["eligibility"]["safety_risk"]},
        "about-you": {**about, "dob_day": day, "dob_month": month, "dob_year": year},
        "what-brings-you": dict(reasons),
        "mood": {
            **{f"item_{i}": str(v) for i, v in enumerate(a["phq9"]["items"])},
            "difficulty": a["phq9"]["difficulty"],
        },
        "worry": {
            **{f"item_{i}": str(v) for i, v in enumerate(a["gad7"]["items"])},
            "difficulty": a["gad7"].get("difficulty", ""),
        },
        "practical": dict(a["practical"]),
        "consent": {"agreed": "y", "typed_name": a["consent"]["typed_name"]},
    }


@pytest.fixture
def fill_intake(client):
    """Walk the real intake pages with the test client, up to (not including) the final submit."""
    from portal.intake.flow import consent_hash
    from portal.practice import get_practice

    def walk(answers: dict | None = None, skip: tuple[str, ...] = ()) -> None:
        """Post every page (except those skipped) and expect a redirect each time."""
        for slug, data in step_posts(answers).items():
            if slug in skip:
                continue
            if slug == "consent":
                data["text_sha256"] = consent_hash(get_practice().consent_text)
            url = f"/intake/{slug}"
            response = client.post_form(url, data, token_page=url)
            assert response.status_code in (302, 303), (
                slug,
                response.get_data(as_text=True)[-3000:],
            )

    return walk


@pytest.fixture
def submit_intake_form(client):
    """Post the check page's form (as the browser would) and return the response."""
    from tests.conftest import CSRF_RE

    def submit(**extra):
        """Send the check page form plus any extra fields."""
        html = client.get("/intake/check").get_data(as_text=True)
        fields = dict(re.findall(r'name="(submission_id|started)"[^>]*value="([^"]*)"', html))
        token = CSRF_RE.search(html)
        data = {**fields, "csrf_token": token.group(1) if token else "", **extra}
        return client.post("/intake/check", data=data)

    return submit


# A form walked at machine speed, its notifications to a fixed address.
WALK_CONFIG = {"INTAKE_MIN_FILL_SECONDS": 0, "NOTIFY_TO": "practice@example.org"}


def offer_form(url: str) -> None:
    """Store the built-in forms and offer this one on the start page beside the adult one."""
    from portal.questionnaires import service

    service.ensure_builtin_forms()
    service.set_offered(service.by_url(url), True, None)
    db.session.commit()
