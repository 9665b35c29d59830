"""A couple's enquiry: the partner who starts answers the shared pages and gives the other
partner's email; the other gets their own draft of the same version by an emailed link.

Nothing of the first partner's goes into the second's draft or email: the two parts meet
only on the clinician's side, where each intake names the other.
"""

from __future__ import annotations

from portal.db import db
from portal.intake import links, notify
from portal.intake.journey import Journey, version_of
from portal.intake.records import read_answers
from portal.models import Intake
from portal.security import audit


def invite_partner(first: Intake, journey: Journey, answers: dict) -> int | None:
    """Start the other partner's own draft and queue their link; the id of the message, or
    None when there is nobody to invite (not a couple's first part, already invited, or held
    as suspected spam, so that a robot cannot make us email strangers). Runs in the
    caller's transaction, so an invitation is never half made."""
    to = journey.partner_email(answers)
    if not journey.is_couple or journey.is_partner or not to or first.is_quarantined:
        return None
    if links.last_sent(first, notify.KIND_PARTNER_LINK) is not None:
        return None
    message_id = links.send_draft(notify.KIND_PARTNER_LINK, to, journey, first, partner_of=first.id)
    audit.record("intake.partner_invited", None, "intake", first.id)
    return message_id


def invite_on_release(first: Intake) -> int | None:
    """A person judged a held couple's enquiry genuine: now the other partner is invited."""
    return invite_partner(
        first, version_of(first.form_url, first.form_version), read_answers(first)
    )


def parts(intake: Intake, journey: Journey, answers: dict) -> dict | None:
    """For the clinician: which part this is, the other part's intake, the invitation."""
    if intake.partner_of_id:
        return {"first": False, "other": db.session.get(Intake, intake.partner_of_id)}
    if not journey.is_couple or not journey.partner_email(answers):
        return None
    return {
        "first": True,
        "other": links.later(intake, "partner_of_id"),
        "invite": links.last_sent(intake, notify.KIND_PARTNER_LINK),
    }
