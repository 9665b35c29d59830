"""The intake pipeline: who may open an intake, status, assignment, follow-up, notes, deletion.

Every function takes plain values and the acting user, writes one audit row (ids only) and
leaves the commit to the view.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from portal.db import db
from portal.intake.records import note_context
from portal.models import Intake, IntakeEvent, IntakeNote, Practice, User
from portal.models.base import utcnow
from portal.models.intake import STATUSES
from portal.security import audit
from portal.security.crypto import decrypt_text, encrypt_text

STATUS_LABELS = {
    "new": "New",
    "contacted": "Contacted",
    "consultation_booked": "Consultation booked",
    "accepted": "Accepted",
    "waitlisted": "Waitlisted",
    "referred_on": "Referred on",
    "declined": "Declined",
    "closed": "Closed",
}
OPEN_STATUSES = ("new", "contacted", "consultation_booked")
NOTE_LIMIT = 5000
ID_SHAPE = re.compile(r"[0-9A-Za-z_-]{1,32}")  # random_id() is 32 hex digits


class PipelineError(ValueError):
    """A pipeline change was refused; the message says what to fix."""


def assigned_only(user: User) -> bool:
    """True when this user may see only the intakes assigned to them (owners see everything)."""
    if user.is_owner:
        return False
    return bool(db.session.scalar(select(Practice.assigned_only).limit(1)))


def visible_to(query, user: User):
    """Narrow an intake query to what this user may see under the practice's assignment mode."""
    if assigned_only(user):
        return query.where(Intake.assigned_to_id == user.id)
    return query


def intake_for(intake_id: str, user: User) -> Intake | None:
    """The intake this user may open, or None; a refused attempt on a real intake is audited."""
    # Only id-shaped values reach the database: PostgreSQL refuses a NUL byte with an error.
    intake = db.session.get(Intake, intake_id) if ID_SHAPE.fullmatch(intake_id) else None
    if intake is None:
        return None
    if assigned_only(user) and intake.assigned_to_id != user.id:
        audit.record("intake.denied", user.id, "intake", intake.id)
        return None
    return intake


def record_view(
    intake: Intake, user: User, action: str = "intake.view", session_ref: str = ""
) -> None:
    """Audit that a person read an intake (the page or an export, with the session it used)."""
    detail = {"session": session_ref} if session_ref else None
    audit.record(action, user.id, "intake", intake.id, detail)


def _event(intake: Intake, user: User, kind: str, old: str, new: str) -> None:
    """Add one history step to the intake."""
    intake.events.append(
        IntakeEvent(at=utcnow(), actor_id=user.id, kind=kind, from_value=old, to_value=new)
    )


def change_status(intake: Intake, status: str, user: User) -> bool:
    """Move the intake along the pipeline; False (and no audit row) when nothing changed."""
    if status not in STATUSES:
        raise PipelineError("Choose a status from the list")
    if status == intake.status:
        return False
    _event(intake, user, "status", intake.status, status)
    audit.record("intake.status", user.id, "intake", intake.id, {"to": status})
    intake.status = status
    intake.status_changed_at = utcnow()
    return True


def assign(intake: Intake, assignee_id: int | None, user: User) -> bool:
    """Give the intake to a clinician (or nobody); False when nothing changed."""
    if assignee_id is not None:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or not assignee.is_enabled:
            raise PipelineError("Choose an active clinician to assign")
    if assignee_id == intake.assigned_to_id:
        return False
    old = "" if intake.assigned_to_id is None else str(intake.assigned_to_id)
    _event(intake, user, "assigned", old, "" if assignee_id is None else str(assignee_id))
    audit.record("intake.assign", user.id, "intake", intake.id, {"user_id": assignee_id})
    intake.assigned_to_id = assignee_id
    return True


def set_follow_up(intake: Intake, when: date | None, user: User) -> bool:
    """Set or clear the follow-up date; False when nothing changed."""
    if when == intake.follow_up_on:
        return False
    old = intake.follow_up_on.isoformat() if intake.follow_up_on else ""
    _event(intake, user, "follow_up", old, when.isoformat() if when else "")
    audit.record("intake.follow_up", user.id, "intake", intake.id)
    intake.follow_up_on = when
    return True


def add_note(intake: Intake, body: str, user: User) -> IntakeNote:
    """Store an internal note, encrypted and bound to its intake."""
    body = body.strip()
    if not body:
        raise PipelineError("Enter the note")
    if len(body) > NOTE_LIMIT:
        raise PipelineError(f"The note must be {NOTE_LIMIT:,} characters or fewer")
    note = IntakeNote(
        author_id=user.id, created_at=utcnow(), body=encrypt_text(body, note_context(intake.id))
    )
    intake.notes.append(note)
    db.session.flush()
    audit.record("intake.note", user.id, "intake", intake.id, {"note_id": note.id})
    return note


def read_note(note: IntakeNote) -> str:
    """Decrypt a note for display."""
    return decrypt_text(note.body, note_context(note.intake_id))


def release(intake: Intake, user: User) -> None:
    """Move a quarantined intake into the inbox: a person judged it genuine."""
    intake.is_quarantined = False
    _event(intake, user, "released", intake.quarantine_reason, "")
    audit.record("intake.release", user.id, "intake", intake.id)


def delete_intake(intake: Intake, user: User) -> None:
    """Remove the intake with its history and notes; only the audit record of it stays."""
    intake_id = intake.id
    db.session.delete(intake)  # notes and events go with it (ORM and ON DELETE CASCADE)
    db.session.flush()
    audit.record("intake.delete", user.id, "intake", intake_id)


def staff_choices() -> list[tuple[int, str]]:
    """Active staff who can take an intake, as (id, name) for a select."""
    users = db.session.scalars(
        select(User).where(User.is_enabled.is_(True)).order_by(User.display_name, User.email)
    )
    return [(u.id, u.name) for u in users]
