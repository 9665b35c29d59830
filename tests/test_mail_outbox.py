"""The mail outbox never loses a notification and never calls unsent mail sent."""

from __future__ import annotations

import threading
from datetime import timedelta
from email import message_from_string

import pytest
import time_machine
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import db
from portal.intake import notify
from portal.mail import outbox
from portal.models import OutboxMessage
from portal.models.base import utcnow
from tests.fixtures_intake import step_posts
from tests.loopback_mail import Inbox, free_port

BURST = 12


@pytest.fixture
def app_config():
    """Notifications go to a fixed address; no minimum fill time."""
    return {"INTAKE_MIN_FILL_SECONDS": 0, "NOTIFY_TO": "practice@example.org"}


class Smtp:
    """A loopback SMTP server that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        """Listen (again) on the same port, keeping what was already received."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused until start()."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def message_ids(self) -> list[str]:
        """The Message-ID of every message received, in order."""
        return [message_from_string(raw)["Message-ID"] for raw in self.inbox.messages]


@pytest.fixture
def smtp(app):
    """A running loopback SMTP server that the app sends to."""
    server = Smtp()
    server.start()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{server.port}"
    yield server
    server.stop()


def unsent() -> list[OutboxMessage]:
    """Messages the outbox still has to send."""
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))))


def test_outbox_smtp_stopped_mid_burst_every_message_arrives_exactly_once(app, make_intake, smtp):
    messages = [notify.queue_new_intake(is_urgent=i % 3 == 0) for i in range(BURST)]
    db.session.commit()
    ids = [m.id for m in messages]
    for position, message_id in enumerate(ids):
        if position == BURST // 3:
            smtp.stop()
        notify.send_now(message_id)
    assert len(smtp.inbox.messages) == BURST // 3
    assert len(unsent()) == BURST - BURST // 3
    smtp.start()
    runner = app.test_cli_runner()
    assert "Sent 0" in runner.invoke(args=["send-mail"]).output  # back-off: not due yet
    with time_machine.travel(utcnow() + timedelta(minutes=61), tick=False):
        senders = [threading.Thread(target=_send_due_in_own_context, args=(app,)) for _ in "ab"]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
    received = smtp.message_ids()
    assert len(received) == BURST and len(set(received)) == BURST
    assert unsent() == []
    assert all(f"<outbox.{i}." in " ".join(received) for i in ids)


def _send_due_in_own_context(app) -> None:
    """A second sender (as a timer on another server would be), in its own session."""
    with app.app_context():
        notify.send_due()
        db.session.remove()


def test_outbox_a_message_another_sender_holds_or_sent_is_not_sent_again(app, smtp):
    message_id = notify.queue_new_intake(is_urgent=True).id
    db.session.commit()
    assert outbox.claim(message_id) is True  # another sender has it and is talking to SMTP
    assert notify.send_now(message_id) is False
    assert smtp.inbox.messages == []
    with time_machine.travel(utcnow() + outbox.LEASE + timedelta(seconds=1), tick=False):
        assert notify.send_now(message_id) is True  # that sender died: its lease ran out
    assert notify.send_now(message_id) is False  # sent once: never again
    assert len(smtp.inbox.messages) == 1


def test_outbox_never_marks_a_refused_message_sent(app, make_intake):
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nobody listening
    make_intake(urgent=True)
    message_id = db.session.scalars(select(OutboxMessage.id)).one()
    assert notify.send_now(message_id) is False
    message = unsent()[0]
    assert message.attempts == 1 and message.last_error == "ConnectionRefusedError"
    assert message.next_attempt_at > utcnow()


def test_outbox_urgent_notification_without_an_address_is_not_marked_sent(app, make_intake, smtp):
    app.config["NOTIFY_TO"] = None  # and the practice has no email address
    make_intake(urgent=True)
    notify.send_now(db.session.scalars(select(OutboxMessage.id)).one())
    assert smtp.inbox.messages == []
    assert "no address" in unsent()[0].last_error


def test_outbox_without_smtp_url_prints_mail_to_stderr_and_keeps_it_queued(
    app, client, fill_intake, submit_intake_form, capfd
):
    fill_intake()
    submit_intake_form()
    printed = capfd.readouterr().err
    assert "MAIL NOT SENT" in printed and "Subject: New enquiry received" in printed
    assert "A new enquiry has arrived through the practice portal on " in printed
    assert "Amira" not in printed
    assert "no SMTP_URL" in unsent()[0].last_error


def _save_draft_and_ask_for_email(client, address: str = "me@example.org"):
    """Save a half-done intake, then ask for the resume link by email; returns (link, page)."""
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    data = {**step_posts()["about-you"], "action": "save"}
    client.post_form("/intake/about-you", data, token_page="/intake/about-you")
    link = BeautifulSoup(client.get("/intake/saved").data, "html.parser").find(id="resume-link")
    response = client.post_form("/intake/saved", {"email": address}, token_page="/intake/saved")
    return link["href"], response.get_data(as_text=True)


def test_outbox_production_without_smtp_never_prints_a_resume_link(app, client, capfd, caplog):
    app.config["PORTAL_ENV"] = "production"
    link, page = _save_draft_and_ask_for_email(client)
    token = link.rsplit("/", 1)[1]
    captured = capfd.readouterr()
    assert token not in captured.err + captured.out + caplog.text
    assert "We could not send the email just yet" in page
    assert unsent()[0].kind == "resume_link"


def test_outbox_resume_link_waits_for_smtp_then_forgets_the_address(app, client, smtp):
    smtp.stop()
    link, page = _save_draft_and_ask_for_email(client, "waiting.person@example.org")
    assert "We could not send the email just yet" in page
    queued = unsent()[0]
    assert queued.sealed and "waiting.person" not in queued.sealed + str(queued.payload)
    smtp.start()
    with time_machine.travel(utcnow() + timedelta(minutes=2), tick=False):
        assert "Sent 1" in app.test_cli_runner().invoke(args=["send-mail"]).output
    assert link in smtp.inbox.messages[0].replace("=\n", "")
    assert "To: waiting.person@example.org" in smtp.inbox.messages[0]
    db.session.expire_all()
    assert db.session.scalars(select(OutboxMessage)).one().sealed == ""


def test_outbox_resume_link_expires_unsent_after_a_day(app, client, smtp):
    smtp.stop()
    _save_draft_and_ask_for_email(client)
    smtp.start()
    with time_machine.travel(utcnow() + timedelta(hours=25), tick=False):
        assert "Sent 0" in app.test_cli_runner().invoke(args=["send-mail"]).output
    assert smtp.inbox.messages == []


def test_dashboard_shows_urgent_notification_unsent_after_alert_minutes(
    app, client, make_intake, owner, login_as
):
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # mail server down
    make_intake(urgent=True)
    notify.send_now(db.session.scalars(select(OutboxMessage.id)).one())
    login_as(owner)
    assert "Urgent enquiry email not delivered" not in client.get("/clinician/").text
    with time_machine.travel(utcnow() + timedelta(minutes=11), tick=False):
        page = BeautifulSoup(client.get("/clinician/").text, "html.parser")
    alert = page.find(id="mail-alert").get_text(" ", strip=True)
    assert "1 urgent enquiry arrived but the email" in alert
    assert "more than 10 minutes" in alert and "ConnectionRefusedError" in alert
