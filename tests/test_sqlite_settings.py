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


@pytest.mark.parametrize(
    ("pragma", "opposite", "expected"),
    [("secure_delete", "OFF", 1), ("synchronous", "OFF", 2)],
)
def test_the_portal_sets_durability_and_real_deletion_itself(
    app, tmp_path, pragma, opposite, expected
):
    """This SQLite defaults to both already, so start a connection at the opposite value.

    The connection is handed to an engine as is; the portal's connect hook (on every engine)
    must then turn the setting back on, or a build with other defaults would lose it.
    """
    import sqlite3

    from sqlalchemy import create_engine

    def preset() -> sqlite3.Connection:
        raw = sqlite3.connect(tmp_path / "preset.db", check_same_thread=False)
        raw.execute(f"PRAGMA {pragma}={opposite}")
        assert raw.execute(f"PRAGMA {pragma}").fetchone()[0] == 0
        return raw

    engine = create_engine("sqlite://", creator=preset)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql(f"PRAGMA {pragma}").scalar() == expected
    finally:
        engine.dispose()
