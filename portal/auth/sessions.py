"""Server-side staff sessions: rotated tokens, idle and absolute time-outs, browser binding."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from portal.db import db
from portal.models import StaffSession, User
from portal.models.base import utcnow


def hash_token(token: str) -> str:
    """Store only a hash of session tokens, so a database leak cannot be replayed as cookies."""
    return hashlib.sha256(token.encode()).hexdigest()


def agent_hash(user_agent: str | None) -> str:
    """A fingerprint of the browser's User-Agent, checked on every request (cheap binding)."""
    return hashlib.sha256((user_agent or "").encode("utf-8", "replace")).hexdigest()


def start(user: User, user_agent: str | None, second_factor: bool) -> str:
    """Record a new server-side session and return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        StaffSession(
            id=hash_token(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            authenticated_at=now,
            second_factor_at=now if second_factor else None,
            agent_hash=agent_hash(user_agent),
        )
    )
    user.last_login_at = now
    return token


def rotate(row: StaffSession, user_agent: str | None, second_factor: bool = False) -> str:
    """Replace a session by a new id after a privilege change; the absolute time-out still runs.

    The old id stops working at once, so a cookie copied before the change gains nothing from it.
    """
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row.revoked_at = now
    db.session.add(
        StaffSession(
            id=hash_token(token),
            user_id=row.user_id,
            created_at=row.created_at,
            last_seen_at=now,
            authenticated_at=now,
            second_factor_at=now if second_factor else row.second_factor_at,
            agent_hash=agent_hash(user_agent),
        )
    )
    return token


def load(token: str | None, user_id: int) -> StaffSession | None:
    """The live session for a cookie token, or None when revoked, idle or too old."""
    if not token:
        return None
    row = db.session.get(StaffSession, hash_token(token))
    if row is None or row.revoked_at is not None or row.user_id != user_id:
        return None
    now = utcnow()
    config = current_app.config
    if now - row.last_seen_at > config["STAFF_IDLE_TIMEOUT"]:
        return None
    if now - row.created_at > config["STAFF_ABSOLUTE_TIMEOUT"]:
        return None
    if (now - row.last_seen_at).total_seconds() > 60:
        _record_activity(row, now)
    return row


def _record_activity(row: StaffSession, now: datetime) -> None:
    """Move the idle clock on (at most once a minute); losing one update is harmless."""
    try:
        row.last_seen_at = now
        db.session.commit()
    except OperationalError:
        db.session.rollback()


def is_bound(row: StaffSession, user_agent: str | None) -> bool:
    """True when the request comes from the browser that signed in (same User-Agent)."""
    return bool(row.agent_hash) and secrets.compare_digest(row.agent_hash, agent_hash(user_agent))


def is_recent(row: StaffSession, with_second_factor: bool) -> bool:
    """True when the password (and, if asked, the second factor) was proved within the window."""
    window = current_app.config["RECENT_LOGIN_WINDOW"]
    now = utcnow()
    if now - row.authenticated_at > window:
        return False
    if with_second_factor:
        return row.second_factor_at is not None and now - row.second_factor_at <= window
    return True


def end(token: str | None) -> None:
    """Revoke the session behind a cookie token (sign out)."""
    if token:
        db.session.execute(
            update(StaffSession)
            .where(StaffSession.id == hash_token(token), StaffSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def revoke_all(user_id: int) -> int:
    """End every session of a user (deactivation, factor change, password change)."""
    result = db.session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def live_count(user_id: int) -> int:
    """How many browsers are signed in as this user right now (time-outs taken into account)."""
    config = current_app.config
    now = utcnow()
    query = select(func.count(StaffSession.id)).where(
        StaffSession.user_id == user_id,
        StaffSession.revoked_at.is_(None),
        StaffSession.last_seen_at > now - config["STAFF_IDLE_TIMEOUT"],
        StaffSession.created_at > now - config["STAFF_ABSOLUTE_TIMEOUT"],
    )
    return db.session.scalar(query) or 0


def reference(row: StaffSession) -> str:
    """A short, stable name of a session for audit rows (a prefix of the stored hash)."""
    return row.id[:16]
