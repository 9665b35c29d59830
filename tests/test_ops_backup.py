"""`portal backup` / `portal restore`: consistent while writing, owner-only, verified by counts."""

from __future__ import annotations

import stat
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from tests.conftest import PG_URL, base_config
from tests.test_intake_concurrency import make_drafts, start_server, stop_server, submit_or_fail

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="the SQLite backup path")


def test_backup_file_is_owner_only_and_restores_into_an_empty_instance(
    app, make_intake, tmp_path, owner
):
    make_intake()
    target = tmp_path / "portal-backup.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "intake 1" in result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    fresh = _fresh_app(tmp_path / "restored")
    reference = _references(app)[0]
    with fresh.app_context():
        restored = fresh.test_cli_runner().invoke(args=["restore", str(target)])
        assert restored.exit_code == 0, restored.output
        assert "every table's rows match" in restored.output
        assert db.session.scalars(select(Intake.reference)).one() == reference


def test_backup_refuses_to_overwrite_and_restore_refuses_a_full_instance(
    app, make_intake, tmp_path
):
    make_intake()
    target = tmp_path / "taken.db"
    target.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert target.read_text() == "keep me"
    good = tmp_path / "good.db"
    app.test_cli_runner().invoke(args=["backup", str(good)])
    again = app.test_cli_runner().invoke(args=["restore", str(good)])
    assert again.exit_code == 1 and "already holds data" in again.output


def _fresh_app(instance: Path):
    """A second, empty instance (no schema yet), as a new server would be."""
    from portal import create_app

    instance.mkdir(parents=True)
    return create_app(base_config(instance))


def _references(app) -> list[str]:
    """Intake references stored in the app's database."""
    db.session.rollback()
    return list(db.session.scalars(select(Intake.reference)))


@pytest.mark.slow
def test_backup_during_50_concurrent_submissions_keeps_every_acknowledged_one(app, tmp_path):
    cookies, submission_ids = make_drafts(app, 50)
    proc, port = start_server(Path(app.instance_path))
    target = tmp_path / "during.db"
    try:
        with ThreadPoolExecutor(8) as pool:
            jobs = [pool.submit(submit_or_fail, port, cookie) for cookie in cookies]
            deadline = time.monotonic() + 60
            while sum(job.done() for job in jobs) < 15:
                assert time.monotonic() < deadline, "the server never got going"
                time.sleep(0.005)
            before = [sid for sid, job in zip(submission_ids, jobs, strict=True) if job.done()]
            confirmed_before = [sid for sid in before if jobs[submission_ids.index(sid)].result()]
            result = app.test_cli_runner().invoke(args=["backup", str(target)])
            assert all(job.result() for job in jobs)
    finally:
        logs = stop_server(proc)
    assert result.exit_code == 0, result.output + logs[-2000:]
    assert len(confirmed_before) >= 15
    fresh = _fresh_app(tmp_path / "restored")
    with fresh.app_context():
        assert fresh.test_cli_runner().invoke(args=["restore", str(target)]).exit_code == 0
        restored = set(db.session.scalars(select(Intake.submission_id)))
    assert set(confirmed_before) <= restored
    assert len(restored) <= 50
