"""Intake answers as display text: the sections shown on "Check your answers" and to staff."""

from __future__ import annotations

from datetime import date

from portal.intake import choices as c
from portal.intake import measures

NOT_GIVEN = "Not given"
QUARANTINE_REASONS = {
    "honeypot": "A hidden field meant for automated form fillers was filled in",
    "timestamp": "The form's signed start time was missing or altered",
    "too_fast": "It was sent faster than a person could fill it in",
}


def _text(value) -> str:
    """A free-text answer, or "Not given" when empty."""
    return str(value).strip() if value not in (None, "") and str(value).strip() else NOT_GIVEN


def _yes_no(value) -> str:
    """ "Yes"/"No" for booleans or stored "yes"/"no" strings."""
    if value in (True, "yes", "y"):
        return "Yes"
    if value in (False, "no"):
        return "No"
    return NOT_GIVEN


def _date(value) -> str:
    """An ISO date shown as "3 March 1990"."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return _text(value)
    return f"{day.day} {day:%B %Y}"


def _eligibility(s: dict) -> list[tuple[str, str]]:
    """Age, area and the direct safety question."""
    area = s.get("area", "")
    return [
        ("Aged 18 or over", _yes_no(s.get("age_ok"))),
        ("Where you live", "Somewhere else" if area == c.OUTSIDE_AREA else _text(area)),
        ("Thinking about ending your life or harming yourself", _yes_no(s.get("safety_risk"))),
    ]


def _about(s: dict) -> list[tuple[str, str]]:
    """Name, contact details and how to contact."""
    return [
        ("Full name", _text(s.get("full_name"))),
        ("Preferred name", _text(s.get("preferred_name"))),
        ("Pronouns", _text(s.get("pronouns"))),
        ("Date of birth", _date(s.get("date_of_birth", ""))),
        ("Email address", _text(s.get("email"))),
        ("Phone number", _text(s.get("phone"))),
        ("Best way to contact you", c.label_for(c.CONTACT_METHODS, s.get("contact_method"))),
        ("Safe to leave a voicemail", _yes_no(s.get("voicemail_ok"))),
        ("Safe to send you email", _yes_no(s.get("email_ok"))),
        ("Town or postal code", _text(s.get("region"))),
    ]


def _reasons(s: dict) -> list[tuple[str, str]]:
    """What brings them, in their own words."""
    return [
        ("What brings you here", _text(s.get("own_words"))),
        ("What you hope for", _text(s.get("hopes"))),
        ("Had therapy before", _yes_no(s.get("previous_therapy"))),
        ("About previous therapy", _text(s.get("previous_detail"))),
        ("Medication", _text(s.get("medication"))),
        ("Other professionals helping you", _text(s.get("other_providers"))),
    ]


def _items(texts, values) -> list[tuple[str, str]]:
    """Each questionnaire item with its answer in words."""
    values = list(values or [])
    return [
        (text, measures.frequency_label(values[i]) if i < len(values) else NOT_GIVEN)
        for i, text in enumerate(texts)
    ]


def _measure(items: tuple[str, ...], question: str):
    """Rows for PHQ-9 or GAD-7: each item, then its difficulty question (never the score)."""

    def rows(s: dict) -> list[tuple[str, str]]:
        """The item answers and the difficulty answer, in words."""
        difficulty = c.label_for(measures.DIFFICULTY, s.get("difficulty")) or NOT_GIVEN
        return [*_items(items, s.get("items")), (question, difficulty)]

    return rows


def _practical(s: dict) -> list[tuple[str, str]]:
    """Mode, availability, payment and how they heard of the practice."""
    times = [c.label_for(c.AVAILABILITY, v) for v in s.get("availability") or []]
    return [
        ("In person or online", c.label_for(c.MODES, s.get("mode")) or NOT_GIVEN),
        ("When you can come", ", ".join(times) or NOT_GIVEN),
        ("How you will pay", c.label_for(c.PAYMENT, s.get("payment")) or NOT_GIVEN),
        ("Insurance company", _text(s.get("insurer"))),
        ("Member number", _text(s.get("member_number"))),
        ("How you heard of us", c.label_for(c.HEARD_FROM, s.get("heard_from")) or NOT_GIVEN),
    ]


def _consent(s: dict) -> list[tuple[str, str]]:
    """Agreement and the name typed as a signature."""
    return [
        ("Agreed to the consent statement", _yes_no(s.get("agreed"))),
        ("Name typed as signature", _text(s.get("typed_name"))),
    ]


SECTIONS = (
    ("eligibility", "Before you start", _eligibility),
    ("about", "About you", _about),
    ("reasons", "What brings you here", _reasons),
    (
        "phq9",
        "How you have been feeling: mood (PHQ-9)",
        _measure(measures.PHQ9_ITEMS, measures.PHQ9_DIFFICULTY),
    ),
    (
        "gad7",
        "How you have been feeling: worry (GAD-7)",
        _measure(measures.GAD7_ITEMS, measures.GAD7_DIFFICULTY),
    ),
    ("practical", "Practical details", _practical),
    ("consent", "Consent", _consent),
)


def answer_sections(answers: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The answers grouped as the client gave them: (section title, [(question, answer text)])."""
    return [
        (title, build(answers.get(key) or {})) for key, title, build in SECTIONS if key in answers
    ]


def section_keys() -> list[str]:
    """The answer section keys in the order answer_sections shows them (for Change links)."""
    return [key for key, _title, _build in SECTIONS]


def scores(answers: dict) -> dict:
    """Scores, bands and risk flags for staff only; None values when a questionnaire is missing."""
    phq = (answers.get("phq9") or {}).get("items")
    gad = (answers.get("gad7") or {}).get("items")
    phq_score = measures.phq9_score(phq) if phq else None
    gad_score = measures.gad7_score(gad) if gad else None
    flags = answers.get("flags") or {}
    return {
        "phq9_score": phq_score,
        "phq9_band": measures.phq9_band(phq_score) if phq_score is not None else None,
        "phq9_item9": bool(phq) and measures.phq9_item9_risk(phq),
        "gad7_score": gad_score,
        "gad7_band": measures.gad7_band(gad_score) if gad_score is not None else None,
        "safety_question": bool(flags.get("safety_question")),
        "difficulty": c.label_for(
            measures.DIFFICULTY, (answers.get("phq9") or {}).get("difficulty")
        ),
        "gad7_difficulty": c.label_for(
            measures.DIFFICULTY, (answers.get("gad7") or {}).get("difficulty")
        ),
    }


def quarantine_label(reason: str) -> str:
    """Why an intake was quarantined, in words for the clinician reviewing it."""
    return QUARANTINE_REASONS.get(reason, reason or "")
