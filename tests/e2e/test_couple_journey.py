"""A couple's enquiry in Chromium, keyboard only: the first partner answers the shared pages
and their own, the other opens the link from their email and answers only their own."""

from __future__ import annotations

import email
import re

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from tests.e2e.conftest import shot
from tests.e2e.test_intake_journey import (
    choose,
    continue_,
    fill_about,
    press_on,
    type_into,
)
from tests.loopback_mail import mail_to

FIRST_SECRET = "First partner's private words, typed by keyboard."
SECOND_SECRET = "Second partner's private words, typed by keyboard."
LINK_RE = re.compile(r"/intake/resume/[A-Za-z0-9_-]+")


@pytest.fixture
def couple_offered(live_server):
    """The couple form offered, and mail going to a loopback SMTP server, for this test."""
    from portal.models import Form
    from portal.questionnaires import ADULT_URL, COUPLE_URL, service

    app = live_server.app
    with app.app_context():
        service.ensure_builtin_forms()
        service.set_offered(service.by_url(COUPLE_URL), True, None)
        db.session.commit()
    with mail_to(app) as inbox:
        yield inbox
    with app.app_context():
        for form in db.session.scalars(select(Form).where(Form.url != ADULT_URL)):
            form.is_offered = False
        db.session.commit()


def eligible(tab) -> None:
    """The two questions each partner answers first: 18 or over, and the safety question."""
    choose(tab, "age_ok", 0)
    continue_(tab)
    choose(tab, "safety_risk", 1)
    continue_(tab)


def own_view(tab, words: str, feels_safe: int) -> None:
    """The page each partner answers alone."""
    type_into(tab, "#own_words", words)
    choose(tab, "feels_safe", feels_safe)
    choose(tab, "talk_alone", 1)


def link_for(inbox, to: str) -> str:
    """The path of the link in the email sent to this address."""
    (raw,) = [m for m in inbox.messages if f"To: {to}" in m]
    return LINK_RE.search(email.message_from_string(raw).get_payload(decode=True).decode())[0]


def test_a_couple_walk_their_own_parts_by_keyboard(
    page, browser, live_server, couple_offered, assert_accessible
):
    page.goto(live_server("/intake/"))
    shot(page, "couple-start")
    assert_accessible(page)  # each form's hint is read with its radio
    assert "partner gets their own link" in page.inner_text(".choice:has-text('couple') .hint")
    labels = page.locator("form .choice-label").all_inner_texts()
    choose(page, "form", labels.index("For us as a couple"))
    continue_(page, "Start now")
    eligible(page)
    fill_about(page, "Robin Keyboard", "robin@example.org")
    continue_(page)
    assert page.url.endswith("/intake/your-partner")
    type_into(page, "#full_name", "Sam Keyboard")
    type_into(page, "#email", "robin@example.org")
    continue_(page)  # their own address: the error round trip
    assert page.title().startswith("Error: ")
    assert "not your own" in page.inner_text(".error-summary")
    assert_accessible(page)
    type_into(page, "#email", "sam@example.org")
    continue_(page)
    shot(page, "couple-together")
    assert_accessible(page)
    type_into(page, "#own_words", "We would like to argue less.")
    choose(page, "previous_therapy", 1)
    continue_(page)
    choose(page, "mode", 2)
    press_on(page, "#availability-0", "Space")
    choose(page, "payment", 0)
    choose(page, "heard_from", 0)
    continue_(page)
    assert page.url.endswith("/intake/your-own-view")
    assert_accessible(page)
    own_view(page, FIRST_SECRET, 0)
    continue_(page)
    consent(page, "Robin Keyboard")
    assert page.url.endswith("/intake/check")
    continue_(page, "Send my enquiry")
    assert "We have emailed your partner a link" in page.inner_text("main")
    shot(page, "couple-done")

    other = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    other.goto(live_server(link_for(couple_offered, "sam@example.org")))
    assert other.url.endswith("/intake/age")
    assert "This is your own part of a couples enquiry" in other.inner_text("main")
    shot(other, "couple-partner-start")
    assert_accessible(other)
    eligible(other)
    fill_about(other, "Sam Keyboard", "sam@example.org")
    continue_(other)
    assert other.url.endswith("/intake/your-own-view")  # the shared pages were answered once
    own_view(other, SECOND_SECRET, 2)
    continue_(other)
    consent(other, "Sam Keyboard")
    assert other.url.endswith("/intake/check")
    check = other.inner_text("main")
    assert SECOND_SECRET in check
    for words in ("Robin", FIRST_SECRET, "We would like to argue less."):
        assert words not in check
    continue_(other, "Send my enquiry")
    assert other.url.endswith("/intake/done")
    with live_server.app.app_context():
        second = db.session.scalars(select(Intake).where(Intake.partner_of_id.is_not(None))).one()
        first = db.session.get(Intake, second.partner_of_id)
        assert first.form_url == second.form_url


def consent(tab, name: str) -> None:
    """Agree and sign: each partner gives their own consent."""
    press_on(tab, "#agreed", "Space")
    type_into(tab, "#typed_name", name)
    continue_(tab)
