"""Sign-in: password checks with throttling and soft locks, TOTP, and server-side sessions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from portal.auth import passwords
from portal.db import db
from portal.models import Practice, StaffSession, User
from portal.models.base import utcnow
from portal.security import audit
from portal.security.crypto import decrypt_text, encrypt_text

# Verified against unknown emails so that a wrong email costs the same time as a wrong password.
_DUMMY_HASH: dict[str, str] = {}


class AccountError(ValueError):
    """A staff account could not be created or changed; the message says why."""


@dataclass
class SignIn:
    """The outcome of the password step."""

    user: User | None
    needs_totp: bool = False
    needs_enrolment: bool = False


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding space."""
    return email.strip().lower()


def create_user(email: str, password: str, role: str, display_name: str = "") -> User:
    """Add a staff account after checking the email, role and password policy."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("Enter an email address like name@example.com")
    if role not in ("owner", "clinician"):
        raise AccountError("Role must be owner or clinician")
    problem = passwords.password_problem(password)
    if problem:
        raise AccountError(problem)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise AccountError(f"There is already an account for {email}")
    user = User(
        email=email,
        role=role,
        display_name=display_name,
        password_hash=passwords.hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", None, "user", user.id, {"role": role})
    return user


def check_password(email: str, password: str) -> SignIn:
    """Verify email and password, applying the soft lock; every attempt is audited."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        passwords.verify_password(_dummy_hash(), password)
        audit.record("login.failure", None, "user", "", {"reason": "unknown"})
        return SignIn(None)
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        passwords.verify_password(_dummy_hash(), password)
        audit.record("login.locked", user.id, "user", user.id)
        return SignIn(None)
    if not user.is_enabled or not passwords.verify_password(user.password_hash, password):
        _note_failure(user, now)
        return SignIn(None)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.failed_login_count = 0
    user.failed_window_start_at = None
    if user.has_totp:
        return SignIn(user, needs_totp=True)
    if user.totp_required or _practice_requires_totp():
        return SignIn(user, needs_enrolment=True)
    return SignIn(user)


def _dummy_hash() -> str:
    """A hash made with the current parameters, for constant-work failures."""
    key = repr(current_app.config.get("ARGON2_PARAMS"))
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = passwords.hash_password(secrets.token_urlsafe(16))
    return _DUMMY_HASH[key]


def _note_failure(user: User, now: datetime) -> None:
    """Count a failure in the current window; lock the account for a while past the threshold."""
    config = current_app.config
    start = user.failed_window_start_at
    if start is None or now - start > config["LOGIN_LOCK_WINDOW"]:
        user.failed_window_start_at = now
        user.failed_login_count = 0
    user.failed_login_count += 1
    audit.record("login.failure", user.id, "user", user.id, {"reason": "password"})
    if user.failed_login_count >= config["LOGIN_LOCK_THRESHOLD"]:
        user.locked_until = now + config["LOGIN_LOCK_DURATION"]
        user.failed_login_count = 0
        user.failed_window_start_at = None
        audit.record("login.lock", user.id, "user", user.id)


def unlock(user: User, actor_id: int | None) -> None:
    """Clear a soft lock before it expires by itself (owner action)."""
    user.locked_until = None
    user.failed_login_count = 0
    audit.record("user.unlock", actor_id, "user", user.id)


def _practice_requires_totp() -> bool:
    """The owner can require a second factor for every staff account."""
    return bool(db.session.scalar(select(Practice.require_totp).limit(1)))


def totp_secret(user: User) -> str | None:
    """The user's decrypted TOTP secret."""
    if user.totp_secret is None:
        return None
    return decrypt_text(user.totp_secret, f"totp:{user.id}")


def check_totp(user: User, code: str, secret: str | None = None) -> bool:
    """Accept a current code once: the step just before or after is allowed, a reused one is not."""
    secret = secret or totp_secret(user)
    code = "".join(code.split())
    if not secret or not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now_step = int(utcnow().timestamp()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if secrets.compare_digest(totp.at(step * totp.interval), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            return True
    return False


def enrol_totp(user: User, secret: str) -> None:
    """Store a confirmed TOTP secret, encrypted."""
    user.totp_secret = encrypt_text(secret, f"totp:{user.id}")
    audit.record("totp.enrol", user.id, "user", user.id)


def reset_totp(user: User, actor_id: int) -> None:
    """Remove a user's second factor (they enrol again at next sign-in if it is required)."""
    user.totp_secret = None
    user.totp_last_step = None
    revoke_sessions(user.id)
    audit.record("totp.reset", actor_id, "user", user.id)


def start_session(user: User) -> str:
    """Record a new server-side session and return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        StaffSession(
            id=_hash_token(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            authenticated_at=now,
        )
    )
    user.last_login_at = now
    audit.record("login.success", user.id, "user", user.id)
    return token


def load_session(token: str | None, user_id: int) -> StaffSession | None:
    """The live session for a cookie token, or None when revoked, idle or too old."""
    if not token:
        return None
    row = db.session.get(StaffSession, _hash_token(token))
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


def touch_session(row: StaffSession) -> None:
    """Mark a fresh password check (for recent-sign-in actions)."""
    row.authenticated_at = utcnow()


def end_session(token: str | None, user_id: int | None) -> None:
    """Revoke the session behind a cookie token (sign out)."""
    if token:
        db.session.execute(
            update(StaffSession)
            .where(StaffSession.id == _hash_token(token), StaffSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    audit.record("logout", user_id, "user", user_id or "")


def revoke_sessions(user_id: int) -> int:
    """End every session of a user (deactivation, TOTP reset, password change)."""
    result = db.session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def set_enabled(user: User, enabled: bool, actor_id: int) -> None:
    """Activate or deactivate an account; deactivation ends its sessions at once."""
    user.is_enabled = enabled
    if not enabled:
        revoke_sessions(user.id)
    audit.record("user.enable" if enabled else "user.disable", actor_id, "user", user.id)


def change_password(user: User, new_password: str) -> None:
    """Set a new password after the policy check; other sessions end."""
    problem = passwords.password_problem(new_password)
    if problem:
        raise AccountError(problem)
    user.password_hash = passwords.hash_password(new_password)
    revoke_sessions(user.id)
    audit.record("password.change", user.id, "user", user.id)


def user_count() -> int:
    """How many staff accounts exist."""
    return db.session.scalar(select(func.count(User.id))) or 0


def _hash_token(token: str) -> str:
    """Store only a hash of session tokens, so a database leak cannot be replayed as cookies."""
    return hashlib.sha256(token.encode()).hexdigest()
