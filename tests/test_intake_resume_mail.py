"""Resume-link email is limited per draft and per address, kindly, with the link still on screen."""

from __future__ import annotations

import uuid

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.db import db
from portal.intake import notify
from portal.models import OutboxMessage
from tests.fixtures_intake import step_posts
from tests.test_auth_sessions import redis_url

SAVED = "/intake/saved"
KIND_MESSAGE = "we cannot send more emails with this link just now"


LIMITS = {
    "INTAKE_MIN_FILL_SECONDS": 0,
    "INTAKE_RESUME_MAIL_LIMIT": "3 per hour",
    "INTAKE_RESUME_MAIL_ADDRESS_LIMIT": "3 per day",
}
SHARED = {  # the limiter storage several workers share
    **LIMITS,
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/1",
    "RATELIMIT_KEY_PREFIX": f"portal-test-{uuid.uuid4().hex}",
}
BOTH = pytest.mark.parametrize("app_config", [LIMITS, SHARED], ids=["memory", "redis"])


@pytest.fixture
def app_config():
    """No minimum fill time; the limits spelled out so the test reads on its own."""
    return LIMITS


@pytest.fixture(autouse=True)
def storage_answers(app_config):
    """Skip the shared-storage runs when no Redis answers on the loopback."""
    if "redis" in app_config.get("RATELIMIT_STORAGE_URI", "") and redis_url() is None:
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def save_draft(client) -> str:
    """Answer two pages, save for later, and return the link shown on the saved page."""
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    data = {**step_posts()["about-you"], "action": "save"}
    client.post_form("/intake/about-you", data, token_page="/intake/about-you")
    return page(client.get(SAVED)).find(id="resume-link")["href"]


def page(response) -> BeautifulSoup:
    """Parse a page."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def ask_for_email(client, address: str):
    """Press "Email me the link" with this address."""
    return client.post_form(SAVED, {"email": address}, token_page=SAVED)


def resume_mails() -> int:
    """How many resume-link emails were queued (sent or not)."""
    db.session.rollback()
    query = select(func.count()).where(OutboxMessage.kind == notify.KIND_RESUME_LINK)
    return db.session.scalar(query.select_from(OutboxMessage))


@BOTH
def test_forty_addresses_from_one_draft_are_refused_after_the_limit_kindly(client):
    link = save_draft(client)
    answers = [ask_for_email(client, f"person{n}@example.org") for n in range(40)]
    assert all(response.status_code == 200 for response in answers)
    assert resume_mails() == 3
    for response in answers[:3]:  # no SMTP server here, so each is queued for a retry
        assert "We could not send the email just yet" in response.get_data(as_text=True)
    for response in answers[3:]:
        shown = page(response)
        assert KIND_MESSAGE in shown.get_text(" ", strip=True)
        assert shown.find(id="resume-link")["href"] == link  # nothing is lost


@BOTH
def test_one_address_from_several_drafts_is_limited_with_the_same_words(app, client):
    browsers = [app.test_client() for _ in range(5)]
    answers = []
    for browser in browsers:
        save_draft(browser)
        answers.append(ask_for_email(browser, "Same.Person@example.org "))
    assert resume_mails() == 3
    refused = [page(response).get_text(" ", strip=True) for response in answers[3:]]
    assert all(KIND_MESSAGE in text for text in refused)
    # A fresh draft's first refusal reads exactly like a draft that has sent too many, so the
    # page never tells whether this address was used before.
    other = app.test_client()
    save_draft(other)
    for n in range(3):
        ask_for_email(other, f"other{n}@example.org")
    own_limit = page(ask_for_email(other, "fourth@example.org")).find(class_="notice")
    assert own_limit.get_text(strip=True) == page(answers[4]).find(class_="notice").get_text(
        strip=True
    )
    # The address is counted however it is written.
    last = app.test_client()
    save_draft(last)
    assert KIND_MESSAGE in page(ask_for_email(last, "same.person@EXAMPLE.org")).get_text()


def test_the_limit_is_set_in_configuration(app, client):
    app.config["INTAKE_RESUME_MAIL_LIMIT"] = "1 per hour"
    save_draft(client)
    ask_for_email(client, "first@example.org")
    assert KIND_MESSAGE in page(ask_for_email(client, "second@example.org")).get_text()
    assert resume_mails() == 1
