"""PHQ-9 and GAD-7: the standard items, answer scale, scoring, severity bands and risk flags."""

from __future__ import annotations

# The published English text of the Pfizer PHQ-9 and GAD-7 forms, word for word: a changed
# word makes it a different (unvalidated) measure. tests/test_intake_measures.py compares it.
ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc."
)
PERMISSION = "No permission required to reproduce, translate, display or distribute."

FREQUENCY = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
DIFFICULTY = (
    ("not_difficult", "Not difficult at all"),
    ("somewhat", "Somewhat difficult"),
    ("very", "Very difficult"),
    ("extremely", "Extremely difficult"),
)

PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
# Each form words its difficulty question a little differently ("these problems", "these").
PHQ9_DIFFICULTY = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
GAD7_DIFFICULTY = (
    "If you checked off any problems, how difficult have these made it for you to do your "
    "work, take care of things at home, or get along with other people?"
)
DIFFICULTY_HINT = "Answer this if you chose an answer other than “Not at all” above."

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

# (lowest score of the band, band name), highest first.
PHQ9_BANDS = (
    (20, "severe"),
    (15, "moderately severe"),
    (10, "moderate"),
    (5, "mild"),
    (0, "minimal"),
)
GAD7_BANDS = ((15, "severe"), (10, "moderate"), (5, "mild"), (0, "minimal"))


def _check_items(items: list[int], count: int, name: str) -> list[int]:
    """Refuse a wrong number of items or a value outside 0-3, so a score is never made up."""
    values = [int(v) for v in items]
    if len(values) != count or any(v not in (0, 1, 2, 3) for v in values):
        raise ValueError(f"{name} needs {count} answers, each 0 to 3.")
    return values


def _band(score: int, bands: tuple[tuple[int, str], ...]) -> str:
    """The name of the band a score falls in."""
    return next(name for floor, name in bands if score >= floor)


def phq9_score(items: list[int]) -> int:
    """PHQ-9 total, 0-27."""
    return sum(_check_items(items, 9, "PHQ-9"))


def gad7_score(items: list[int]) -> int:
    """GAD-7 total, 0-21."""
    return sum(_check_items(items, 7, "GAD-7"))


def phq9_band(score: int) -> str:
    """PHQ-9 severity: minimal, mild, moderate, moderately severe or severe."""
    if not 0 <= score <= 27:
        raise ValueError("A PHQ-9 score is 0 to 27.")
    return _band(score, PHQ9_BANDS)


def gad7_band(score: int) -> str:
    """GAD-7 severity: minimal, mild, moderate or severe."""
    if not 0 <= score <= 21:
        raise ValueError("A GAD-7 score is 0 to 21.")
    return _band(score, GAD7_BANDS)


def phq9_item9_risk(items: list[int]) -> bool:
    """True when item 9 (thoughts of being better off dead or of self-harm) is above zero."""
    return _check_items(items, 9, "PHQ-9")[8] > 0


def frequency_label(value: int) -> str:
    """The words of an answer on the 0-3 scale."""
    return dict(FREQUENCY).get(int(value), "")


def any_problem(items) -> bool:
    """True when some item is above "Not at all": only then is the difficulty question asked."""
    return any((value or 0) > 0 for value in items or [])
