"""PHQ-9 and GAD-7 for today's intake pages: scoring, bands and risk flags from the library.

The published words live once, in portal/questionnaires/measures/pfizer.py; this module
only names them the way the intake forms, summary and tests use them.
"""

from __future__ import annotations

from portal.questionnaires.measures import get
from portal.questionnaires.measures.pfizer import (  # noqa: F401 - re-exported for the intake forms and pages
    ATTRIBUTION,
    DIFFICULTY,
    FREQUENCY,
    GAD7_BANDS,
    GAD7_DIFFICULTY,
    GAD7_ITEMS,
    GAD7_STEM,
    PERMISSION,
    PHQ9_BANDS,
    PHQ9_DIFFICULTY,
    PHQ9_ITEMS,
    PHQ9_STEM,
)

# The portal's own words (not part of the published forms), shown under the difficulty question.
DIFFICULTY_HINT = "Answer this if you chose an answer other than “Not at all” above."


def phq9_score(items: list[int]) -> int:
    """PHQ-9 total, 0-27."""
    return get("phq9").score(items)


def gad7_score(items: list[int]) -> int:
    """GAD-7 total, 0-21."""
    return get("gad7").score(items)


def phq9_band(score: int) -> str:
    """PHQ-9 severity: minimal, mild, moderate, moderately severe or severe."""
    return get("phq9").band(score)


def gad7_band(score: int) -> str:
    """GAD-7 severity: minimal, mild, moderate or severe."""
    return get("gad7").band(score)


def phq9_item9_risk(items: list[int]) -> bool:
    """True when item 9 (thoughts of being better off dead or of self-harm) is above zero."""
    phq9 = get("phq9")
    return phq9.is_risk(phq9.checked(items))


def any_problem(items) -> bool:
    """True when some item is above "Not at all": only then is the difficulty question asked."""
    return get("phq9").needs_follow_up(items)
