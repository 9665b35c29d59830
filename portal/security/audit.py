"""The audit trail: append one keyed, chained row per action; verify the chain and its head.

Each row's hash is an HMAC-SHA256 (key AUDIT_KEY, kept outside the database like the
encryption keys) over its content and the previous row's hash, so someone who can only write to
the database can neither edit a row nor recompute the chain after it. The newest row's id and
hash also go to a head file in the instance folder after every commit, so deleting the newest
rows (truncation) is found too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from flask import current_app, has_request_context, request
from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from portal.db import db
from portal.models import AuditEvent
from portal.models.base import utcnow
from portal.security import audit_head

GENESIS = "0" * 64
Digest = Callable[[bytes], str]


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
    pending = db.session.info.setdefault("audit_heads", [])
    pending.append((event, event.id, event.hash, audit_head.head_path(current_app)))
    return event


def _lock_chain() -> None:
    """Serialise appends on PostgreSQL (SQLite's IMMEDIATE transaction already does)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(727001)"))


@sa_event.listens_for(Session, "after_commit")
def _write_head(session: Session) -> None:
    """Once the rows are durable, move the head file forward to the newest one committed."""
    pending = session.info.pop("audit_heads", [])
    # A row added in a savepoint that was rolled back is transient again: it never existed.
    kept = [(row_id, digest, path) for obj, row_id, digest, path in pending if _committed(obj)]
    if kept:
        row_id, digest, path = max(kept)
        audit_head.advance(path, row_id, digest)


@sa_event.listens_for(Session, "after_rollback")
def _forget_heads(session: Session) -> None:
    """A rolled-back transaction wrote no audit row, so the head stays where it was."""
    if not session.in_transaction():
        session.info.pop("audit_heads", None)


def _committed(obj: AuditEvent) -> bool:
    """True when the row reached the database (not discarded by a savepoint rollback)."""
    state = inspect(obj)
    return state.persistent or state.detached


def _content(row) -> bytes:
    """The canonical bytes of a row's hashed columns (every column but the two hashes)."""
    content = {
        "at": row.at.isoformat(timespec="microseconds"),
        "actor_id": row.actor_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "ip": row.ip,
        "detail": row.detail,
        "prev": row.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()


def keyed_digest(key: str) -> Digest:
    """HMAC-SHA256 under the audit key: without the key nobody can recompute a row."""
    secret = key.encode()
    return lambda content: hmac.new(secret, content, hashlib.sha256).hexdigest()


def legacy_digest(content: bytes) -> str:
    """The unkeyed SHA-256 of earlier releases, read only to key their rows on upgrade."""
    return hashlib.sha256(content).hexdigest()


def _app_digest() -> Digest:
    """The keyed digest of the running app."""
    return keyed_digest(current_app.config["AUDIT_KEY"])


def row_hash(event: AuditEvent) -> str:
    """The keyed hash of a row: its content and the previous row's hash."""
    return _app_digest()(_content(event))


@dataclass
class ChainReport:
    """The result of walking the chain: rows checked, the first broken one, and why."""

    checked: int
    broken_id: int | None
    problem: str = ""
    head_id: int | None = None
    head_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        """True when every row matches its hash, links to the one before, and none are missing."""
        return self.broken_id is None and not self.problem


def verify_chain(expect_head: str | None = None) -> ChainReport:
    """Recompute every keyed hash in order; then check the recorded head is still there."""
    digest = _app_digest()
    head = audit_head.read(audit_head.head_path(current_app))
    previous, checked, last_id = GENESIS, 0, 0
    at_head, seen_expected = None, False
    for row in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(500):
        if row.prev_hash != previous or digest(_content(row)) != row.hash:
            return _broken(row, checked, head is None)
        if head is not None and row.id == head[0]:
            at_head = row.hash
        seen_expected |= row.hash == expect_head
        previous, checked, last_id = row.hash, checked + 1, row.id
    report = ChainReport(checked, None, head_id=last_id or None, head_hash=previous)
    if head is not None and (last_id < head[0] or at_head not in (None, head[1])):
        report.broken_id, report.problem = head[0], "truncated"
    elif expect_head and not seen_expected:
        report.problem = "expected head missing"
    return report


def _broken(row: AuditEvent, checked: int, never_keyed: bool) -> ChainReport:
    """Name the first bad row, telling a not-yet-keyed trail apart from an edited one.

    Once a head file exists the trail has been keyed, so unkeyed rows are a forgery, not an old
    release's: they are reported as changed.
    """
    legacy = never_keyed and checked == 0 and legacy_digest(_content(row)) == row.hash
    return ChainReport(checked, row.id, "unkeyed" if legacy else "changed")


def rekey(connection: Connection, old: Digest, new: Digest) -> tuple[int, str] | None:
    """Rewrite the chain from `old` hashes to `new` ones, stopping at the first row that fails.

    Used by the migration that introduced keyed hashes (and its downgrade). Rows after a break
    are left as they were, so the break is still reported where it happened and re-keying can
    never launder an edited row. Returns the new head (id, hash), or None for an empty trail.
    """
    table = AuditEvent.__table__
    rows = connection.execute(select(table).order_by(table.c.id)).all()
    stored_prev, new_prev, head = GENESIS, GENESIS, None
    for row in rows:
        content = _content(row)
        if row.prev_hash != stored_prev or row.hash not in (old(content), new(content)):
            break
        relinked = _content(SimpleNamespace(**{**row._mapping, "prev_hash": new_prev}))
        new_hash = new(relinked)
        values = {"prev_hash": new_prev, "hash": new_hash}
        connection.execute(update(table).where(table.c.id == row.id).values(**values))
        stored_prev, new_prev, head = row.hash, new_hash, (row.id, new_hash)
    return head
