"""Intakes, their drafts, pipeline history, notes and the notification outbox.

Answers, notes and drafts are stored encrypted (portal.security.crypto); only what the inbox
sorts and filters by is in clear: reference, status, dates, urgent and quarantine flags.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import db
from portal.models.base import random_id, utcnow
from portal.questionnaires import ADULT_FIRST_VERSION, ADULT_URL

STATUSES = (
    "new",
    "contacted",
    "consultation_booked",
    "accepted",
    "waitlisted",
    "referred_on",
    "declined",
    "closed",
)


class Intake(db.Model):
    """A submitted intake; `answers` is the encrypted JSON of everything the client gave."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    submission_id: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(32), default="new", index=True)
    is_urgent: Mapped[bool] = mapped_column(default=False, index=True)
    is_quarantined: Mapped[bool] = mapped_column(default=False, index=True)
    quarantine_reason: Mapped[str] = mapped_column(String(32), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    follow_up_on: Mapped[date | None]
    answers: Mapped[str] = mapped_column(Text)  # encrypted JSON
    name_index: Mapped[str] = mapped_column(Text, default="")  # keyed hashes of name words
    email_index: Mapped[str] = mapped_column(String(64), default="", index=True)  # keyed hash
    consent_text: Mapped[str] = mapped_column(Text, default="")
    consent_sha256: Mapped[str] = mapped_column(String(64), default="")
    consent_at: Mapped[datetime | None]
    # The form definition (FHIR Questionnaire url and version) the client answered.
    form_url: Mapped[str] = mapped_column(String(200), default=ADULT_URL, server_default=ADULT_URL)
    form_version: Mapped[int] = mapped_column(
        default=ADULT_FIRST_VERSION, server_default=str(ADULT_FIRST_VERSION)
    )
    # The language of the questions as the client read them ("en", "es").
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # Intakes sent from a link point back: a couple's second part at the first partner's,
    # a full form at the short enquiry it followed.
    partner_of_id: Mapped[str | None] = mapped_column(
        ForeignKey("intake.id", ondelete="SET NULL"), index=True
    )
    follows_id: Mapped[str | None] = mapped_column(
        ForeignKey("intake.id", ondelete="SET NULL"), index=True
    )

    events: Mapped[list[IntakeEvent]] = relationship(
        back_populates="intake",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="IntakeEvent.at",
    )
    notes: Mapped[list[IntakeNote]] = relationship(
        back_populates="intake",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="IntakeNote.created_at",
    )


class IntakeDraft(db.Model):
    """An unfinished intake, found again by the hash of its resume token; expires by itself."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    data: Mapped[str] = mapped_column(Text)  # encrypted JSON
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class IntakeEvent(db.Model):
    """One step in an intake's history: a status change, an assignment, a follow-up date."""

    id: Mapped[int] = mapped_column(primary_key=True)
    intake_id: Mapped[str] = mapped_column(ForeignKey("intake.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(32))
    from_value: Mapped[str] = mapped_column(String(64), default="")
    to_value: Mapped[str] = mapped_column(String(64), default="")

    intake: Mapped[Intake] = relationship(back_populates="events")


class IntakeNote(db.Model):
    """An internal note about an intake, encrypted like the answers."""

    id: Mapped[int] = mapped_column(primary_key=True)
    intake_id: Mapped[str] = mapped_column(ForeignKey("intake.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    body: Mapped[str] = mapped_column(Text)  # encrypted

    intake: Mapped[Intake] = relationship(back_populates="notes")


class OutboxMessage(db.Model):
    """An email waiting to be sent after commit; retried until the SMTP server accepts it.

    `payload` is in clear and never holds client data. A resume-link email keeps its address
    and link only in `sealed` (encrypted), which is emptied as soon as the server accepts it.
    `locked_until` is a short lease so two senders never send the same message at once.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    sealed: Mapped[str] = mapped_column(Text, default="")  # encrypted recipient and link
    is_urgent: Mapped[bool] = mapped_column(default=False, index=True)
    intake_id: Mapped[str | None] = mapped_column(
        ForeignKey("intake.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    locked_until: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    last_error: Mapped[str] = mapped_column(String(200), default="")
