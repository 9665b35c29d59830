"""Owner page for the audit trail: filter by user, action and date; check the hash chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template, request
from sqlalchemy import func, select

from portal.clinician.forms import AuditFilterForm
from portal.clinician.views import bp
from portal.db import db
from portal.inputs import int_arg, parse_date, parse_int
from portal.models import AuditEvent, User
from portal.practice_time import utc_start_of
from portal.security.access import owner_required
from portal.security.audit import verify_chain

PAGE_SIZE = 50


@dataclass
class AuditQuery:
    """What the log is narrowed to."""

    user_id: int | None = None
    action: str = ""
    since: date | None = None
    until: date | None = None
    page: int = 1


def audit_page(q: AuditQuery) -> tuple[list[AuditEvent], int, int]:
    """Newest first: one page of rows, the page number shown and the page count."""
    query = select(AuditEvent)
    if q.user_id is not None:
        query = query.where(AuditEvent.actor_id == q.user_id)
    if q.action:
        query = query.where(AuditEvent.action == q.action)
    if q.since:
        query = query.where(AuditEvent.at >= utc_start_of(q.since))
    if q.until:
        query = query.where(AuditEvent.at < utc_start_of(q.until + timedelta(days=1)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, q.page), pages)
    rows = db.session.scalars(
        query.order_by(AuditEvent.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return list(rows), page, pages


def _choices(form: AuditFilterForm) -> dict[int, str]:
    """Fill the user and action lists from what exists; return staff names by id."""
    names = {u.id: u.name for u in db.session.scalars(select(User).order_by(User.email))}
    form.user.choices = [("", "Anyone")] + [(str(i), n) for i, n in names.items()]
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    form.action.choices = [("", "Any action")] + [(a, a) for a in actions]
    return names


def _query(form: AuditFilterForm) -> AuditQuery:
    """The filter from a validated form; a bad date is ignored after its message is shown."""
    return AuditQuery(
        user_id=parse_int(form.user.data),
        action=form.action.data if form.action.data in dict(form.action.choices) else "",
        since=parse_date(form.date_from.data),
        until=parse_date(form.date_to.data),
        page=int_arg("page", 1),
    )


@bp.get("/audit")
@owner_required
def audit():
    """Who did what to which object and when (UTC); the chain is checked when asked."""
    form = AuditFilterForm(request.args)
    names = _choices(form)
    if not form.validate():
        form.date_from.data = form.date_from.data if not form.date_from.errors else ""
        form.date_to.data = form.date_to.data if not form.date_to.errors else ""
    rows, page, pages = audit_page(_query(form))
    args = {k: v for k, v in request.args.items() if k not in ("page", "verify") and v}
    return render_template(
        "clinician/audit.html",
        form=form,
        rows=rows,
        page=page,
        pages=pages,
        args=args,
        names=names,
        # The check reads every row (about 3 s for 20,000 rows here), so it runs on request.
        chain=verify_chain() if request.args.get("verify") else None,
    )
