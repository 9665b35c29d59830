"""The audit trail: append one hash-chained row per action; verify the chain to detect edits."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from flask import has_request_context, request
from sqlalchemy import select, text

from portal.db import db
from portal.models import AuditEvent
from portal.models.base import utcnow

GENESIS = "0" * 64


def record(
    action: str,
    actor_id: int | None = None,
    object_type: str = "",
    object_id: str | int = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Add an audit row chained to the last one; the caller's transaction commits it."""
    _lock_chain()
    last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip=(request.remote_addr or "") if has_request_context() else "",
        detail=detail or {},
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = row_hash(event)
    db.session.add(event)
    db.session.flush()
    return event


def _lock_chain() -> None:
    """Serialise appends on PostgreSQL (SQLite's IMMEDIATE transaction already does)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(727001)"))


def row_hash(event: AuditEvent) -> str:
    """SHA-256 over the row's content and the previous row's hash."""
    content = {
        "at": event.at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "ip": event.ip,
        "detail": event.detail,
        "prev": event.prev_hash,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


@dataclass
class ChainReport:
    """The result of walking the chain: how many rows, and the first broken one if any."""

    checked: int
    broken_id: int | None

    @property
    def ok(self) -> bool:
        """True when every row matches its hash and links to the one before."""
        return self.broken_id is None


def verify_chain() -> ChainReport:
    """Recompute every hash in order; report the first row that was edited, inserted or removed."""
    previous = GENESIS
    checked = 0
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(500):
        if event.prev_hash != previous or row_hash(event) != event.hash:
            return ChainReport(checked, event.id)
        previous = event.hash
        checked += 1
    return ChainReport(checked, None)
