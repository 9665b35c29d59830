"""Bad input on the intake pages: clear messages, kept values, never a 500, nothing stored."""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from portal.db import db
from portal.inputs import has_bad_characters
from portal.intake.records import read_answers
from portal.models import Intake, IntakeDraft
from tests.fixtures_intake import NO_FILL_TIME, soup, step_posts

ABOUT = "/intake/about-you"
pytestmark = NO_FILL_TIME


def post_about(client, **changes):
    """Post the About you page with some answers changed."""
    return client.post_form(ABOUT, {**step_posts()["about-you"], **changes}, token_page=ABOUT)


def assert_error_page(response, message: str) -> BeautifulSoup:
    """The GOV.UK error pattern: Error: title, summary linking to the field, inline message."""
    page = soup(response)
    assert response.status_code == 200
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".error-summary")
    assert summary is not None and message in summary.get_text()
    target = summary.select_one("a")["href"].lstrip("#")
    assert page.find(id=target) is not None
    assert message in page.select_one(".error-message").get_text()
    return page


def rows(model) -> int:
    """Rows in a table."""
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Enter your full name"),
        ({"full_name": "   "}, "Enter your full name"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"email": "a@b"}, "Enter an email address in the correct format"),
        ({"phone": "call me maybe"}, "Enter a phone number"),
        ({"phone": "12"}, "Enter a phone number"),
        ({"phone": "", "contact_method": "phone"}, "Enter a phone number, or choose email"),
        ({"dob_day": "31", "dob_month": "2", "dob_year": "1990"}, "must be a real date"),
        ({"dob_day": "", "dob_month": "", "dob_year": ""}, "Enter your date of birth"),
        ({"dob_day": "1", "dob_month": "1", "dob_year": "2999"}, "must be in the past"),
        ({"dob_day": "x", "dob_month": "1", "dob_year": "1990"}, "must be a real date"),
        ({"dob_year": "90"}, "Year must include 4 numbers"),
        ({"full_name": "A" * 121}, "must be 120 characters or fewer"),
        ({"full_name": "Ann\x00Lee"}, "contains a character we cannot store"),
        ({"region": "abc\x07"}, "contains a character we cannot store"),
        ({"contact_method": "pigeon"}, "Select how we should contact you"),
        ({"contact_method": ""}, "Select how we should contact you"),
    ],
)
def test_intake_about_page_bad_input_is_explained_and_values_kept(client, changes, message):
    response = post_about(client, **changes)
    page = assert_error_page(response, message)
    other = "email" if "email" not in changes else "region"
    assert page.find(id=other)["value"] == step_posts()["about-you"][other]
    assert rows(IntakeDraft) == 0


def test_intake_long_narrative_over_limit_keeps_text(client):
    url = "/intake/what-brings-you"
    long_text = "word " * 2001  # 10,005 characters
    data = {**step_posts()["what-brings-you"], "own_words": long_text}
    page = assert_error_page(
        client.post_form(url, data, token_page=url), "10,000 characters or fewer"
    )
    assert page.find(id="own_words").get_text() == long_text


def test_intake_questionnaire_missing_items_are_each_named(client):
    data = {"item_0": "1", "item_1": "9", "difficulty": "very"}
    page = assert_error_page(
        client.post_form("/intake/worry", data, token_page="/intake/worry"),
        "Select an answer for: Not being able to stop",
    )
    assert len(page.select(".error-summary-list li")) == 6
    assert page.find(id="item_0-0").has_attr("checked") is False
    assert page.find(id="item_0-1").has_attr("checked")


def test_intake_unusual_text_round_trips_exactly(client, fill_intake, submit_intake_form):
    tricky = "Zoë \u202eevil\u202c عربي 😀 <script>alert(1)</script> {{7*7}}\r\nline two "
    narrative = (tricky * 200)[:10_000]
    answers = step_posts()
    fill_intake()
    url = "/intake/what-brings-you"
    data = {**answers["what-brings-you"], "own_words": narrative, "hopes": tricky}
    assert client.post_form(url, data, token_page=url).status_code == 302
    check = client.get("/intake/check").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in check and "&lt;script&gt;" in check
    assert submit_intake_form().status_code == 302
    stored = read_answers(db.session.scalars(select(Intake)).one())
    assert stored["reasons"]["own_words"] == narrative
    assert stored["reasons"]["hopes"] == tricky


def test_intake_lone_surrogate_bytes_are_never_a_500(client):
    token = client.csrf_token(ABOUT)
    body = f"csrf_token={token}&full_name=%ED%A0%80&dob_day=1".encode()
    response = client.post(ABOUT, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert has_bad_characters("a\ud800b") and not has_bad_characters("Zoë\t\n")


def test_intake_oversize_post_gets_friendly_413(client):
    token = client.csrf_token(ABOUT)
    response = client.post(ABOUT, data={"csrf_token": token, "full_name": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in soup(response).h1.get_text()


def test_intake_extra_fields_are_ignored(client, fill_intake, submit_intake_form):
    fill_intake()
    submit_intake_form(
        id="1",
        status="closed",
        created_at="2000-01-01",
        therapist_id="7",
        is_urgent="y",
        reference="AAA-AAAAA",
    )
    intake = db.session.scalars(select(Intake)).one()
    assert intake.status == "new" and intake.id != "1" and intake.reference != "AAA-AAAAA"
    assert not intake.is_urgent and intake.assigned_to_id is None


def test_intake_post_without_csrf_token_is_400_with_answers_kept(client, caplog):
    data = step_posts()["about-you"]
    with caplog.at_level(logging.WARNING):
        response = client.post(ABOUT, data=data)
    assert response.status_code == 400
    page = soup(response)
    assert page.find(id="full_name")["value"] == data["full_name"]
    assert "timed out" in page.select_one(".notice").get_text()
    assert rows(IntakeDraft) == 0
    assert "csrf_failure" in caplog.text and data["full_name"] not in caplog.text


def test_intake_expired_csrf_token_keeps_answers_then_saves(client, app):
    app.config["WTF_CSRF_TIME_LIMIT"] = -1  # every token is already expired
    data = step_posts()["about-you"]
    response = client.post_form(ABOUT, data, token_page=ABOUT)
    assert response.status_code == 400
    page = soup(response)
    assert page.find(id="email")["value"] == data["email"]
    fresh = page.find("input", attrs={"name": "csrf_token"})["value"]
    app.config["WTF_CSRF_TIME_LIMIT"] = 8 * 3600
    again = client.post(ABOUT, data={**data, "csrf_token": fresh})
    assert again.status_code == 302 and rows(IntakeDraft) == 1


def test_intake_database_error_shows_503_and_keeps_answers(client, monkeypatch, caplog):
    def fail():
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    data = step_posts()["about-you"]
    token = client.csrf_token(ABOUT)
    monkeypatch.setattr(db.session, "commit", fail)
    response = client.post(ABOUT, data={**data, "csrf_token": token})
    monkeypatch.undo()
    assert response.status_code == 503
    page = soup(response)
    assert "not been saved" in page.select_one(".notice").get_text()
    assert page.find(id="full_name")["value"] == data["full_name"]
    assert rows(IntakeDraft) == 0
    assert data["full_name"] not in caplog.text


@pytest.mark.parametrize("value", ["\x00" + "a" * 31, "' OR 1=1--", "x" * 5000])
def test_intake_check_post_with_hostile_submission_id_is_never_a_500(client, value):
    token = client.csrf_token("/intake/age")
    response = client.post("/intake/check", data={"csrf_token": token, "submission_id": value})
    assert response.status_code in (302, 303)
    assert "/intake/" in response.headers["Location"]
    assert rows(Intake) == 0


def test_intake_submit_database_error_is_503_then_retry_stores_one(
    client, fill_intake, monkeypatch
):
    fill_intake()
    page = soup(client.get("/intake/check"))
    data = {i["name"]: i.get("value", "") for i in page.select("form input[type=hidden]")}
    real_commit = db.session.commit

    def fail():
        raise OperationalError("COMMIT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(db.session, "commit", fail)
    response = client.post("/intake/check", data=data)
    monkeypatch.setattr(db.session, "commit", real_commit)
    assert response.status_code == 503
    failed = soup(response)
    assert "not been saved" in failed.select_one(".notice").get_text()
    assert "Amira Solberg-Núñez" in failed.get_text()
    assert rows(Intake) == 0
    retry = client.post("/intake/check", data=data)
    assert retry.headers["Location"].endswith("/intake/done")
    assert rows(Intake) == 1


def test_intake_busy_database_before_saving_keeps_answers_not_500(client, monkeypatch, caplog):
    """A lock wait that runs out while loading the draft (before any save) is a 503, not a 500."""
    from portal.intake import service as intake_service

    data = step_posts()["about-you"]
    token = client.csrf_token(ABOUT)

    def locked(*args, **kwargs):
        raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

    monkeypatch.setattr(intake_service, "load_draft", locked)
    response = client.post(ABOUT, data={**data, "csrf_token": token})
    monkeypatch.undo()
    assert response.status_code == 503
    page = soup(response)
    assert "not been saved" in page.select_one(".notice").get_text()
    assert page.find(id="full_name")["value"] == data["full_name"]
    assert data["full_name"] not in caplog.text


def test_busy_database_elsewhere_is_a_friendly_503(app, client, monkeypatch):
    def locked():
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "execute", lambda *a, **k: locked())
    response = client.get("/healthz")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Traceback" not in response.get_data(as_text=True)
