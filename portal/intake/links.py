"""Drafts started for someone and sent by email: a couple's second partner's own part, the
full form after a short enquiry. Each is an ordinary draft with its resume token, so the
link opens once, in one browser, and expires with the draft; its intake, once sent, points
back at the one it came from.
"""

from __future__ import annotations

from flask import current_app, url_for

from portal.db import db
from portal.intake import notify, service
from portal.intake.journey import Journey
from portal.models import Intake, OutboxMessage

# What a draft started by link carries (inside its encrypted content), and the intake
# column that keeps it once the draft is sent.
JOINS = {"partner_of": "partner_of_id", "follows": "follows_id"}


def send_draft(kind: str, to: str, journey: Journey, earlier: Intake, **carried) -> int:
    """Start a draft of this version (with any answers already given), queue its link to
    `to` sealed, in the caller's transaction; the outbox message id."""
    data = service.new_draft_data()
    data["answers"] = carried.pop("answers", {})
    data["form"] = {"url": journey.url, "version": journey.version}
    data.update(carried)
    draft = service.save_draft(None, data, service.draft_days())
    token = service.issue_resume_token(draft)
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("intake.resume", token=token)
    return notify.queue_link(kind, to, link, earlier, draft.expires_at).id


def last_sent(intake: Intake, kind: str) -> OutboxMessage | None:
    """The newest message of this kind queued for the intake (sent or still waiting)."""
    return db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.intake_id == intake.id, OutboxMessage.kind == kind)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    ).first()


def join(intake: Intake, data: dict) -> None:
    """Point a new intake at the one its draft was started from, when that is still there."""
    for key, column in JOINS.items():
        earlier = data.get(key)
        if earlier and db.session.get(Intake, earlier) is not None:
            setattr(intake, column, earlier)


def later(intake: Intake, column: str) -> Intake | None:
    """The first intake that came from this one through a link (by its joining column)."""
    return db.session.scalars(
        db.select(Intake)
        .where(getattr(Intake, column) == intake.id)
        .order_by(Intake.received_at)
        .limit(1)
    ).first()
