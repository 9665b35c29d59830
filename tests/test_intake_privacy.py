"""Never leak: encrypted at rest, no client data in logs or emails; email goes after commit."""

from __future__ import annotations

import logging
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from portal.db import db
from portal.intake.records import read_answers
from portal.models import Intake, OutboxMessage
from portal.models.base import utcnow
from tests.conftest import PG_URL
from tests.fixtures_intake import sample_answers, step_posts
from tests.loopback_mail import Inbox, free_port

CANARY = "CANARY-7f3a9c1e-quokka-umbrella"


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 for the test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def app_config():
    """No minimum fill time; notifications go to a fixed address."""
    return {"INTAKE_MIN_FILL_SECONDS": 0, "NOTIFY_TO": "practice@example.org"}


def canary_answers(urgent: bool = False) -> dict:
    """Sample answers with the canary planted in the free text and the name."""
    answers = sample_answers()
    answers["reasons"]["own_words"] = f"I keep thinking about {CANARY} every night."
    answers["about"]["pronouns"] = CANARY[:40]
    answers["eligibility"]["safety_risk"] = "yes" if urgent else "no"
    return answers


def test_intake_email_says_only_that_an_enquiry_arrived(
    app, client, fill_intake, submit_intake_form, smtp_server
):
    controller, inbox = smtp_server
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    fill_intake(canary_answers(urgent=True))
    submit_intake_form()
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert "URGENT" in message and "http://localhost/auth/login" in message
    for secret in (CANARY, "Amira", "amira@example.org", "555 0134"):
        assert secret not in message
    intake = db.session.scalars(select(Intake)).one()
    assert intake.reference not in message
    assert db.session.scalars(select(OutboxMessage)).one().sent_at is not None


def test_intake_email_failure_never_fails_the_submission_and_is_retried(
    app, client, fill_intake, submit_intake_form, smtp_server, caplog
):
    controller, inbox = smtp_server
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nobody listening
    fill_intake(canary_answers())
    with caplog.at_level(logging.INFO):
        response = submit_intake_form()
    assert response.headers["Location"].endswith("/intake/done")
    db.session.expire_all()
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    assert "mail failed" in caplog.text
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "Sent 1" in result.output
    assert len(inbox.messages) == 1 and "New enquiry received" in inbox.messages[0]


@pytest.mark.skipif(bool(PG_URL), reason="reads the SQLite file and its WAL")
def test_intake_canary_not_in_database_file_wal_or_logs(
    app, client, fill_intake, submit_intake_form, caplog, monkeypatch
):
    with caplog.at_level(logging.DEBUG):
        bad = {**step_posts(canary_answers())["what-brings-you"], "previous_therapy": "maybe"}
        client.post_form("/intake/what-brings-you", bad, token_page="/intake/age")
        fill_intake(canary_answers())
        token = client.csrf_token("/intake/about-you")

        def fail():
            raise OperationalError("COMMIT", {}, Exception("database is locked"))

        monkeypatch.setattr(db.session, "commit", fail)
        client.post(
            "/intake/about-you",
            data={**step_posts(canary_answers())["about-you"], "csrf_token": token},
        )
        monkeypatch.undo()
        submit_intake_form()
    assert db.session.scalars(select(Intake)).one()
    files = [Path(app.instance_path) / name for name in ("portal.db", "portal.db-wal")]
    assert files[1].exists() and files[1].stat().st_size > 0
    for path in files:
        raw = path.read_bytes()
        assert CANARY.encode() not in raw and "Núñez".encode() not in raw, path.name
    db.session.rollback()
    with sqlite3.connect(files[0]) as raw_db:
        raw_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert CANARY.encode() not in files[0].read_bytes()
    assert CANARY not in caplog.text and "Amira" not in caplog.text


def test_intake_resume_link_email_carries_only_the_link(app, client, smtp_server):
    controller, inbox = smtp_server
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    data = {**step_posts(canary_answers())["about-you"], "action": "save"}
    client.post_form("/intake/about-you", data, token_page="/intake/about-you")
    link = BeautifulSoup(client.get("/intake/saved").data, "html.parser").find(id="resume-link")
    response = client.post_form(
        "/intake/saved", {"email": "me@example.org"}, token_page="/intake/saved"
    )
    assert "We have emailed the link" in response.get_data(as_text=True)
    assert len(inbox.messages) == 1
    body = inbox.messages[0]
    assert link["href"] in body.replace("=\n", "")
    assert CANARY[:20] not in body and "Amira" not in body


def test_intake_consent_text_hash_name_and_time_are_stored(client, fill_intake, submit_intake_form):
    import hashlib

    from portal.practice import get_practice

    fill_intake()
    submit_intake_form()
    intake = db.session.scalars(select(Intake)).one()
    shown = get_practice().consent_text
    assert intake.consent_text == shown
    assert intake.consent_sha256 == hashlib.sha256(shown.encode()).hexdigest()
    assert intake.consent_at is not None and intake.consent_at <= utcnow()
    assert read_answers(intake)["consent"]["typed_name"] == "Amira Solberg-Núñez"
