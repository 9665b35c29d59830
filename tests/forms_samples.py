"""Small form definitions for tests: a safety page, a page with a condition, a PHQ-9 block."""

from __future__ import annotations

from portal.questionnaires import measures, rules

PAGE, SAFETY, MEASURE = rules.PAGE, rules.SAFETY, rules.MEASURE
YES_NO = [
    {"valueCoding": {"code": "yes", "display": "Yes"}},
    {"valueCoding": {"code": "no", "display": "No"}},
]


def page(slug: str, *items: dict, **extra) -> dict:
    """A top-level group shown as one page."""
    group = {"linkId": slug, "type": "group", "text": slug.title(), "item": list(items)}
    return {**group, "extension": [{"url": PAGE, "valueCode": slug}], **extra}


def safety() -> dict:
    """The direct safety question, marked as such."""
    return {
        "linkId": "eligibility.safety_risk",
        "type": "choice",
        "text": "Are you thinking about ending your life or harming yourself?",
        "required": True,
        "answerOption": YES_NO,
        "extension": [{"url": SAFETY, "valueBoolean": True}],
    }


def measure_block(measure_id: str = "phq9") -> dict:
    """A measure included as the library gives it (its items, follow-up and credit)."""
    return measures.get(measure_id).as_items(measure_id)


def form(*pages: dict, **extra) -> dict:
    """A small valid form: a safety page, a question page, a measure page."""
    pages = pages or (
        page("safety", safety()),
        page(
            "about-you",
            {"linkId": "about.name", "type": "string", "text": "Your name", "required": True},
            {"linkId": "about.pet", "type": "boolean", "text": "Do you have a pet?"},
            {
                "linkId": "about.pet_name",
                "type": "string",
                "text": "Its name",
                "enableWhen": [{"question": "about.pet", "operator": "=", "answerBoolean": True}],
            },
        ),
        page("mood", measure_block()),
    )
    base = {"resourceType": "Questionnaire", "url": "urn:practice-portal:questionnaire:test"}
    return {**base, "title": "Test form", "status": "draft", "item": list(pages), **extra}
