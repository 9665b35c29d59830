"""Emails carry no client data: the whole notification equals the expected text; the resume
link goes only to the address given and never into a log."""

from __future__ import annotations

import email
import logging
from email import policy

import pytest
from bs4 import BeautifulSoup

from tests.fixtures_intake import step_posts
from tests.test_intake_privacy import canary_answers, free_port, smtp_server  # noqa: F401

ARRIVED = "2026-11-25 14:05:00"  # UTC; the practice's default zone is New York
NOT_URGENT = (
    "A new enquiry has arrived through the practice portal on 25 Nov 2026, 09:05 EST.\n\n"
    "It is not marked urgent.\n\n"
    "Sign in to read it: http://localhost/auth/login\n\n"
    "For privacy, this email never contains anything the person wrote.\n"
)
URGENT = NOT_URGENT.replace(
    "It is not marked urgent.",
    "It is marked URGENT: the person may be at risk. Please review it as soon as you can.",
)


@pytest.fixture
def app_config():
    """No minimum fill time; notifications go to a fixed address."""
    return {"INTAKE_MIN_FILL_SECONDS": 0, "NOTIFY_TO": "practice@example.org"}


def parse(raw: str) -> email.message.EmailMessage:
    """A received message as the practice's mail program would read it."""
    return email.message_from_string(raw, policy=policy.default)


@pytest.mark.parametrize(
    ("urgent", "subject", "body"),
    [
        (False, "New enquiry received", NOT_URGENT),
        (True, "URGENT: new enquiry received", URGENT),
    ],
)
def test_the_whole_notification_is_the_no_data_text(
    app,
    client,
    fill_intake,
    submit_intake_form,
    smtp_server,  # noqa: F811
    time_machine,
    urgent,
    subject,
    body,  # noqa: F811
):
    time_machine.move_to(ARRIVED, tick=False)  # the arrival time is the only variable line
    controller, inbox = smtp_server
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    fill_intake(canary_answers(urgent=urgent))
    submit_intake_form()
    assert len(inbox.messages) == 1
    message = parse(inbox.messages[0])
    assert message["Subject"] == subject
    assert message["To"] == "practice@example.org"
    assert message.get_content().replace("\r\n", "\n") == body
    assert message.get_content_type() == "text/plain" and not message.is_multipart()


def saved_draft_link(client) -> str:
    """Start an intake, save it after the about-you page, and read the resume link shown."""
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    data = {**step_posts(canary_answers())["about-you"], "action": "save"}
    client.post_form("/intake/about-you", data, token_page="/intake/about-you")
    page = BeautifulSoup(client.get("/intake/saved").data, "html.parser")
    return page.find(id="resume-link")["href"]


def token_of(link: str) -> str:
    """The secret part of a resume link."""
    return link.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("smtp", ["none", "working", "refused"])
def test_the_resume_link_is_never_logged(app, client, caplog, smtp_server, smtp):  # noqa: F811
    controller, inbox = smtp_server
    urls = {"none": None, "working": controller.port, "refused": free_port()}
    if urls[smtp]:
        app.config["SMTP_URL"] = f"smtp://127.0.0.1:{urls[smtp]}"
    with caplog.at_level(logging.DEBUG):
        link = saved_draft_link(client)
        client.post_form("/intake/saved", {"email": "me@example.org"}, token_page="/intake/saved")
    assert len(token_of(link)) >= 20
    # aiosmtpd, the test's own mail server, logs what it receives under "mail.log".
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert any(r.name == "portal.mail" for r in caplog.records) or smtp == "working"
    assert token_of(link) not in ours
    assert "me@example.org" not in ours
    if smtp == "working":
        assert token_of(link) in inbox.messages[0].replace("=\n", "")
