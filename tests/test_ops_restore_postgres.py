"""`portal restore` on PostgreSQL: into an empty database, verified table by table by row count."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from portal.db import db
from portal.models import Intake
from tests.conftest import PG_URL, base_config

pytestmark = pytest.mark.skipif(not PG_URL, reason="the PostgreSQL restore path")


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A second, empty PostgreSQL database beside the test one, dropped afterwards."""
    url = make_url(PG_URL)
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def backed_up(app, make_intake, make_article, tmp_path):
    """Three intakes and an article, backed up; the file and the intake references."""
    for _ in range(3):
        make_intake()
    make_article("Quiet mornings")
    target = tmp_path / "portal.dump"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "intake 3" in result.output and "article 1" in result.output
    references = sorted(db.session.scalars(select(Intake.reference)))
    db.session.rollback()
    return target, references


def restore_into(url: str, tmp_path, dump):
    """Run `portal restore` in a new instance whose database is `url`."""
    from portal import create_app

    fresh = create_app({**base_config(tmp_path / "restored"), "DATABASE_URL": url})
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["restore", str(dump)])
        references = (
            sorted(db.session.scalars(select(Intake.reference))) if not result.exit_code else []
        )
        db.session.remove()
        db.engine.dispose()
    return result, references


def test_postgres_restore_into_an_empty_database_matches_every_count(
    app, make_intake, make_article, tmp_path, empty_database
):
    dump, references = backed_up(app, make_intake, make_article, tmp_path)
    result, restored = restore_into(empty_database, tmp_path, dump)
    assert result.exit_code == 0, result.output
    assert "every table's rows match" in result.output
    assert "intake 3" in result.output
    assert restored == references


def test_postgres_restore_that_loses_rows_is_refused(
    app, make_intake, make_article, tmp_path, empty_database, monkeypatch
):
    from portal.ops import backup

    dump, _ = backed_up(app, make_intake, make_article, tmp_path)
    real_run = backup._run

    def restore_then_lose_one(args):
        """pg_restore as usual, then one intake goes missing (a disk, a trigger, a bug)."""
        real_run(args)
        if "--dbname" in args:
            engine = create_engine(empty_database)
            with engine.begin() as connection:
                connection.execute(
                    text("DELETE FROM intake WHERE id = (SELECT min(id) FROM intake)")
                )
            engine.dispose()

    monkeypatch.setattr(backup, "_run", restore_then_lose_one)
    result, _ = restore_into(empty_database, tmp_path, dump)
    assert result.exit_code == 1
    assert "differ from the backup" in result.output and "intake" in result.output
