"""The persisted outbox: queue inside the caller's transaction, send after commit, retry.

A message is marked sent only when an SMTP server accepted it. Each send first takes a short
lease (an atomic UPDATE), so the attempt right after a submit and the `portal send-mail` timer
never send one message twice; a crash between "accepted" and "marked sent" is the one case that
can repeat a message, after the lease ends (at-least-once, as every outbox is).

The sender commits its own small transactions (lease, result) and holds none while talking to
the SMTP server, so a slow mail server never keeps the database locked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from portal.db import db
from portal.mail.transport import NotDelivered, transmit
from portal.models import OutboxMessage
from portal.models.base import utcnow

log = logging.getLogger("portal.mail")
LEASE = timedelta(minutes=2)
MAX_DELAY = timedelta(minutes=60)
# kind -> function(message, sealed values) -> (recipient, subject, body); filled by features.
RENDERERS: dict[str, Callable[[OutboxMessage, dict], tuple[str | None, str, str]]] = {}


def renderer(kind: str):
    """Register how a kind of message is written (recipient, subject, body)."""

    def register(function):
        RENDERERS[kind] = function
        return function

    return register


def queue(
    kind: str,
    payload: dict | None = None,
    *,
    urgent: bool = False,
    intake_id: str | None = None,
    sealed: dict | None = None,
    expires_at: datetime | None = None,
) -> OutboxMessage:
    """Add a message to the caller's transaction; `sealed` values are stored encrypted."""
    from portal.security.crypto import encrypt_json

    message = OutboxMessage(
        kind=kind,
        payload=payload or {},
        is_urgent=urgent,
        intake_id=intake_id,
        expires_at=expires_at,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    if sealed:
        message.sealed = encrypt_json(sealed, _context(message.id))
    return message


def _context(message_id: int) -> str:
    """Bind a sealed value to its outbox row."""
    return f"outbox:{message_id}"


def retry_delay(attempts: int) -> timedelta:
    """Back-off after a failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def claim(message_id: int) -> bool:
    """Take the send lease on an unsent message (atomic, so only one sender wins) and commit."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
        .where(or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now))
        .values(locked_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver(message_id: int) -> bool:
    """Send one message if this caller wins its lease; True only if a server accepted it."""
    if not claim(message_id):
        return False
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    db.session.commit()  # no transaction stays open while we talk to the SMTP server
    try:
        to, subject, body = _render(message)
        transmit(to, subject, body, message_id=_message_id(message))
    except Exception as exc:  # noqa: BLE001 (one bad message must not stop the others)
        if not isinstance(exc, NotDelivered):
            exc = NotDelivered(type(exc).__name__)
        _failed(message, str(exc))
        db.session.commit()
        return False
    _sent(message)
    db.session.commit()
    return True


def _render(message: OutboxMessage) -> tuple[str | None, str, str]:
    """The message's recipient, subject and body, from its kind's renderer."""
    from portal.security.crypto import decrypt_json

    if message.expires_at is not None and message.expires_at <= utcnow():
        raise NotDelivered("expired before it could be sent")
    write = RENDERERS.get(message.kind)
    if write is None:
        raise NotDelivered(f"no renderer for {message.kind!r}")
    sealed = decrypt_json(message.sealed, _context(message.id)) if message.sealed else {}
    return write(message, sealed)


def _message_id(message: OutboxMessage) -> str:
    """A Message-ID that stays the same on every retry of this outbox row."""
    domain = current_app.config["MAIL_FROM"].rpartition("@")[2] or "localhost"
    return f"<outbox.{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def _sent(message: OutboxMessage) -> None:
    """The server accepted it: mark it sent and forget the sealed address and link."""
    message.attempts += 1
    message.sent_at = utcnow()
    message.sealed = ""
    message.locked_until = None
    message.last_error = ""
    log.info("mail sent id=%s kind=%s attempt=%s", message.id, message.kind, message.attempts)


def _failed(message: OutboxMessage, reason: str) -> None:
    """Not accepted: keep it unsent and schedule the next attempt with back-off."""
    message.attempts += 1
    message.next_attempt_at = utcnow() + retry_delay(message.attempts)
    message.locked_until = None
    message.last_error = reason[:200]
    log.warning(
        "mail failed id=%s kind=%s attempt=%s reason=%s",
        message.id,
        message.kind,
        message.attempts,
        message.last_error,
    )


def due_ids(limit: int = 50) -> list[int]:
    """Unsent, unexpired messages whose next attempt is due, oldest first."""
    now = utcnow()
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .where(or_(OutboxMessage.expires_at.is_(None), OutboxMessage.expires_at > now))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    ids = list(db.session.scalars(query))
    db.session.commit()
    return ids


def send_due(limit: int = 50) -> tuple[int, int]:
    """Try every due message once (the `portal send-mail` timer); returns (sent, not sent)."""
    results = [deliver(message_id) for message_id in due_ids(limit)]
    return results.count(True), results.count(False)


def waiting_urgent(older_than: timedelta) -> tuple[int, datetime | None, str]:
    """Urgent notifications still unsent after `older_than`: how many, oldest, last reason."""
    cutoff = utcnow() - older_than
    base = select(OutboxMessage).where(
        OutboxMessage.is_urgent.is_(True),
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.created_at <= cutoff,
    )
    count = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    oldest = db.session.scalars(base.order_by(OutboxMessage.created_at).limit(1)).first()
    if oldest is None:
        return 0, None, ""
    return count, oldest.created_at, oldest.last_error
