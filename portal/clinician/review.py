"""What a clinician reads about one intake: the detail page, reply drafts and the summary PDF.

Everything here returns plain values (strings, numbers, lists, dicts), so a template cannot
lazy-load more than it was given.
"""

from __future__ import annotations

from babel import Locale
from sqlalchemy import select

from portal.clinician.queries import first_name
from portal.clinician.service import STATUS_LABELS, read_note
from portal.db import db
from portal.intake import couple, full_form
from portal.intake.journey import version_of
from portal.intake.records import read_answers
from portal.intake.summary import (
    answer_texts,
    measure_scores,
    quarantine_label,
    risks_found,
    safety_answered,
    staff_sections,
)
from portal.models import Intake, Practice, User
from portal.practice_time import local_time

EVENT_LABELS = {
    "status": "Status changed",
    "assigned": "Assigned",
    "follow_up": "Follow-up date",
    "released": "Released from quarantine",
}


def _names() -> dict[int, str]:
    """Staff names by id."""
    return {u.id: u.name for u in db.session.scalars(select(User))}


def _event_value(kind: str, value: str, names: dict[int, str]) -> str:
    """A history value in words: a status label, a person's name or a date."""
    if not value:
        return "none"
    if kind == "status":
        return STATUS_LABELS.get(value, value)
    if kind == "assigned" and value.isdigit():
        return names.get(int(value), "a former staff member")
    return value


def history(intake: Intake, names: dict[int, str]) -> list[dict]:
    """The intake's pipeline steps, oldest first, in words."""
    rows = [{"at": intake.received_at, "what": "Enquiry received", "who": "", "detail": ""}]
    for event in intake.events:
        old = _event_value(event.kind, event.from_value, names)
        new = _event_value(event.kind, event.to_value, names)
        rows.append(
            {
                "at": event.at,
                "what": EVENT_LABELS.get(event.kind, event.kind),
                "who": names.get(event.actor_id, "") if event.actor_id else "",
                "detail": f"{old} → {new}" if event.kind != "released" else "",
            }
        )
    return rows


def notes(intake: Intake, names: dict[int, str]) -> list[dict]:
    """Internal notes, decrypted, oldest first."""
    return [
        {"at": n.created_at, "who": names.get(n.author_id, ""), "body": read_note(n)}
        for n in intake.notes
    ]


def consent_record(intake: Intake, answers: dict) -> dict:
    """What the client agreed to: the text's hash, the name they typed, and when."""
    return {
        "sha256": intake.consent_sha256,
        "typed_name": (answers.get("consent") or {}).get("typed_name", ""),
        "at": intake.consent_at,
        "text": intake.consent_text,
    }


def reply_templates(answers: dict, practice: Practice) -> list[dict]:
    """Reply drafts with the client's first name filled in, for the clinician to copy and edit."""
    name = first_name(answers) or "there"
    urgent = practice.urgent_help[0]["number"] if practice.urgent_help else "emergency services"
    sign = practice.name
    invite = (
        f"Dear {name},\n\nThank you for getting in touch with {sign}. I have read what you "
        "wrote and I would like to offer you a short consultation, so we can talk about what "
        "you are looking for and whether we are a good fit.\n\nCould you let me know two or "
        "three times that suit you over the next week or so?\n\nWith warm wishes,\n" + sign
    )
    decline = (
        f"Dear {name},\n\nThank you for reaching out to {sign}, and for telling us about "
        "what is happening for you. I am sorry to say that we are not able to offer you a "
        "place at the moment.\n\nThese services may be able to help:\n"
        "- [referral suggestion]\n- [referral suggestion]\n\nIf you feel unsafe at any point, "
        f"please call {urgent} straight away.\n\nWith best wishes,\n" + sign
    )
    return [
        {"id": "reply-invite", "title": "Invitation to a consultation", "body": invite},
        {"id": "reply-decline", "title": "Decline with referral suggestions", "body": decline},
    ]


def _language_name(code: str) -> str:
    """A language's name in English, for staff ("Spanish")."""
    return Locale.parse(code).get_display_name("en")


def answered_version(intake: Intake):
    """The form version the client answered, so each answer shows the question they saw."""
    return version_of(intake.form_url, intake.form_version)


def detail_context(intake: Intake, practice: Practice) -> dict:
    """Everything the intake page shows, decrypted in memory for this request."""
    answers = read_answers(intake)
    names = _names()
    journey = answered_version(intake)
    return {
        "sections": staff_sections(answers, journey, intake.language, practice.min_age),
        "form_title": journey.definition.data.get("title") or intake.form_url,
        "language": _language_name(intake.language),
        "couple": couple.parts(intake, journey, answers),
        "full_form": full_form.status(intake),
        "safety_question": safety_answered(answers),
        **_measures(answers, journey),
        "name": (answers.get("about") or {}).get("full_name", ""),
        "consent": consent_record(intake, answers),
        "history": history(intake, names),
        "notes": notes(intake, names),
        "replies": reply_templates(answers, practice),
        "quarantine_reason": quarantine_label(intake.quarantine_reason),
        "assigned_to": names.get(intake.assigned_to_id, "") if intake.assigned_to_id else "",
    }


# The first-page facts of the summary PDF, by question, with the clinician's short labels.
ESSENTIALS = (
    ("about", "full_name", "Full name"),
    ("about", "preferred_name", "Preferred name"),
    ("about", "pronouns", "Pronouns"),
    ("about", "email", "Email address"),
    ("about", "phone", "Phone number"),
    ("about", "contact_method", "Best way to contact you"),
    ("about", "voicemail_ok", "Safe to leave a voicemail"),
    ("about", "email_ok", "Safe to send you email"),
    ("reasons", "own_words", "What brings you here"),
    ("reasons", "hopes", "What you hope for"),
)


def _essentials(answers: dict, journey) -> list[tuple[str, str]]:
    """The first-page facts: who, how to reach them safely, what brings them and their hopes."""
    words = answer_texts(answers, journey)
    return [(label, words[key, name]) for key, name, label in ESSENTIALS if (key, name) in words]


def _measures(answers: dict, journey) -> dict:
    """The scores of every measure the version includes, and the risk items above lowest."""
    rows = measure_scores(answers, journey)
    return {"measures": rows, "risks": risks_found(rows)}


def summary_context(intake: Intake, practice: Practice) -> dict:
    """Plain values for the summary PDF: essentials first, then every answer."""
    answers = read_answers(intake)
    journey = answered_version(intake)
    return {
        "practice_name": practice.name,
        "reference": intake.reference,
        "received": local_time(intake.received_at, practice),
        "status": STATUS_LABELS.get(intake.status, intake.status),
        "is_urgent": intake.is_urgent,
        "safety_question": safety_answered(answers),
        **_measures(answers, journey),
        "essentials": _essentials(answers, journey),
        "language": _language_name(intake.language),
        "sections": [
            {"title": title, "rows": rows}
            for title, rows in staff_sections(answers, journey, intake.language, practice.min_age)
        ],
        "consent_sha256": intake.consent_sha256,
    }
