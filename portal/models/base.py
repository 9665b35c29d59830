"""Small helpers shared by every model: UTC time and random identifiers."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC now: every timestamp column holds UTC without a zone, on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def random_id() -> str:
    """A 128-bit random identifier for URLs, so nothing in a URL is sequential."""
    return secrets.token_hex(16)
