"""PHQ-9 and GAD-7 scoring, severity bands and risk flags, table-driven."""

from __future__ import annotations

import pytest

from portal.intake import measures
from portal.intake.journey import builtin_adult
from portal.intake.service import finalise_answers
from portal.intake.summary import answer_sections, measure_scores
from tests.fixtures_intake import sample_answers


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_boundaries(score, band):
    assert measures.phq9_band(score) == band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_boundaries(score, band):
    assert measures.gad7_band(score) == band


@pytest.mark.parametrize(
    ("items", "score", "item9"),
    [
        ([0] * 9, 0, False),
        ([3] * 9, 27, True),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, False),
        ([0, 0, 0, 0, 0, 0, 0, 0, 1], 1, True),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, False),
        ([3, 3, 3, 3, 3, 0, 0, 0, 2], 17, True),
    ],
)
def test_phq9_score_and_item9_flag(items, score, item9):
    assert measures.phq9_score(items) == score
    assert measures.phq9_item9_risk(items) is item9


@pytest.mark.parametrize(
    ("items", "score"), [([0] * 7, 0), ([3] * 7, 21), ([1, 1, 1, 1, 1, 0, 0], 5), ([2] * 7, 14)]
)
def test_gad7_score(items, score):
    assert measures.gad7_score(items) == score


@pytest.mark.parametrize(
    "bad", [[0] * 8, [0] * 10, [0, 0, 0, 0, 0, 0, 0, 0, 4], [0, 0, 0, 0, 0, 0, 0, 0, -1]]
)
def test_phq9_refuses_wrong_items(bad):
    with pytest.raises(ValueError):
        measures.phq9_score(bad)


@pytest.mark.parametrize("bad", [-1, 28])
def test_phq9_band_refuses_impossible_score(bad):
    with pytest.raises(ValueError):
        measures.phq9_band(bad)


@pytest.mark.parametrize(
    ("safety", "item9", "flags"),
    [
        ("no", 0, {"safety_question": False, "phq9_item9": False}),
        ("yes", 0, {"safety_question": True, "phq9_item9": False}),
        ("no", 1, {"safety_question": False, "phq9_item9": True}),
        ("yes", 3, {"safety_question": True, "phq9_item9": True}),
    ],
)
def test_risk_flags_from_safety_question_and_item9(safety, item9, flags):
    answers = sample_answers()
    answers["eligibility"]["safety_risk"] = safety
    answers["phq9"]["items"][8] = item9
    final = finalise_answers(answers)
    assert final["flags"] == flags
    (phq9, _gad7) = measure_scores(final, builtin_adult())
    assert phq9["risks"][0]["above"] is flags["phq9_item9"]


def test_answer_sections_show_answers_as_text_but_never_scores():
    final = finalise_answers(sample_answers())
    text = repr(answer_sections(final))
    assert "More than half the days" in text
    assert "mild" not in text and "score" not in text.lower()
    phq9, gad7 = measure_scores(final, builtin_adult())
    assert (phq9["score"], phq9["band"], gad7["band"]) == (9, "mild", "mild")
