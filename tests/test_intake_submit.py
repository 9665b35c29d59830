"""Final submit: idempotency, risk answers, spam quarantine and the per-IP limit."""

from __future__ import annotations

import threading

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.db import db
from portal.models import Intake
from tests.fixtures_intake import sample_answers, step_posts


@pytest.fixture
def app_config():
    """No minimum fill time unless a test asks for one."""
    return {"INTAKE_MIN_FILL_SECONDS": 0}


def soup(response) -> BeautifulSoup:
    """Parse a page."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def stored() -> list[Intake]:
    """All stored intakes."""
    return list(db.session.scalars(select(Intake)))


def test_intake_double_submit_in_sequence_stores_one(client, fill_intake):
    fill_intake()
    html = client.get("/intake/check").get_data(as_text=True)
    page = BeautifulSoup(html, "html.parser")
    data = {i["name"]: i.get("value", "") for i in page.select("form input[type=hidden]")}
    first = client.post("/intake/check", data=data)
    second = client.post("/intake/check", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(stored()) == 1
    assert stored()[0].reference in client.get("/intake/done").get_data(as_text=True)


def test_intake_double_submit_concurrently_stores_one(app, client, fill_intake):
    fill_intake()
    page = soup(client.get("/intake/check"))
    data = {i["name"]: i.get("value", "") for i in page.select("form input[type=hidden]")}
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    results = []
    db.session.rollback()  # end the test's own read transaction before the racing requests

    def post() -> None:
        other = app.test_client()
        other.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
        results.append(other.post("/intake/check", data=data).status_code)

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302] * 4
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Intake)) == 1


def test_intake_safety_yes_shows_help_at_once_and_flags_urgent(
    client, fill_intake, submit_intake_form
):
    response = client.post_form(
        "/intake/safety", {"safety_risk": "yes"}, token_page="/intake/safety"
    )
    help_page = soup(client.get(response.headers["Location"]))
    assert "988" in help_page.select_one(".intake-interruption").get_text()
    assert help_page.select_one("a.button")["href"] == "/intake/about-you"
    answers = sample_answers()
    answers["eligibility"]["safety_risk"] = "yes"
    fill_intake(answers)
    submit_intake_form()
    intake = stored()[0]
    assert intake.is_urgent
    done = soup(client.get("/intake/done")).get_text()
    assert "988" in done and "not watched around the clock" in done


def test_intake_phq9_item9_shows_help_and_flags_urgent(client, fill_intake, submit_intake_form):
    answers = sample_answers()
    answers["phq9"]["items"][8] = 2
    data = step_posts(answers)["mood"]
    response = client.post_form("/intake/mood", data, token_page="/intake/mood")
    assert "/intake/urgent-help" in response.headers["Location"]
    fill_intake(answers)
    submit_intake_form()
    assert stored()[0].is_urgent


def test_intake_not_eligible_by_age(client):
    response = client.post_form("/intake/age", {"age_ok": "no"}, token_page="/intake/age")
    page = soup(client.get(response.headers["Location"]))
    assert "only work with adults aged 18" in page.get_text()


def test_intake_honeypot_is_quarantined_with_the_same_confirmation(
    client, fill_intake, submit_intake_form
):
    fill_intake()
    response = submit_intake_form(website="http://spam.example")
    assert response.headers["Location"].endswith("/intake/done")
    page = soup(client.get("/intake/done"))
    intake = stored()[0]
    assert intake.is_quarantined and intake.quarantine_reason == "honeypot"
    assert page.h1.get_text() == "Enquiry sent" and intake.reference in page.get_text()


@pytest.mark.parametrize(
    ("config", "started", "reason"),
    [
        ({"INTAKE_MIN_FILL_SECONDS": 3600}, None, "too_fast"),
        ({}, "tampered", "timestamp"),
        ({}, "", "timestamp"),
    ],
)
def test_intake_fast_or_tampered_timestamp_is_quarantined(
    app, client, fill_intake, submit_intake_form, config, started, reason
):
    app.config.update(config)
    fill_intake()
    extra = {} if started is None else {"started": started}
    assert submit_intake_form(**extra).headers["Location"].endswith("/intake/done")
    intake = stored()[0]
    assert intake.is_quarantined and intake.quarantine_reason == reason


def test_intake_submit_rate_limit_sixth_is_429(app, client, fill_intake, submit_intake_form):
    for _ in range(5):
        fill_intake()
        assert submit_intake_form().status_code == 302
    fill_intake()
    response = submit_intake_form()
    assert response.status_code == 429
    assert "Too many attempts" in soup(response).h1.get_text()
    assert len(stored()) == 5
    spoofed = client.post_form(
        "/intake/check", {}, token_page="/intake/age", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert spoofed.status_code == 429


def test_intake_check_page_change_link_returns_to_check(client, fill_intake):
    fill_intake()
    page = soup(client.get("/intake/check"))
    change = next(a for a in page.select(".summary-row a") if "email address" in a.get_text())
    assert change["href"] == "/intake/about-you?from=check"
    form_page = soup(client.get(change["href"]))
    assert form_page.find(id="email")["value"] == "amira@example.org"
    assert form_page.select_one("a.back-link")["href"] == "/intake/check"
    data = {**step_posts()["about-you"], "email": "new@example.org"}
    response = client.post_form(change["href"], data, token_page=change["href"])
    assert response.headers["Location"].endswith("/intake/check")
    assert "new@example.org" in client.get("/intake/check").get_data(as_text=True)


def test_intake_check_page_sends_back_to_first_unanswered_page(client, fill_intake):
    fill_intake(skip=("worry", "practical", "consent"))
    assert client.get("/intake/check").headers["Location"].endswith("/intake/worry")


def test_intake_consent_must_be_read_again_when_the_text_changed(client):
    url = "/intake/consent"
    data = {"agreed": "y", "typed_name": "Ann Lee", "text_sha256": "0" * 64}
    response = client.post_form(url, data, token_page=url)
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    assert "statement changed" in page.select_one(".error-summary").get_text()
    assert page.find(id="typed_name")["value"] == "Ann Lee"


def test_intake_quarantine_reasons_have_words_for_staff():
    from portal.intake.summary import quarantine_label

    assert "hidden field" in quarantine_label("honeypot")
    assert "faster" in quarantine_label("too_fast")
