"""Every SQLite connection runs with the settings that keep data durable and deletions real."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from portal.db import db
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite connection settings")


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("secure_delete", 1),  # deleted answers are overwritten, not left in free pages
        ("synchronous", 2),  # FULL: a confirmed submission survives a power cut
        ("foreign_keys", 1),
        ("journal_mode", "wal"),
    ],
)
def test_every_connection_has_the_safe_setting(app, pragma, expected):
    for _ in range(2):  # a fresh pooled connection too
        assert db.session.execute(text(f"PRAGMA {pragma}")).scalar() == expected
        db.session.remove()
        db.engine.dispose()
