"""What the hand-written intake pages ask, read from their WTForms classes (for drift tests)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.reference_intake import steps as flow  # the pinned hand-written pages

DATE_BOXES = ("dob_day", "dob_month", "dob_year")  # one date question in the definition
NOT_QUESTIONS = ("website", "csrf_token", "text_sha256")


@dataclass(frozen=True)
class Question:
    """One question as a person meets it: label, kind, choices, and whether it is required."""

    link_id: str
    type: str
    label: str
    choices: tuple[tuple[str, str], ...]
    required: bool
    message: str | None
    max_length: int | None
    repeats: bool


def _closure(check, name: str):
    """A value captured by a validator factory's inner check (its message or limit)."""
    if not hasattr(check, "__code__"):
        return None
    cells = dict(zip(check.__code__.co_freevars, check.__closure__ or (), strict=True))
    return cells[name].cell_contents if name in cells else None


def _kind(field) -> tuple[str, bool]:
    """The Questionnaire item type of a WTForms field, and whether it repeats."""
    kinds = {
        "StringField": "string",
        "TextAreaField": "text",
        "BooleanField": "boolean",
        "RadioField": "choice",
        "MultiCheckboxField": "choice",
    }
    return kinds[field.type], field.type == "MultiCheckboxField"


def _question(section: str, field) -> Question:
    """A field as a Question: required when it has a `required`/`ticked` check.

    The message is the one its checks give for a missing answer (the PHQ-9 and GAD-7
    difficulty question has one too: it is needed once an item is above "Not at all").
    """
    kind, repeats = _kind(field)
    names = [(getattr(v, "__qualname__", ""), v) for v in field.validators]
    required = [v for name, v in names if name.split(".")[0] in ("required", "ticked")]
    limits = [v for name, v in names if name.startswith("max_length.")]
    listed = field.iter_choices() if kind == "choice" else ()
    choices = tuple((str(value), label) for value, label, *_ in listed)
    return Question(
        link_id=f"{section}.{field.name}",
        type=kind,
        label=field.label.text,
        choices=choices,
        required=bool(required),
        message=next(filter(None, (_closure(v, "message") for v in field.validators)), None),
        max_length=_closure(limits[0], "limit") if limits else None,
        repeats=repeats,
    )


def page_questions(step: flow.Step) -> list[Question]:
    """The questions of one hand-written page, in the form's field order."""
    form = step.form(meta={"csrf": False})
    questions = []
    for field in form:
        if field.name in NOT_QUESTIONS or field.name in DATE_BOXES[1:]:
            continue
        if field.name == DATE_BOXES[0]:
            questions.append(date_of_birth(step.section))
            continue
        questions.append(_question(step.section, field))
    return questions


def date_of_birth(section: str) -> Question:
    """The three date boxes are one date question; parse_date asks for it when empty."""
    link, message = f"{section}.date_of_birth", "Enter your date of birth"
    return Question(link, "date", "Date of birth", (), True, message, None, False)


def pages() -> list[tuple[str, str, list[Question]]]:
    """Every hand-written page: (address, title, questions), in journey order."""
    return [(step.slug, step.title, page_questions(step)) for step in flow.STEPS]
