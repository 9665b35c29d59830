"""`portal purge`: retention periods from settings really delete, once, audited, without trace."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import db
from portal.models import AuditEvent, Intake, IntakeDraft
from portal.models.base import utcnow
from tests.conftest import PG_URL


def _age(intake: Intake, days: int, status: str | None = None) -> None:
    """Make an intake look `days` old (and give it a status)."""
    intake.received_at = intake.status_changed_at = utcnow() - timedelta(days=days)
    if status:
        intake.status = status
    db.session.commit()


@pytest.fixture
def aged(make_intake):
    """Intakes either side of each period (defaults: prospects 180 days, spam 14 days)."""
    rows = {
        "old_declined": (200, "declined", False),
        "recent_closed": (100, "closed", False),
        "old_new": (400, "new", False),
        "old_spam": (20, None, True),
        "recent_spam": (5, None, True),
        "old_accepted": (365 * 7 + 10, "accepted", False),
    }
    made = {}
    for name, (days, status, spam) in rows.items():
        made[name] = make_intake(quarantined=spam)
        _age(made[name], days, status)
    db.session.add(IntakeDraft(data="x", expires_at=utcnow() - timedelta(days=1)))
    db.session.commit()
    return {name: intake.id for name, intake in made.items()}


def _left() -> set[str]:
    """Ids of the intakes still stored."""
    db.session.rollback()
    return set(db.session.scalars(select(Intake.id)))


def test_purge_deletes_what_each_period_says_and_is_idempotent(app, aged):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert "Would delete 1: Declined, closed or referred-on enquiries" in dry.output
    assert len(_left()) == 6
    first = runner.invoke(args=["purge"])
    assert first.exit_code == 0, first.output
    assert "Deleted 1: Suspected spam" in first.output
    assert "Deleted 1: Unfinished intakes" in first.output
    assert _left() == {aged["recent_closed"], aged["old_new"], aged["recent_spam"]}
    second = runner.invoke(args=["purge"])
    assert "Deleted 0: Declined, closed or referred-on enquiries" in second.output
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.purged"))
    details = [event.detail["removed"] for event in events]
    assert [d["Suspected spam"] for d in details] == [1, 0]


def test_purge_reads_the_practice_periods(app, aged):
    from portal.practice import get_practice

    practice = get_practice()
    db.session.add(practice)
    practice.retention = {**practice.retention, "prospect_days": 30, "quarantine_days": 3}
    db.session.commit()
    app.test_cli_runner().invoke(args=["purge"])
    assert _left() == {aged["old_new"]}


def test_dashboard_shows_when_purge_last_ran_and_counts(app, client, aged, owner, login_as):
    login_as(owner)
    page = BeautifulSoup(client.get("/clinician/").text, "html.parser")
    assert "never been applied" in page.find(id="retention-run").get_text()
    app.test_cli_runner().invoke(args=["purge"])
    text = BeautifulSoup(client.get("/clinician/").text, "html.parser").find(id="retention-run")
    assert "Old records were last removed on" in text.get_text()
    assert "Suspected spam: 1" in text.get_text(" ", strip=True)


@pytest.mark.skipif(bool(PG_URL), reason="reads the SQLite file")
def test_purged_answers_are_not_left_in_the_database_file(app, aged):
    gone = db.session.get(Intake, aged["old_declined"])
    canaries = [gone.answers.encode(), gone.reference.encode()]
    app.test_cli_runner().invoke(args=["purge"])
    for name in ("portal.db", "portal.db-wal"):
        path = Path(app.instance_path) / name
        raw = path.read_bytes() if path.exists() else b""
        assert not any(canary in raw for canary in canaries), name


def test_purge_removes_old_cached_pdfs_and_their_lock_and_failure_notes(app):
    import os
    import time

    from portal.handouts.engine import cache_dir

    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    old = time.time() - 40 * 86400
    names = ["a.pdf", "a.pdf.lock", "b.pdf.failed", "b.pdf.lock"]
    for name in [*names, "fresh.pdf", "fresh.pdf.lock"]:
        (folder / name).write_text("x")
    for name in names:
        os.utime(folder / name, (old, old))
    result = app.test_cli_runner().invoke(args=["purge"])
    assert "Deleted 1: Cached handout PDFs" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["fresh.pdf", "fresh.pdf.lock"]
