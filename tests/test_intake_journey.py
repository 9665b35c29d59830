"""The intake journey through the test client: pages, check your answers, submit, confirmation."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.db import db
from portal.intake.records import read_answers
from portal.models import Intake, IntakeDraft, OutboxMessage
from tests.fixtures_intake import NO_FILL_TIME, sample_answers, soup

pytestmark = NO_FILL_TIME


def test_intake_complete_journey_stores_one_intake(client, fill_intake, submit_intake_form):
    fill_intake()
    page = soup(client.get("/intake/check"))
    assert page.h1.get_text() == "Check your answers before sending your enquiry"
    assert "Amira Solberg-Núñez" in page.get_text()
    response = submit_intake_form()
    assert response.headers["Location"].endswith("/intake/done")
    done = client.get("/intake/done")
    intake = db.session.scalars(select(Intake)).one()
    assert intake.reference in done.get_data(as_text=True)
    answers = read_answers(intake)
    expected = sample_answers()
    for key in ("about", "reasons", "practical", "consent"):
        assert answers[key] == expected[key]
    assert answers["phq9"]["score"] == 9 and answers["phq9"]["band"] == "mild"
    assert not intake.is_urgent and not intake.is_quarantined
    assert db.session.scalar(select(func.count()).select_from(IntakeDraft)) == 0
    assert db.session.scalars(select(OutboxMessage)).one().payload == {"urgent": False}
    assert "no-store" in done.headers.get("Cache-Control", "")


def test_intake_service_area_question_and_outside_area(client):
    from portal.practice import default_practice

    practice = default_practice()
    practice.service_areas = ["Oregon", "Washington"]
    db.session.add(practice)
    db.session.commit()
    response = client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    assert response.headers["Location"].endswith("/intake/where-you-live")
    page = soup(client.get("/intake/where-you-live"))
    labels = [label.get_text() for label in page.select(".choice-label")]
    assert labels == ["Oregon", "Washington", "Somewhere else"]
    url = "/intake/where-you-live"
    outside = client.post_form(url, {"area": "__outside__"}, token_page=url)
    text = soup(client.get(outside.headers["Location"])).get_text()
    assert "only see people who live in Oregon and Washington" in text
    inside = client.post_form(url, {"area": "Oregon"}, token_page=url)
    assert inside.headers["Location"].endswith("/intake/safety")


def test_intake_start_page_tells_people_what_to_expect(client):
    page = soup(client.get("/intake/"))
    text = page.get_text(" ")
    assert "not watched around the clock" in text and "988" in text
    assert "adults aged 18 or over" in text and "2 working days" in text
    assert page.select_one("a.button-start")["href"] == "/intake/age"
