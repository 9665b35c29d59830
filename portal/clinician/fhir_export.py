"""An intake as a FHIR R4 QuestionnaireResponse: every stored answer, typed, with its question.

The questions come from the form version the intake answered (`Intake.form_url` and
`form_version`), in that version's words, so the export, the detail page and the summary PDF
word each question as the client read it, even after the form has changed.

Scores, bands and risk flags are exported as items too (integer, string and boolean answers),
marked "(worked out by the practice)" in their text: a spreadsheet or a FHIR server reads them
like any answer, and a reader can tell them from what the client chose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from portal.intake import choices as c
from portal.intake.summary import SECTION_TITLES
from portal.models import Intake
from portal.practice import get_practice
from portal.questionnaires import measures as measure_library
from portal.questionnaires import rules

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


def _scores(key: str) -> tuple[Question, ...]:
    """The measure's total and band, as computed items (none for a section that is not one)."""
    if key not in measure_library.LIBRARY:
        return ()
    title = measure_library.get(key).title
    return (
        Question(f"{key}.score", f"{title} total score{COMPUTED}", "integer"),
        Question(f"{key}.band", f"{title} severity band{COMPUTED}", "string"),
    )


AREA_OPTIONS = ((c.OUTSIDE_AREA, "Somewhere else"),)
KINDS = {"boolean": YES_NO, "date": "date", "integer": "integer", "choice": "choice"}
MEASURE_ITEM = re.compile(r"^item_(\d+)$")


def _question(section: str, name: str, item: dict, min_age: int) -> Question:
    """One stored answer's question as the version asked it, typed by the item's type."""
    from portal.intake.journey import AGE_FIELD, with_min_age

    text = with_min_age(item["text"], min_age) if name == AGE_FIELD else item["text"]
    options = tuple(
        (o["valueCoding"]["code"], o["valueCoding"]["display"])
        for o in item.get("answerOption", ())
    )
    if rules.extension(item, rules.OPTIONS_FROM):
        return Question(f"{section}.{name}", text, "choice", AREA_OPTIONS)
    measured = MEASURE_ITEM.match(name)
    if measured:  # a measure's answers are stored as one list, 0-based
        values = tuple((int(code), words) for code, words in options)
        return Question(f"{section}.items.{measured.group(1)}", text, "measure", values)
    return Question(f"{section}.{name}", text, KINDS.get(item["type"], "string"), options)


def _groups(form_url: str, form_version: int, min_age: int) -> tuple[Group, ...]:
    """The sections of one form version, each question in the words that version used.

    Not cached here: the version's journey is (per app, since ids belong to its database).
    """
    from portal.intake.journey import version_of

    sections: dict[str, list[Question]] = {}
    titles: dict[str, str] = {}  # a custom section is titled by its first page
    for step in version_of(form_url, form_version).steps:
        questions = sections.setdefault(step.section, [])
        questions += [_question(step.section, n, i, min_age) for n, i in step.items.items()]
        titles.setdefault(step.section, str(SECTION_TITLES.get(step.section) or step.title))
    groups = [
        Group(key, titles[key] or key, (*questions, *_scores(key)))
        for key, questions in sections.items()
    ]
    return (*groups, FLAGS)


def form_questions(form_url: str, form_version: int) -> tuple[Group, ...]:
    """The sections and questions of the form version an intake answered, as the client saw them."""
    return _groups(form_url, form_version, get_practice().min_age)


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
