"""Handing one email to the SMTP server, or printing it to the console in development."""

from __future__ import annotations

import logging
import smtplib
import sys
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app

log = logging.getLogger("portal.mail")
SMTP_TIMEOUT = 10


class NotDelivered(Exception):
    """No SMTP server accepted the message; the text says why (never any client data)."""


def transmit(to: str | None, subject: str, body: str, *, message_id: str) -> None:
    """Hand the mail to the SMTP_URL server; raise NotDelivered unless it accepted it.

    Without SMTP_URL nothing is delivered: development prints the mail to the console so the
    developer sees it, production never prints (a resume link is a secret).
    """
    url = current_app.config.get("SMTP_URL")
    if not url:
        _print_undelivered(to, subject, body)
        raise NotDelivered("no SMTP_URL is set, so nothing was emailed")
    if not to:
        raise NotDelivered("no address to send to: set NOTIFY_TO or the practice email")
    message = _build(to, subject, body, message_id)
    try:
        refused = _send(url, message)
    except (OSError, smtplib.SMTPException) as exc:
        raise NotDelivered(type(exc).__name__) from exc
    if refused:
        raise NotDelivered("the server refused the recipient")


def _build(to: str, subject: str, body: str, message_id: str) -> EmailMessage:
    """A plain-text message with a stable Message-ID, so a retried copy can be recognised."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


def _send(url: str, message: EmailMessage) -> dict:
    """One SMTP conversation; returns the refused recipients (empty when all were accepted)."""
    parts = urlsplit(url)
    smtp_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    host, port = parts.hostname or "localhost", parts.port or 25
    with smtp_class(host, port, timeout=SMTP_TIMEOUT) as smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        return smtp.send_message(message)


def _print_undelivered(to: str | None, subject: str, body: str) -> None:
    """Development: show the mail on stderr. Production: a warning line, never the body."""
    if current_app.config.get("PORTAL_ENV") == "production":
        log.warning("mail not sent: SMTP_URL is not set subject=%r", subject)
        return
    rule = "-" * 72
    print(
        f"{rule}\nMAIL NOT SENT (no SMTP_URL set; shown here in development only)\n"
        f"To: {to or '(no address: set NOTIFY_TO or the practice email)'}\n"
        f"Subject: {subject}\n\n{body.rstrip()}\n{rule}",
        file=sys.stderr,
        flush=True,
    )
