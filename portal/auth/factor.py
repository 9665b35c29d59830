"""The second factor: TOTP codes accepted once, recovery codes, a per-account guessing limit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import pyotp
from flask import current_app
from limits import parse
from sqlalchemy import or_, select, update

from portal.auth import sessions
from portal.db import db
from portal.extensions import limiter
from portal.mail import outbox
from portal.models import OutboxMessage, RecoveryCode, User
from portal.models.base import utcnow
from portal.practice_time import local_time
from portal.security import audit
from portal.security.crypto import decrypt_text, encrypt_text

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read aloud
KIND_FACTOR_CHANGED = "factor_changed"
FACTOR_CHANGED_SUBJECT = "Your two-step sign-in was changed"


def totp_secret(user: User) -> str | None:
    """The user's decrypted TOTP secret."""
    if user.totp_secret is None:
        return None
    return decrypt_text(user.totp_secret, f"totp:{user.id}")


def _clean(code: str) -> str:
    """A typed code without spaces or dashes, lower-cased."""
    return "".join(ch for ch in code if ch not in " -\t").lower()


def check_totp(user: User, code: str, secret: str | None = None) -> bool:
    """Accept a current code once: the step just before or after is allowed, a reused one is not."""
    secret = secret or totp_secret(user)
    code = _clean(code)
    if not secret or not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now_step = int(utcnow().timestamp()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if secrets.compare_digest(totp.at(step * totp.interval), code):
            return _claim_step(user, step)
    return False


def _claim_step(user: User, step: int) -> bool:
    """Record the step on the user row unless it (or a later one) was used already.

    One conditional UPDATE, so two workers given the same code cannot both accept it: the
    database lets only the first raise `totp_last_step`.
    """
    result = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def check_second_factor(user: User, code: str) -> str | None:
    """Which kind of second factor the code is ("totp" or "recovery"), or None when wrong."""
    if check_totp(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery"
    return None


# --- per-account guessing limit, shared between workers through the limiter storage ----------


def _limit_key(user_id: int) -> tuple[str, str, str]:
    """The limiter identifiers of one account's wrong-code counter."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "portal"
    return (prefix, "second-factor-account", str(user_id))


def note_failure(user: User) -> bool:
    """Count a wrong code against the account; at the limit soft-lock it. True when locked now."""
    audit.record("totp.failure", user.id, "user", user.id)
    limit = parse(current_app.config["TOTP_ACCOUNT_LIMIT"])
    limiter.limiter.hit(limit, *_limit_key(user.id))
    if limiter.limiter.test(limit, *_limit_key(user.id)):
        return False
    user.locked_until = utcnow() + current_app.config["LOGIN_LOCK_DURATION"]
    audit.record("totp.lock", user.id, "user", user.id)
    return True


def clear_failures(user_id: int) -> None:
    """Forget the wrong-code count (the owner lifted the lock)."""
    limiter.limiter.clear(parse(current_app.config["TOTP_ACCOUNT_LIMIT"]), *_limit_key(user_id))


def is_locked(user: User) -> bool:
    """True while a soft lock (from passwords or codes) holds."""
    return user.locked_until is not None and user.locked_until > utcnow()


# --- enrolment ---------------------------------------------------------------------------------


def may_enrol(user: User, row=None) -> bool:
    """Enrol only without a factor, or after a recent sign-in that proved the current factor."""
    if not user.has_totp:
        return True
    return row is not None and sessions.is_recent(row, with_second_factor=True)


def enrol(user: User, secret: str) -> bool:
    """Store a confirmed TOTP secret, encrypted; True when it replaced an earlier one."""
    replaced = user.has_totp
    user.totp_secret = encrypt_text(secret, f"totp:{user.id}")
    audit.record("totp.replace" if replaced else "totp.enrol", user.id, "user", user.id)
    return replaced


def factor_changed_email(user: User, changed_at: datetime | None = None) -> tuple[str, str]:
    """Subject and body telling the account holder their second factor changed (no client data)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    when = f"on {local_time(changed_at)}" if changed_at else "just now"
    body = (
        "The authenticator app for two-step sign-in to your practice portal account was "
        f"replaced {when}.\n\n"
        "If you did this, there is nothing more to do.\n\n"
        "If you did not, ask the practice owner to reset your second factor and your password "
        f"straight away, then sign in at {base}/auth/login to check your account.\n"
    )
    return FACTOR_CHANGED_SUBJECT, body


def queue_factor_changed(user: User) -> OutboxMessage:
    """Queue the factor-changed email in the caller's transaction (address sealed, then dropped)."""
    return outbox.queue(KIND_FACTOR_CHANGED, sealed={"to": user.email, "user_id": user.id})


@outbox.renderer(KIND_FACTOR_CHANGED)
def _write_factor_changed(message: OutboxMessage, sealed: dict) -> tuple[str | None, str, str]:
    """The factor-changed email for an outbox row."""
    user = db.session.get(User, sealed.get("user_id") or 0)
    return (sealed.get("to"), *factor_changed_email(user, message.created_at))


def secret_for_session(secret: str, user_id: int) -> str:
    """A setup secret encrypted for the session cookie (Flask's cookie is signed, not secret)."""
    return encrypt_text(secret, f"totp-setup:{user_id}")


def secret_from_session(stored: str | None, user_id: int) -> str | None:
    """The setup secret kept in the session, or None when missing or not this user's."""
    if not stored:
        return None
    try:
        return decrypt_text(stored, f"totp-setup:{user_id}")
    except Exception:  # noqa: BLE001 (any undecryptable value simply means "start again")
        return None


# --- recovery codes ----------------------------------------------------------------------------


def _code_hash(user_id: int, code: str) -> str:
    """Hash of a recovery code bound to its account; codes carry 60 random bits."""
    return hashlib.sha256(f"{user_id}:{_clean(code)}".encode()).hexdigest()


def _new_code() -> str:
    """A code like "k7dm-x3qp-9tfa" (12 characters from a 31-letter alphabet)."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are returned once and never stored."""
    for old in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        db.session.delete(old)
    db.session.flush()
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(user.id, code)))
    audit.record("recovery_codes.new", user.id, "user", user.id)
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code; the same code never works twice."""
    cleaned = _clean(code)
    if len(cleaned) != 12 or not user.has_totp:
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(user.id, cleaned),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    if result.rowcount != 1:
        return False
    audit.record("recovery_code.use", user.id, "user", user.id)
    return True


def recovery_codes_left(user_id: int) -> int:
    """How many unused recovery codes the user has."""
    query = select(RecoveryCode.id).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
    )
    return len(db.session.scalars(query).all())


def remove(user: User) -> None:
    """Forget the factor and its recovery codes (an owner reset)."""
    user.totp_secret = None
    user.totp_last_step = None
    for old in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        db.session.delete(old)
