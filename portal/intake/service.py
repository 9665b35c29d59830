"""Intake services: server-side drafts, resume tokens and the idempotent final submission."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from portal.db import db
from portal.intake import notify
from portal.intake.journey import Journey, builtin_adult, measure_risk, safety_yes
from portal.intake.records import new_intake
from portal.models import Intake, IntakeDraft
from portal.models.base import utcnow
from portal.questionnaires.measures import get as get_measure
from portal.security import audit

RISK_FLAGS = {"phq9": "phq9_item9"}  # the flag name intakes have always stored for PHQ-9


class Submission(NamedTuple):
    """The result of a submit: the intake, whether this call stored it, its outbox message id."""

    intake: Intake
    created: bool
    message_id: int | None


class IntakeIncomplete(ValueError):
    """The answers miss a section the practice needs; the message names the first one."""

    def __init__(self, section: str) -> None:
        """Name the missing section in the message."""
        super().__init__(f"The intake is missing the {section!r} section.")
        self.section = section


# --- drafts ---------------------------------------------------------------------------


def _draft_context(draft_id: str) -> str:
    """Bind a draft's ciphertext to its row."""
    return f"draft:{draft_id}"


def draft_days() -> int:
    """How long an unfinished intake is kept (practice retention setting, 14 days by default)."""
    from portal.practice import get_practice

    return int((get_practice().retention or {}).get("draft_days", 14))


def new_draft_data() -> dict:
    """The empty content of a draft: answers so far, the submission id and the start time."""
    return {
        "answers": {},
        "submission_id": uuid.uuid4().hex,
        "started_at": utcnow().timestamp(),
        "spam": "",
    }


def load_draft(draft_id: str | None) -> IntakeDraft | None:
    """The unexpired draft with this id, or None."""
    if not draft_id:
        return None
    draft = db.session.get(IntakeDraft, draft_id)
    if draft is None or draft.expires_at <= utcnow():
        return None
    return draft


def read_draft(draft: IntakeDraft | None) -> dict:
    """Decrypt a draft's content (a fresh empty one when there is no draft)."""
    from portal.security.crypto import decrypt_json

    if draft is None:
        return new_draft_data()
    return decrypt_json(draft.data, _draft_context(draft.id))


def save_draft(draft: IntakeDraft | None, data: dict, days: int) -> IntakeDraft:
    """Store the draft content encrypted (creating the row if needed); it expires `days` later."""
    from portal.security.crypto import encrypt_json

    if draft is None:
        draft = IntakeDraft(data="", expires_at=utcnow())
        db.session.add(draft)
        db.session.flush()
    draft.data = encrypt_json(data, _draft_context(draft.id))
    draft.expires_at = utcnow() + timedelta(days=days)
    draft.updated_at = utcnow()
    return draft


def hash_token(token: str) -> str:
    """Only the SHA-256 of a resume token is stored, so a database copy cannot resume drafts."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_resume_token(draft: IntakeDraft) -> str:
    """A new 256-bit resume token for the draft (replacing any earlier one)."""
    token = secrets.token_urlsafe(32)
    draft.token_hash = hash_token(token)
    return token


def draft_for_token(token: str) -> IntakeDraft | None:
    """The unexpired draft a resume token opens, or None (wrong and expired look the same)."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalars(
        select(IntakeDraft).where(IntakeDraft.token_hash == hash_token(token))
    ).first()
    return found if found is not None and found.expires_at > utcnow() else None


def take_over_draft(token: str, days: int) -> tuple[IntakeDraft, str] | None:
    """Open a resume link: its answers move to a new draft with a new token; the old row dies.

    The browser that made the link keeps only the old draft id, which now finds nothing, so
    whoever opens the link last is the only one who can read or change the answers.
    """
    old = draft_for_token(token)
    if old is None:
        return None
    data = read_draft(old)
    claimed = db.session.execute(
        delete(IntakeDraft).where(
            IntakeDraft.id == old.id, IntakeDraft.token_hash == hash_token(token)
        )
    )
    if claimed.rowcount != 1:  # a second browser opened the same link at the same moment
        return None
    draft = save_draft(None, data, days)
    return draft, issue_resume_token(draft)


def delete_draft(draft_id: str | None) -> None:
    """Remove a draft (on submit), so the answers exist only in the intake."""
    if draft_id:
        db.session.execute(delete(IntakeDraft).where(IntakeDraft.id == draft_id))


def purge_expired_drafts(now: datetime | None = None) -> int:
    """Delete drafts past their expiry; returns how many went."""
    result = db.session.execute(
        delete(IntakeDraft).where(IntakeDraft.expires_at <= (now or utcnow()))
    )
    return result.rowcount or 0


# --- submission -----------------------------------------------------------------------


def missing_section(answers: dict, journey: Journey | None = None) -> str | None:
    """The first section not yet answered, or None when the intake is complete.

    Consent counts as answered only when the person ticked the box: no intake without it.
    """
    steps = (journey or builtin_adult()).steps
    keys = list(dict.fromkeys(step.section for step in steps))
    missing = next((key for key in keys if not answers.get(key)), None)
    consent = [s.section for s in steps if "consent" in s.practice_texts]
    if missing is None and any(answers[key].get("agreed") is not True for key in consent):
        return consent[0]
    return missing


def finalise_answers(answers: dict, journey: Journey | None = None) -> dict:
    """Add scores, bands and risk flags computed here on the server (never trusted from a form).

    The rules come from the form version answered: its safety question, its measures' own
    scoring and risk items (default: the built-in adult version 1).
    """
    final = {key: dict(value) for key, value in answers.items() if isinstance(value, dict)}
    flags = {"safety_question": False}
    for step in (journey or builtin_adult()).steps:
        section = final.get(step.section) or {}
        flags["safety_question"] = flags["safety_question"] or safety_yes(step, section)
        if step.measure is not None:
            measure = get_measure(step.measure)
            section["score"] = measure.score(section["items"])
            section["band"] = measure.band(section["score"])
            if measure.risk_items:
                flag = RISK_FLAGS.get(step.measure, f"{step.measure}_risk")
                flags[flag] = measure_risk(step, section)
    final["flags"] = flags
    return final


def find_by_submission(submission_id: str) -> Intake | None:
    """The intake already stored for this submission id, if any."""
    return db.session.scalars(select(Intake).where(Intake.submission_id == submission_id)).first()


def submit_intake(
    answers: dict,
    submission_id: str,
    consent_text: str,
    *,
    quarantine_reason: str = "",
    draft_id: str | None = None,
    consent_at: datetime | None = None,
    journey: Journey | None = None,
) -> Submission:
    """Store the intake once per submission id (a repeat returns the stored one). Caller commits.

    `journey` is the form version answered (default: the built-in adult version 1).
    """
    journey = journey or builtin_adult()
    missing = missing_section(answers, journey)
    if missing:
        raise IntakeIncomplete(missing)
    existing = find_by_submission(submission_id)
    if existing is not None:
        return Submission(existing, False, None)
    final = finalise_answers(answers, journey)
    urgent = any(final["flags"].values())
    intake, created = _insert_once(final, submission_id, urgent, quarantine_reason, consent_text)
    if not created:
        return Submission(intake, False, None)
    intake.form_url, intake.form_version = journey.url, journey.version
    intake.language = journey.lang
    if consent_at is not None:
        intake.consent_at = consent_at
    message = notify.queue_new_intake(is_urgent=urgent, intake_id=intake.id)
    detail = {"urgent": urgent, "quarantined": bool(quarantine_reason)}
    audit.record("intake.submitted", None, "intake", intake.id, detail)
    delete_draft(draft_id)
    return Submission(intake, True, message.id)


def _insert_once(
    final: dict, submission_id: str, urgent: bool, reason: str, consent: str
) -> tuple[Intake, bool]:
    """Insert in a savepoint; a concurrent twin's unique violation returns the stored one."""
    for _attempt in range(3):
        intake = new_intake(
            final, submission_id, is_urgent=urgent, quarantine_reason=reason, consent_text=consent
        )
        try:
            with db.session.begin_nested():
                db.session.add(intake)
        except IntegrityError:
            existing = find_by_submission(submission_id)
            if existing is not None:
                return existing, False
            continue  # a reference collision (40 random bits): draw another
        return intake, True
    raise RuntimeError("Could not store the intake after three attempts.")
