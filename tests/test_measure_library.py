"""The measure library scores as the published instruments do, whatever form includes them."""

from __future__ import annotations

import pytest

from portal import measures


def test_phq9_scores_bands_and_flags_item_9():
    phq9 = measures.get("phq9")
    answers = [1, 1, 1, 1, 1, 1, 1, 1, 2]
    assert phq9.score(answers) == 10
    assert phq9.band(10) == "moderate"
    assert phq9.is_risk(answers)
    assert not phq9.is_risk([3] * 8 + [0])


def test_a_missing_or_invented_answer_is_never_scored():
    gad7 = measures.get("gad7")
    with pytest.raises(ValueError):
        gad7.score([1] * 6)
    with pytest.raises(ValueError):
        gad7.score([1] * 6 + [4])


def test_an_unknown_measure_is_named():
    with pytest.raises(KeyError, match="cssrs"):
        measures.get("cssrs")
