"""Upgrading keeps every row, foreign-key children included; init-db backs up first."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from portal.db import db
from portal.models import IntakeEvent, IntakeNote
from tests.conftest import PG_URL

ROOT_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite batch mode")

REBUILD_INTAKE = '''"""test only: rebuild the intake table the way SQLite batch mode does"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"


def upgrade():
    with op.batch_alter_table("intake", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("extra", sa.String(8), nullable=True))


def downgrade():
    with op.batch_alter_table("intake") as batch_op:
        batch_op.drop_column("extra")
'''


def _children() -> tuple[int, int]:
    """How many history events and notes are stored."""
    db.session.rollback()
    events = db.session.scalar(select(func.count()).select_from(IntakeEvent))
    notes = db.session.scalar(select(func.count()).select_from(IntakeNote))
    return events, notes


def test_batch_rebuild_of_a_parent_table_keeps_its_children(app, make_intake, tmp_path):
    from alembic.script import ScriptDirectory

    intake = make_intake()
    db.session.add(IntakeNote(intake_id=intake.id, body="sealed"))
    db.session.add(IntakeEvent(intake_id=intake.id, kind="status", to_value="contacted"))
    db.session.commit()
    before = _children()
    migrations = tmp_path / "migrations"
    shutil.copytree(ROOT_MIGRATIONS, migrations)
    head = ScriptDirectory(str(migrations)).get_current_head()
    (migrations / "versions" / "9999_rebuild.py").write_text(REBUILD_INTAKE.format(head=head))
    db.session.remove()
    upgrade(directory=str(migrations))
    assert _children() == before == (1, 1)


def test_init_db_on_an_existing_database_backs_it_up_first(app, make_intake):
    from flask_migrate import downgrade

    make_intake()
    db.session.remove()
    downgrade(revision="0006")
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    backups = list((Path(app.instance_path) / "backups").glob("before-upgrade-*.db"))
    assert len(backups) == 1 and "Backed up" in result.output
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    again = app.test_cli_runner().invoke(args=["init-db"])
    assert "Backed up" not in again.output  # nothing to migrate, nothing to back up
