"""After a short enquiry the clinician can email the full form: a draft of the published
adult form with what the person already gave filled in and editable, so they never retell
it. Safety, consent and the measures are always answered afresh: a risk answer or a
consent from days ago is not carried forward."""

from __future__ import annotations

from portal.db import db
from portal.intake import links, notify
from portal.intake.flow import UNFINISHED
from portal.intake.journey import Journey, current, version_of
from portal.intake.records import read_answers
from portal.models import Intake
from portal.questionnaires import SHORT_URL
from portal.security import audit


def offered_for(intake: Intake) -> bool:
    """True when the clinician can send this intake's person the full form."""
    return intake.form_url == SHORT_URL and not intake.is_quarantined


def prefilled(answers: dict, source: Journey, target: Journey) -> dict:
    """The answers of `source` that `target` asks again (same linkId, same kind of answer),
    in the draft's layout; each page given some is marked unfinished, so the person sees
    it and confirms or changes it before the form can be sent."""
    given = {item["linkId"]: item for step in source.steps for item in step.items.values()}
    lookup = source.lookup(answers)
    filled: dict[str, dict] = {}
    for step in target.steps:
        if step.safety or step.measure or "consent" in step.practice_texts:
            continue
        for name, item in step.items.items():
            value = lookup(item["linkId"])
            if value in (None, "", []) or not _same_question(given.get(item["linkId"]), item):
                continue
            section = filled.setdefault(step.section, {})
            section[name] = value
            section[UNFINISHED] = sorted({*section.get(UNFINISHED, []), step.slug})
    return filled


def _same_question(asked: dict | None, item: dict) -> bool:
    """True when an answer to `asked` is a valid answer to `item`: same type, and for a
    choice the same options (a changed option list would put words in the person's mouth)."""
    if asked is None or asked.get("type") != item.get("type"):
        return False
    return _options(asked) == _options(item)


def _options(item: dict) -> list[tuple]:
    """An item's options as (code, English words): their translations do not matter here."""
    codings = [option.get("valueCoding") or {} for option in item.get("answerOption") or []]
    return [(coding.get("code"), coding.get("display")) for coding in codings]


def send(short: Intake, user_id: int) -> int | None:
    """Email the full form to the address the short enquiry gave; the outbox message id
    (None when this intake cannot have one). Runs in the caller's transaction."""
    answers = read_answers(short)
    to = str((answers.get("about") or {}).get("email") or "").strip()
    if not offered_for(short) or not to:
        return None
    source = version_of(short.form_url, short.form_version)
    target = current()
    filled = prefilled(answers, source, target)
    message_id = links.send_draft(
        notify.KIND_FULL_FORM_LINK, to, target, short, follows=short.id, answers=filled
    )
    audit.record("intake.full_form_sent", user_id, "intake", short.id)
    return message_id


def status(intake: Intake) -> dict | None:
    """For the clinician: the full form's last email and the intake it became, or the
    short enquiry a full form followed."""
    if intake.follows_id:
        return {"follows": db.session.get(Intake, intake.follows_id)}
    if not offered_for(intake):
        return None
    return {
        "sent": links.last_sent(intake, notify.KIND_FULL_FORM_LINK),
        "arrived": links.later(intake, "follows_id"),
    }
