"""Retention: delete what the practice's periods say has been kept long enough, and audit it.

Every period in the settings is read here: `prospect_days` for enquiries that ended without
becoming a client (declined, closed, referred on), `client_years` for accepted ones,
`quarantine_days` for suspected spam, `draft_days` for unfinished intakes (they expire by
themselves). Sent mail, expired resume-link mail and stale cached PDFs go too.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta

from sqlalchemy import and_, delete, func, or_, select

from portal.db import db
from portal.models import Intake, IntakeDraft, OutboxMessage
from portal.models.base import utcnow
from portal.practice import DEFAULT_RETENTION, get_practice
from portal.security import audit

ENDED = ("declined", "closed", "referred_on")
SENT_MAIL_DAYS = 30
CACHED_PDF_DAYS = 30
LABELS = {
    "ended_enquiries": "Declined, closed or referred-on enquiries",
    "client_enquiries": "Accepted enquiries past the client period",
    "quarantined": "Suspected spam",
    "drafts": "Unfinished intakes",
    "mail": "Old or expired emails in the outbox",
    "cached_pdfs": "Cached handout PDFs",
}


def periods() -> dict[str, int]:
    """The practice's retention periods, with the defaults for any not set."""
    return {**DEFAULT_RETENTION, **(get_practice().retention or {})}


def _conditions() -> dict:
    """What each kind of record must match to be deleted now."""
    keep, now = periods(), utcnow()
    days = lambda n: now - timedelta(days=int(n))  # noqa: E731
    return {
        "ended_enquiries": (
            Intake,
            and_(
                Intake.status.in_(ENDED),
                Intake.is_quarantined.is_(False),
                Intake.status_changed_at <= days(keep["prospect_days"]),
            ),
        ),
        "client_enquiries": (
            Intake,
            and_(
                Intake.status == "accepted",
                Intake.status_changed_at <= days(365 * int(keep["client_years"])),
            ),
        ),
        "quarantined": (
            Intake,
            and_(
                Intake.is_quarantined.is_(True), Intake.received_at <= days(keep["quarantine_days"])
            ),
        ),
        "drafts": (IntakeDraft, IntakeDraft.expires_at <= now),
        "mail": (
            OutboxMessage,
            or_(
                OutboxMessage.sent_at <= days(SENT_MAIL_DAYS),
                OutboxMessage.expires_at <= now,
            ),
        ),
    }


def purge(dry_run: bool = False) -> dict[str, int]:
    """Delete (or with dry_run only count) everything past its period; audited. Caller commits."""
    counts = {}
    for name, (model, condition) in _conditions().items():
        counts[name] = db.session.scalar(select(func.count()).select_from(model).where(condition))
        if counts[name] and not dry_run:
            db.session.execute(delete(model).where(condition))
    counts["cached_pdfs"] = _stale_pdfs(dry_run)
    if not dry_run:
        removed = {LABELS[name]: count for name, count in counts.items()}
        audit.record("retention.purged", None, "retention", "", {"removed": removed})
    return counts


def _stale_pdfs(dry_run: bool) -> int:
    """Cached handouts not written for CACHED_PDF_DAYS (the cache refills on demand).

    The render lock and failure notes beside them go too, or they would pile up day by day.
    """
    from portal.handouts.engine import cache_dir

    folder, cutoff = cache_dir(), time.time() - CACHED_PDF_DAYS * 86400
    stale = (
        [p for p in folder.glob("*.pdf*") if p.stat().st_mtime < cutoff] if folder.is_dir() else []
    )
    if not dry_run:
        for path in stale:
            path.unlink(missing_ok=True)
    return sum(path.suffix == ".pdf" for path in stale)


def checkpoint() -> None:
    """SQLite: move the WAL into the main file and truncate it, so deleted pages are wiped
    there too (secure_delete is on); PostgreSQL reuses the space after its own VACUUM."""
    from portal.ops.backup import sqlite_file

    path = sqlite_file()
    if path is None:
        return
    db.session.remove()
    connection = sqlite3.connect(path, timeout=30)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
