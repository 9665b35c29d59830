"""What the dashboard says about operations: undelivered urgent emails and the last purge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from portal.db import db
from portal.mail import outbox
from portal.models import AuditEvent

PURGE_ACTION = "retention.purged"


@dataclass
class OpsStatus:
    """Plain values for the dashboard's operations partial (counts only, no client data)."""

    alert_minutes: int
    urgent_unsent: int
    urgent_oldest_at: datetime | None
    urgent_reason: str
    purge_at: datetime | None
    purge_counts: dict


def alert_minutes() -> int:
    """After how many minutes an unsent urgent notification is shown (OUTBOX_ALERT_MINUTES)."""
    return int(current_app.config.get("OUTBOX_ALERT_MINUTES", 10))


def ops_status() -> OpsStatus:
    """Urgent notifications still unsent after the alert time, and the last retention run."""
    minutes = alert_minutes()
    count, oldest, reason = outbox.waiting_urgent(timedelta(minutes=minutes))
    last = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == PURGE_ACTION)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    return OpsStatus(
        alert_minutes=minutes,
        urgent_unsent=count,
        urgent_oldest_at=oldest,
        urgent_reason=reason,
        purge_at=last.at if last else None,
        purge_counts=dict((last.detail or {}).get("removed", {})) if last else {},
    )
