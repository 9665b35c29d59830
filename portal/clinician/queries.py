"""Read-only views of the intakes: the inbox page, search over encrypted data, the dashboard."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select

from portal.clinician.service import OPEN_STATUSES, visible_to
from portal.db import db
from portal.intake.records import read_answers
from portal.models import Intake, User
from portal.models.base import utcnow
from portal.models.intake import STATUSES
from portal.practice_time import to_local
from portal.security.crypto import blind_index

PAGE_SIZE = 25
REFERENCE_RE = re.compile(r"^[2-9A-HJKMNP-Z]{3}-?[2-9A-HJKMNP-Z]{5}$")  # records.REFERENCE_ALPHABET


@dataclass
class InboxFilter:
    """What the inbox is narrowed to; every field comes from the query string."""

    status: str = ""
    urgent: bool = False
    mine: bool = False
    q: str = ""
    page: int = 1


@dataclass
class InboxRow:
    """One line of the inbox, decrypted in memory for this page only."""

    id: str
    reference: str
    received_at: datetime
    name: str
    is_urgent: bool
    phq9_band: str
    gad7_band: str
    status: str
    assigned_to: str
    quarantine_reason: str = ""
    follow_up_on: date | None = None


@dataclass
class Page:
    """One page of rows plus what the pagination links need."""

    rows: list[InboxRow]
    total: int
    page: int
    pages: int


def search_clause(q: str):
    """Match a reference exactly, an email by its keyed hash, or every name word by its hash."""
    q = " ".join(q.split())
    if not q:
        return None
    clauses = []
    upper = q.upper()
    if REFERENCE_RE.match(upper):
        ref = upper if "-" in upper else f"{upper[:3]}-{upper[3:]}"
        clauses.append(Intake.reference == ref)
    if "@" in q:
        clauses.append(Intake.email_index == blind_index(q, "email"))
    words = q.casefold().split()
    tokens = [blind_index(w, "name") for w in words if "@" not in w]
    if tokens:
        clauses.append(and_(*[Intake.name_index.contains(t) for t in tokens]))
    return or_(*clauses)


def _filtered(user: User, f: InboxFilter, quarantined: bool):
    """The intake query for the inbox or the quarantine list, narrowed by the filter."""
    query = visible_to(select(Intake).where(Intake.is_quarantined.is_(quarantined)), user)
    if f.status:
        query = query.where(Intake.status == f.status)
    if f.urgent:
        query = query.where(Intake.is_urgent.is_(True))
    if f.mine:
        query = query.where(Intake.assigned_to_id == user.id)
    clause = search_clause(f.q)
    if clause is not None:
        query = query.where(clause)
    return query


def inbox_page(user: User, f: InboxFilter, quarantined: bool = False) -> Page:
    """Urgent first, then newest: one page of decrypted rows."""
    query = _filtered(user, f, quarantined)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, f.page), pages)
    ordered = query.order_by(Intake.is_urgent.desc(), Intake.received_at.desc(), Intake.id)
    intakes = db.session.scalars(ordered.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    names = _names()
    return Page([to_row(i, names) for i in intakes], total, page, pages)


def _names() -> dict[int, str]:
    """Staff names by id, for the "assigned to" column."""
    return {u.id: u.name for u in db.session.scalars(select(User))}


def first_name(answers: dict) -> str:
    """What to call the client: the preferred name, else the first word of the full name."""
    about = answers.get("about") or {}
    preferred = (about.get("preferred_name") or "").strip()
    return preferred or ((about.get("full_name") or "").split() or [""])[0]


def to_row(intake: Intake, names: dict[int, str]) -> InboxRow:
    """Decrypt just what one inbox line shows."""
    answers = read_answers(intake)
    return InboxRow(
        id=intake.id,
        reference=intake.reference,
        received_at=intake.received_at,
        name=(answers.get("about") or {}).get("full_name", ""),
        is_urgent=intake.is_urgent,
        phq9_band=(answers.get("phq9") or {}).get("band", ""),
        gad7_band=(answers.get("gad7") or {}).get("band", ""),
        status=intake.status,
        assigned_to=names.get(intake.assigned_to_id, "") if intake.assigned_to_id else "",
        quarantine_reason=intake.quarantine_reason,
        follow_up_on=intake.follow_up_on,
    )


def working_days_since(start: datetime, now: datetime) -> int:
    """Whole working days (Monday to Friday) that have passed since `start`."""
    day, end, count = start.date(), now.date(), 0
    while day < end:
        day += timedelta(days=1)
        count += day.weekday() < 5
    return count


@dataclass
class Dashboard:
    """What needs attention first."""

    urgent: list[InboxRow]
    counts: list[tuple[str, int]]
    overdue: list[InboxRow]
    follow_ups: list[InboxRow]
    quarantined: int


def dashboard(user: User, reply_days: int, today: date | None = None) -> Dashboard:
    """Open urgent intakes, counts by status, enquiries past the reply window, follow-ups due."""
    now = to_local(utcnow())  # days and working days are the practice's, not UTC's
    today = today or now.date()
    base = visible_to(select(Intake).where(Intake.is_quarantined.is_(False)), user)
    open_q = base.where(Intake.status.in_(OPEN_STATUSES))
    names = _names()
    urgent = db.session.scalars(
        open_q.where(Intake.is_urgent.is_(True)).order_by(Intake.received_at)
    ).all()
    new = db.session.scalars(
        base.where(Intake.status == "new").order_by(Intake.received_at).limit(200)
    ).all()
    overdue = [i for i in new if working_days_since(to_local(i.received_at), now) > reply_days]
    due = db.session.scalars(
        open_q.where(Intake.follow_up_on <= today).order_by(Intake.follow_up_on).limit(50)
    ).all()
    return Dashboard(
        urgent=[to_row(i, names) for i in urgent],
        counts=_status_counts(base),
        overdue=[to_row(i, names) for i in overdue],
        follow_ups=[to_row(i, names) for i in due],
        quarantined=_quarantine_count(user),
    )


def _status_counts(base) -> list[tuple[str, int]]:
    """How many visible intakes are in each status, in pipeline order."""
    sub = base.subquery()
    rows = db.session.execute(select(sub.c.status, func.count()).group_by(sub.c.status))
    found = {status: count for status, count in rows}
    return [(status, found.get(status, 0)) for status in STATUSES]


def _quarantine_count(user: User) -> int:
    """How many suspected spam intakes wait for a decision."""
    query = visible_to(select(Intake.id).where(Intake.is_quarantined.is_(True)), user)
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
