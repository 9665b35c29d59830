"""An intake as a FHIR R4 QuestionnaireResponse: every stored answer, typed, with its question.

The questions come from the form version the intake answered (`Intake.form_url` and
`form_version`). Today every intake answered version 1 of the built-in adult form, whose
question texts are the ones the client read back on "Check your answers" (portal.intake.summary),
so the export, the detail page and the summary PDF word each question the same way. Stored form
definitions plug in at `form_questions`.

Scores, bands and risk flags are exported as items too (integer, string and boolean answers),
marked "(worked out by the practice)" in their text: a spreadsheet or a FHIR server reads them
like any answer, and a reader can tell them from what the client chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from portal.intake import choices as c
from portal.intake.summary import SECTIONS
from portal.models import Intake
from portal.questionnaires import measures as measure_library

YES_NO = "yes_no"  # a yes/no radio stored as "yes"/"no", exported as valueBoolean


@dataclass(frozen=True)
class Question:
    """One answerable item: where its answer is stored, its text and how its answer is typed."""

    link_id: str  # "<section>.<field>", the stored answer's address
    text: str
    kind: str  # string, boolean, yes_no, date, integer, choice, measure
    options: tuple[tuple[object, str], ...] = ()


@dataclass(frozen=True)
class Group:
    """One section of the form, as a group item."""

    link_id: str
    text: str
    questions: tuple[Question, ...]


AREA_OPTIONS = ((c.OUTSIDE_AREA, "Somewhere else"),)
# The stored fields of the built-in adult form, in the order summary.py shows their questions.
ADULT_FIELDS: dict[str, tuple[tuple[str, str, tuple], ...]] = {
    "eligibility": (
        ("age_ok", YES_NO, ()),
        ("area", "choice", AREA_OPTIONS),
        ("safety_risk", YES_NO, ()),
    ),
    "about": (
        ("full_name", "string", ()),
        ("preferred_name", "string", ()),
        ("pronouns", "string", ()),
        ("date_of_birth", "date", ()),
        ("email", "string", ()),
        ("phone", "string", ()),
        ("contact_method", "choice", c.CONTACT_METHODS),
        ("voicemail_ok", YES_NO, ()),
        ("email_ok", YES_NO, ()),
        ("region", "string", ()),
    ),
    "reasons": (
        ("own_words", "string", ()),
        ("hopes", "string", ()),
        ("previous_therapy", YES_NO, ()),
        ("previous_detail", "string", ()),
        ("medication", "string", ()),
        ("other_providers", "string", ()),
    ),
    "practical": (
        ("mode", "choice", c.MODES),
        ("availability", "choice", c.AVAILABILITY),
        ("payment", "choice", c.PAYMENT),
        ("insurer", "string", ()),
        ("member_number", "string", ()),
        ("heard_from", "choice", c.HEARD_FROM),
    ),
    "consent": (("agreed", "boolean", ()), ("typed_name", "string", ())),
}
COMPUTED = " (worked out by the practice)"
FLAGS = Group(
    "flags",
    "Safety flags" + COMPUTED,
    (
        Question(
            "flags.safety_question", f"Answered yes to the safety question{COMPUTED}", "boolean"
        ),
        Question("flags.phq9_item9", f"PHQ-9 item 9 above zero{COMPUTED}", "boolean"),
    ),
)


def _measure_fields(key: str) -> tuple[tuple[str, str, tuple], ...]:
    """A measure's stored fields: each item (0-based, as stored), then the difficulty answer."""
    from portal.intake.measures import DIFFICULTY

    measure = measure_library.get(key)
    items = tuple((f"items.{i}", "measure", measure.options) for i in range(len(measure.items)))
    return (*items, ("difficulty", "choice", DIFFICULTY))


def _scores(key: str) -> tuple[Question, ...]:
    """The measure's total and band, as computed items."""
    title = measure_library.get(key).title
    return (
        Question(f"{key}.score", f"{title} total score{COMPUTED}", "integer"),
        Question(f"{key}.band", f"{title} severity band{COMPUTED}", "string"),
    )


@lru_cache(maxsize=1)
def adult_v1() -> tuple[Group, ...]:
    """Version 1 of the built-in adult form: sections and question texts from summary.py."""
    groups = []
    for key, title, build in SECTIONS:
        labels = [label for label, _answer in build({})]
        fields = ADULT_FIELDS.get(key) or _measure_fields(key)
        if len(labels) != len(fields):
            raise RuntimeError(f"The {key} section's questions and stored fields do not match.")
        questions = tuple(
            Question(f"{key}.{name}", label, kind, options)
            for label, (name, kind, options) in zip(labels, fields, strict=True)
        )
        extra = _scores(key) if key in measure_library.LIBRARY else ()
        groups.append(Group(key, title, questions + extra))
    return (*groups, FLAGS)


def form_questions(form_url: str, form_version: int) -> tuple[Group, ...]:
    """The sections and questions of the form version an intake answered.

    Every intake so far answered the built-in adult form, version 1. When form definitions are
    stored, look (form_url, form_version) up here and build the groups from that version's
    items, so an export always shows the question text of the version the client answered.
    """
    return adult_v1()


def _coding(value, options) -> dict:
    """A chosen option as code (the stored value) and display (the words the client chose)."""
    return {"code": str(value), "display": dict(options).get(value) or str(value)}


def _as_date(value) -> dict:
    """An ISO date as valueDate; anything else is kept as the text it is."""
    try:
        return {"valueDate": date.fromisoformat(str(value)).isoformat()}
    except ValueError:
        return {"valueString": str(value)}


def _one(question: Question, value) -> dict | None:
    """One typed answer, or None when there is nothing to say."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if question.kind == YES_NO:
        yes_no = {"yes": True, "no": False, True: True, False: False}
        return {"valueBoolean": yes_no[value]} if value in yes_no else {"valueString": str(value)}
    if question.kind == "boolean":
        return {"valueBoolean": bool(value)}
    if question.kind == "integer":
        return {"valueInteger": int(value)}
    if question.kind == "date":
        return _as_date(value)
    if question.kind in ("choice", "measure"):
        return {"valueCoding": _coding(value, question.options)}
    return {"valueString": str(value).strip()}


def _stored(section: dict, link_id: str):
    """The stored value at "<section>.<field>" or "<section>.items.<n>" (None when absent)."""
    field = link_id.split(".", 1)[1]
    if field.startswith("items."):
        values = section.get("items") or []
        index = int(field.split(".")[1])
        return values[index] if index < len(values) else None
    return section.get(field)


def _answers(question: Question, value) -> list[dict]:
    """Every answer to a question (a "select all that apply" gives several)."""
    values = value if isinstance(value, list) else [value]
    return [answer for v in values if (answer := _one(question, v)) is not None]


def _leftovers(key: str, section: dict, known: set[str]) -> list[Question]:
    """Stored fields the form version does not describe: kept, as text, so nothing is lost."""
    return [
        Question(f"{key}.{name}", name, "string")
        for name in section
        if not name.startswith("_") and f"{key}.{name}" not in known and name != "items"
    ]


def _group(group: Group, section: dict) -> dict | None:
    """A section as a group item holding its answered questions; None when none was answered."""
    known = {q.link_id for q in group.questions}
    items = []
    for question in (*group.questions, *_leftovers(group.link_id, section, known)):
        answers = _answers(question, _stored(section, question.link_id))
        if answers:
            items.append({"linkId": question.link_id, "text": question.text, "answer": answers})
    return {"linkId": group.link_id, "text": group.text, "item": items} if items else None


def _utc(value) -> str:
    """A stored naive UTC time as a FHIR dateTime with Z."""
    return value.replace(microsecond=0).isoformat() + "Z"


def questionnaire_response(intake: Intake, answers: dict) -> dict:
    """The intake as a QuestionnaireResponse (plain JSON values), one group per section."""
    groups = list(form_questions(intake.form_url, intake.form_version))
    described = {g.link_id for g in groups}
    groups += [
        Group(key, key, ())
        for key, value in answers.items()
        if key not in described and isinstance(value, dict)
    ]
    items = [item for g in groups if (item := _group(g, answers.get(g.link_id) or {}))]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": intake.id,
        "identifier": {"use": "usual", "value": intake.reference},
        "questionnaire": f"{intake.form_url}|{intake.form_version}",
        "status": "completed",
        "authored": _utc(intake.received_at),
        "item": items,
    }
