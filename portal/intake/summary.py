"""Intake answers as display text: the sections shown on "Check your answers" and to staff."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.intake import as_read
from portal.intake import choices as c
from portal.questionnaires import rules
from portal.questionnaires.measures import get as get_measure

NOT_GIVEN = _l("Not given")
QUARANTINE_REASONS = {
    "honeypot": "A hidden field meant for automated form fillers was filled in",
    "timestamp": "The form's signed start time was missing or altered",
    "too_fast": "It was sent faster than a person could fill it in",
}


def _text(value) -> str:
    """A free-text answer, or "Not given" when empty."""
    return str(value).strip() if value not in (None, "") and str(value).strip() else str(NOT_GIVEN)


def _yes_no(value) -> str:
    """ "Yes"/"No" for booleans or stored "yes"/"no" strings."""
    if value in (True, "yes", "y"):
        return _("Yes")
    if value in (False, "no"):
        return _("No")
    return str(NOT_GIVEN)


def _date(value) -> str:
    """An ISO date shown as "3 March 1990", or as the reader's language writes it."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return _text(value)
    if str(get_locale() or "en").startswith("en"):
        return f"{day.day} {day:%B %Y}"
    return format_date(day, "long")


# The headings of the answer sections on the check page, the detail page and the PDF.
SECTION_TITLES = {
    "eligibility": _l("Before you start"),
    "about": _l("About you"),
    "reasons": _l("What brings you here"),
    "phq9": _l("How you have been feeling: mood (PHQ-9)"),
    "gad7": _l("How you have been feeling: worry (GAD-7)"),
    "practical": _l("Practical details"),
    "consent": _l("Consent"),
}
ITEM = re.compile(r"^item_(\d+)$")


def _option(item: dict, value) -> str:
    """The words of a stored choice, as the version's options say them."""
    words = [(o["valueCoding"]["code"], o["valueCoding"]["display"]) for o in item["answerOption"]]
    return c.label_for(words, None if value is None else str(value)) or str(NOT_GIVEN)


def _answer(item: dict, value) -> str:
    """One stored answer in words, by the question's type."""
    kind = item["type"]
    if rules.extension(item, rules.OPTIONS_FROM):
        return _("Somewhere else") if value == c.OUTSIDE_AREA else _text(value)
    if kind == "choice" and item.get("repeats"):
        return ", ".join(_option(item, v) for v in value or []) or str(NOT_GIVEN)
    if kind == "choice":
        return _option(item, value)
    if kind == "boolean":
        return _yes_no(value)
    if kind == "date":
        return _date(value or "")
    return _text(value)


def _stored(section: dict, name: str):
    """A question's stored answer; a measure's items are kept as one list."""
    match = ITEM.match(name)
    if match and isinstance(section.get("items"), list):
        items, index = section["items"], int(match.group(1))
        return items[index] if index < len(items) else None
    return section.get(name)


def _answered(answers: dict, journey=None):
    """(step, field name, question, stored answer) for every question of the sections answered.

    Each question reads as the form version answered (default: the built-in adult version 1).
    """
    from portal.intake.journey import builtin_adult

    for step in (journey or builtin_adult()).steps:
        section = answers.get(step.section)
        if isinstance(section, dict):
            for name, item in step.items.items():
                yield step, name, item, _stored(section, name)


def _label(words: str, name: str, min_age: int | None) -> str:
    """A question's words, with the practice's minimum age on the age question."""
    from portal.intake.journey import AGE_FIELD, with_min_age

    return with_min_age(words, min_age) if min_age is not None and name == AGE_FIELD else words


def _title(step) -> str:
    """The heading of a step's answers section (a custom page's own title)."""
    return str(SECTION_TITLES.get(step.section) or step.title or step.section)


def answer_texts(answers: dict, journey=None) -> dict[tuple[str, str], str]:
    """Every answer in words by (section, field), for pages that pick a few."""
    return {
        (step.section, name): _answer(item, value)
        for step, name, item, value in _answered(answers, journey)
    }


def answer_rows(answers: dict, journey=None, min_age: int | None = None) -> list[tuple]:
    """(section title, [(question, answer text, page slug)]) in the order the form asks them."""
    sections: dict[str, list] = {}
    for step, name, item, value in _answered(answers, journey):
        row = (_label(item["text"], name, min_age), _answer(item, value), step.slug)
        sections.setdefault(_title(step), []).append(row)
    return list(sections.items())


def staff_sections(
    answers: dict, journey=None, lang: str = "en", min_age: int | None = None
) -> list[tuple[str, list[dict]]]:
    """The answers for staff, grouped as given: each question's English words and answer, and
    for an intake read in another language the words the client read there beside them."""
    sections: dict[str, list] = {}
    for step, name, item, value in _answered(answers, journey):
        row = {"label": _label(item["text"], name, min_age), "answer": _answer(item, value)}
        if lang != "en":
            read = as_read.row(step, name, item, value, lang)
            row |= {**read, "asked": read["asked"] and _label(read["asked"], name, min_age)}
        sections.setdefault(_title(step), []).append(row)
    return list(sections.items())


def answer_sections(answers: dict, journey=None, min_age: int | None = None) -> list[tuple]:
    """The answers grouped as the client gave them: (section title, [(question, answer text)])."""
    return [
        (title, [(label, text) for label, text, _slug in rows])
        for title, rows in answer_rows(answers, journey, min_age)
    ]


def safety_answered(answers: dict) -> bool:
    """True when the person answered yes to the direct safety question (flag set on submit)."""
    return bool((answers.get("flags") or {}).get("safety_question"))


def measure_scores(answers: dict, journey) -> list[dict]:
    """Each measure the answered version includes, scored by the measure itself (staff only):
    its label, score out of its maximum, band, follow-up answer and each risk item."""
    rows = []
    for step in journey.steps:
        if step.measure is None:
            continue
        measure = get_measure(step.measure)
        section = answers.get(step.section) or {}
        values = section.get("items") or []
        found = measure.results(values) if values else {"score": None, "band": None}
        follow = measure.follow_up
        rows.append(
            {
                "label": measure.label,
                "score": found["score"],
                "max": measure.score_range[1],
                "band": found["band"],
                "follow_up": c.label_for(follow.options, section.get(follow.key)) if follow else "",
                "risks": [_risk_item(measure, values, index) for index in measure.risk_items],
            }
        )
    return rows


def _risk_item(measure, values: list, index: int) -> dict:
    """One risk item: its number and words, and whether it was answered above the lowest."""
    try:
        above = int(values[index]) > measure.lowest
    except (IndexError, TypeError, ValueError):
        above = False
    return {
        "label": f"{measure.title} item {index + 1}",
        "text": measure.items[index],
        "above": above,
        "lowest": "zero" if measure.lowest == 0 else "the lowest answer",
    }


def risks_found(rows: list[dict]) -> list[dict]:
    """The risk items answered above their lowest, across the measures scored."""
    return [risk for row in rows for risk in row["risks"] if risk["above"]]


def quarantine_label(reason: str) -> str:
    """Why an intake was quarantined, in words for the clinician reviewing it."""
    return QUARANTINE_REASONS.get(reason, reason or "")
