"""Staff accounts: creation, password checks with soft locks, password changes and resets."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from portal.auth import factor, passwords, sessions
from portal.db import db
from portal.models import Practice, User
from portal.models.base import utcnow
from portal.security import audit

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


def _note_failure(user: User, now: datetime, reason: str = "password") -> None:
    """Count a failure in the current window; lock the account for a while past the threshold."""
    config = current_app.config
    start = user.failed_window_start_at
    if start is None or now - start > config["LOGIN_LOCK_WINDOW"]:
        user.failed_window_start_at = now
        user.failed_login_count = 0
    user.failed_login_count += 1
    audit.record("login.failure", user.id, "user", user.id, {"reason": reason})
    if user.failed_login_count >= config["LOGIN_LOCK_THRESHOLD"]:
        user.locked_until = now + config["LOGIN_LOCK_DURATION"]
        user.failed_login_count = 0
        user.failed_window_start_at = None
        audit.record("login.lock", user.id, "user", user.id)


def unlock(user: User, actor_id: int | None) -> None:
    """Clear a soft lock before it expires by itself (owner action)."""
    user.locked_until = None
    user.failed_login_count = 0
    user.failed_window_start_at = None
    factor.clear_failures(user.id)
    audit.record("user.unlock", actor_id, "user", user.id)


def _practice_requires_totp() -> bool:
    """The owner can require a second factor for every staff account."""
    return bool(db.session.scalar(select(Practice.require_totp).limit(1)))


def reset_totp(user: User, actor_id: int) -> None:
    """Remove a user's second factor (they enrol again at next sign-in if it is required)."""
    factor.remove(user)
    sessions.revoke_all(user.id)
    audit.record("totp.reset", actor_id, "user", user.id)


def revoke_sessions(user_id: int) -> int:
    """End every session of a user (kept here for the account functions below)."""
    return sessions.revoke_all(user_id)


def set_enabled(user: User, enabled: bool, actor_id: int) -> None:
    """Activate or deactivate an account; deactivation ends its sessions at once."""
    user.is_enabled = enabled
    if not enabled:
        revoke_sessions(user.id)
    audit.record("user.enable" if enabled else "user.disable", actor_id, "user", user.id)


def check_current_password(user: User, password: str) -> bool:
    """Confirm the signed-in person's password (re-authentication, password change).

    Failures count towards the same soft lock as sign-in and are audited the same way; while
    the account is locked even the right password is refused.
    """
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        passwords.verify_password(_dummy_hash(), password)
        audit.record("login.locked", user.id, "user", user.id)
        return False
    if not passwords.verify_password(user.password_hash, password):
        _note_failure(user, now, reason="reauthenticate")
        return False
    user.failed_login_count = 0
    user.failed_window_start_at = None
    return True


def change_password(user: User, new_password: str, actor_id: int | None = None) -> None:
    """Set a new password after the policy check; every session ends (the caller starts one)."""
    problem = passwords.password_problem(new_password)
    if problem:
        raise AccountError(problem)
    if passwords.verify_password(user.password_hash, new_password):
        raise AccountError("Choose a new password that is different from the current one")
    user.password_hash = passwords.hash_password(new_password)
    user.must_change_password = False
    sessions.revoke_all(user.id)
    audit.record("password.change", actor_id or user.id, "user", user.id)


def reset_password(user: User, actor_id: int) -> str:
    """Give an account a one-time password that must be changed at the next sign-in.

    The owner hands it over; the person then chooses a password the owner never learns.
    The second factor stays, so the temporary password alone does not open the account.
    """
    temporary = secrets.token_urlsafe(12)
    user.password_hash = passwords.hash_password(temporary)
    user.must_change_password = True
    user.locked_until = None
    user.failed_login_count = 0
    sessions.revoke_all(user.id)
    audit.record("password.reset", actor_id, "user", user.id)
    return temporary


def user_count() -> int:
    """How many staff accounts exist."""
    return db.session.scalar(select(func.count(User.id))) or 0


def open_session(user: User, user_agent: str | None, factor_kind: str | None) -> str:
    """Start a session after every required step passed; audited with how the user proved it."""
    token = sessions.start(user, user_agent, second_factor=factor_kind is not None)
    audit.record("login.success", user.id, "user", user.id, {"factor": factor_kind or "none"})
    return token
