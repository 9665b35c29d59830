"""The practice's notification email: no client data, queued in the outbox, sent after commit."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app
from sqlalchemy import select

from portal.db import db
from portal.models import OutboxMessage
from portal.models.base import utcnow

log = logging.getLogger("portal.mail")
KIND_NEW_INTAKE = "new_intake"
MAX_ATTEMPTS = 12


def queue_new_intake(is_urgent: bool) -> OutboxMessage:
    """Queue "a new enquiry arrived" (urgent or not); the payload holds no client data."""
    message = OutboxMessage(kind=KIND_NEW_INTAKE, payload={"urgent": bool(is_urgent)})
    db.session.add(message)
    db.session.flush()
    return message


def new_intake_email(is_urgent: bool) -> tuple[str, str]:
    """Subject and body of the practice notification: only that something arrived, and where."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    subject = "URGENT: new enquiry received" if is_urgent else "New enquiry received"
    urgency = (
        "It is marked URGENT: the person may be at risk. Please review it as soon as you can."
        if is_urgent
        else "It is not marked urgent."
    )
    body = (
        "A new enquiry has arrived through the practice portal.\n\n"
        f"{urgency}\n\n"
        f"Sign in to read it: {base}/auth/login\n\n"
        "For privacy, this email never contains anything the person wrote.\n"
    )
    return subject, body


def resume_email(link: str) -> tuple[str, str]:
    """Subject and body of the email that carries only a resume link."""
    body = (
        "You asked us to email you a link to continue your enquiry.\n\n"
        f"{link}\n\n"
        "The link works for a limited time. If you did not ask for this, you can ignore it.\n"
    )
    return "Your link to continue your enquiry", body


def notify_address() -> str | None:
    """Where practice notifications go: NOTIFY_TO, else the practice email."""
    from portal.practice import get_practice

    return current_app.config.get("NOTIFY_TO") or get_practice().email or None


def send_email(to: str | None, subject: str, body: str, *, loggable: bool = True) -> None:
    """Send one plain-text email over SMTP_URL; without SMTP_URL print it to the log instead."""
    url = current_app.config.get("SMTP_URL")
    if not url or not to:
        # Our emails carry no client data; a resume link is a secret, so it is never logged.
        shown = body if loggable else "(body withheld: it holds a private link)"
        log.info("mail (no SMTP_URL set, printed here) subject=%r\n%s", subject, shown)
        return
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    parts = urlsplit(url)
    smtp_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with smtp_class(parts.hostname or "localhost", parts.port or 25, timeout=10) as smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)


def _render(message: OutboxMessage) -> tuple[str | None, str, str]:
    """Recipient, subject and body of an outbox message."""
    return (notify_address(), *new_intake_email(bool(message.payload.get("urgent"))))


def deliver(message: OutboxMessage) -> bool:
    """Try to send one message; on failure log it and schedule a retry. Caller commits."""
    message.attempts += 1
    try:
        send_email(*_render(message))
    except (OSError, smtplib.SMTPException) as exc:
        delay = timedelta(minutes=min(2**message.attempts, 240))
        message.next_attempt_at = utcnow() + delay
        message.last_error = type(exc).__name__[:200]
        log.warning(
            "mail failed id=%s attempt=%s error=%s",
            message.id,
            message.attempts,
            message.last_error,
        )
        return False
    message.sent_at = utcnow()
    log.info("mail sent id=%s kind=%s", message.id, message.kind)
    return True


def send_now(message_id: int) -> bool:
    """The attempt made right after a submit commits; the outbox retries if it fails."""
    message = db.session.get(OutboxMessage, message_id)
    return message is not None and message.sent_at is None and deliver(message)


def send_resume_link(to: str, link: str) -> bool:
    """Email a resume link straight away (the address is never stored); False if it failed."""
    try:
        send_email(to, *resume_email(link), loggable=False)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("resume link mail failed error=%s", type(exc).__name__)
        return False
    return True


def due_messages(limit: int = 50) -> list[OutboxMessage]:
    """Unsent messages whose next attempt is due, oldest first."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= utcnow())
        .where(OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def send_due(limit: int = 50) -> tuple[int, int]:
    """Send every due message (for `portal send-mail`); returns (sent, failed). Caller commits."""
    results = [deliver(message) for message in due_messages(limit)]
    return results.count(True), results.count(False)
