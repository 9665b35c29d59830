"""Password hashing (argon2id) and the password policy: long enough, not common, no other rules."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"


def hasher() -> PasswordHasher:
    """The app's argon2id hasher: argon2-cffi defaults unless ARGON2_PARAMS overrides them."""
    params = current_app.config.get("ARGON2_PARAMS") or {}
    key = tuple(sorted(params.items()))
    return _hasher(key)


@cache
def _hasher(params: tuple) -> PasswordHasher:
    """One hasher per parameter set."""
    return PasswordHasher(**dict(params))


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Check a password against its hash; any malformed hash simply fails."""
    try:
        return hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than the current ones."""
    try:
        return hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@cache
def _common_passwords() -> frozenset[str]:
    """The 20,000 most common passwords (list from Django, BSD licence), lower-cased."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().casefold() for line in handle if line.strip())


def password_problem(password: str) -> str | None:
    """Why a new password is refused, in words a person can act on; None when it is fine."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    maximum = current_app.config["PASSWORD_MAX_LENGTH"]
    if len(password) < minimum:
        return f"Password must be at least {minimum} characters long"
    if len(password) > maximum:
        return f"Password must be {maximum} characters or fewer"
    if password.casefold() in _common_passwords():
        return "That password is too common. Choose a longer phrase only you would use"
    return None
