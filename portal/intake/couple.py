"""A couple's enquiry: the partner who starts answers the shared pages and gives the other
partner's email; the other gets their own draft of the same version by an emailed link.

Nothing of the first partner's goes into the second's draft or email: the two parts meet
only on the clinician's side, where each intake names the other.
"""

from __future__ import annotations

from flask import current_app, url_for

from portal.db import db
from portal.intake import notify, service
from portal.intake.journey import Journey, version_of
from portal.intake.records import read_answers
from portal.models import Intake, OutboxMessage
from portal.security import audit


def invite_partner(first: Intake, journey: Journey, answers: dict) -> int | None:
    """Start the other partner's own draft and queue their link; the id of the message, or
    None when there is nobody to invite (not a couple's first part, already invited, or held
    as suspected spam, so that a robot cannot make us email strangers). Runs in the
    caller's transaction, so an invitation is never half made."""
    to = journey.partner_email(answers)
    if not journey.is_couple or journey.is_partner or not to or first.is_quarantined:
        return None
    if _invitation(first) is not None:
        return None
    data = service.new_draft_data()
    data["form"] = {"url": journey.url, "version": journey.version}
    data["partner_of"] = first.id
    draft = service.save_draft(None, data, service.draft_days())
    token = service.issue_resume_token(draft)
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("intake.resume", token=token)
    message = notify.queue_partner_link(to, link, first.id, draft.expires_at)
    audit.record("intake.partner_invited", None, "intake", first.id)
    return message.id


def invite_on_release(first: Intake) -> int | None:
    """A person judged a held couple's enquiry genuine: now the other partner is invited."""
    return invite_partner(
        first, version_of(first.form_url, first.form_version), read_answers(first)
    )


def _invitation(first: Intake) -> OutboxMessage | None:
    """The message that carried (or will carry) the other partner's link, if any."""
    return db.session.scalars(
        db.select(OutboxMessage)
        .where(
            OutboxMessage.intake_id == first.id,
            OutboxMessage.kind == notify.KIND_PARTNER_LINK,
        )
        .limit(1)
    ).first()


def join_first_part(intake: Intake, data: dict) -> None:
    """Point the second partner's intake at the first one's, when that is still there."""
    first_id = data.get("partner_of")
    if first_id and db.session.get(Intake, first_id) is not None:
        intake.partner_of_id = first_id


def parts(intake: Intake, journey: Journey, answers: dict) -> dict | None:
    """For the clinician: which part this is, the other part's intake, the invitation."""
    if intake.partner_of_id:
        return {"first": False, "other": db.session.get(Intake, intake.partner_of_id)}
    if not journey.is_couple or not journey.partner_email(answers):
        return None
    other = db.session.scalars(
        db.select(Intake).where(Intake.partner_of_id == intake.id).limit(1)
    ).first()
    return {"first": True, "other": other, "invite": _invitation(intake)}
