"""The measure library scores as the published instruments do, whatever form includes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.questionnaires import measures

PUBLISHED = json.loads((Path(__file__).parent / "data" / "measures_published.json").read_text())
MEASURES = PUBLISHED["measures"]
IDS = list(MEASURES)


def answers_for(measure, raw: int) -> list[int]:
    """Published answer values that add up to `raw` (lowest everywhere, then raised in turn)."""
    values = [measure.lowest] * len(measure.items)
    top = max(measure.values)
    left = raw - sum(values)
    for i in range(len(values)):
        step = min(top - values[i], left)
        values[i] += step
        left -= step
    assert left == 0 and sum(values) == raw
    return values


def test_measure_library_ships_exactly_the_checked_measures():
    assert list(measures.LIBRARY) == IDS


@pytest.mark.parametrize("measure_id", PUBLISHED["not_shipped"])
def test_measure_library_leaves_out_measures_that_need_a_licence(measure_id):
    assert measure_id not in measures.LIBRARY
    assert measure_id in measures.NOT_SHIPPED
    with pytest.raises(KeyError, match=measure_id):
        measures.get(measure_id)
    titles = " ".join(m.title + " " + m.name for m in measures.LIBRARY.values()).lower()
    assert "c-ssrs" not in titles and "columbia" not in titles and "rating scale" not in titles


@pytest.mark.parametrize("measure_id", IDS)
def test_measure_library_words_are_the_published_words(measure_id):
    measure, published = measures.get(measure_id), MEASURES[measure_id]
    assert measure.title == published["title"]
    assert measure.stem == published["stem"]
    assert list(measure.items) == published["items"]
    assert [list(option) for option in measure.options] == published["options"]
    assert measure.attribution == published["attribution"]
    assert [list(note) for note in measure.item_notes] == published["item_notes"]
    if published.get("interpretation"):
        assert measure.interpretation == published["interpretation"]


@pytest.mark.parametrize("measure_id", IDS)
def test_measure_library_follow_up_question_is_the_published_one(measure_id):
    measure, published = measures.get(measure_id), MEASURES[measure_id]["follow_up"]
    if published is None:
        assert measure.follow_up is None
        return
    assert measure.follow_up.key == published["key"]
    assert measure.follow_up.text == published["text"]
    assert [list(option) for option in measure.follow_up.options] == published["options"]


@pytest.mark.parametrize("measure_id", IDS)
def test_measure_library_records_licence_terms(measure_id):
    measure = measures.get(measure_id)
    assert measure.licence.electronic_use_free is MEASURES[measure_id]["electronic_use_free"]
    assert measure.licence.terms and measure.source


@pytest.mark.parametrize("measure_id", IDS)
def test_measure_library_score_range_and_multiplier(measure_id):
    measure, published = measures.get(measure_id), MEASURES[measure_id]
    assert list(measure.score_range) == published["range"]
    assert measure.multiplier == published["multiplier"]
    lowest = [min(v for v, _ in published["options"])] * len(published["items"])
    highest = [max(v for v, _ in published["options"])] * len(published["items"])
    assert [measure.score(lowest), measure.score(highest)] == published["range"]


BOUNDARIES = [
    (measure_id, score, name)
    for measure_id, published in MEASURES.items()
    for low, high, name in published["bands"]
    for score in (low, high)
]


@pytest.mark.parametrize(("measure_id", "score", "band"), BOUNDARIES)
def test_measure_library_band_at_every_boundary(measure_id, score, band):
    measure = measures.get(measure_id)
    assert measure.band(score) == band
    answers = answers_for(measure, score // measure.multiplier)
    assert measure.score(answers) == score
    assert measure.band(measure.score(answers)) == band


@pytest.mark.parametrize("measure_id", IDS)
def test_measure_library_band_refuses_an_impossible_score(measure_id):
    measure = measures.get(measure_id)
    low, high = MEASURES[measure_id]["range"]
    for impossible in (low - 1, high + 1, str(low), None, True):
        with pytest.raises(ValueError):
            measure.band(impossible)


def test_measure_library_who5_percentage_is_raw_times_four_and_cut_off_below_13():
    who5 = measures.get("who5")
    twelve, thirteen = [3, 3, 2, 2, 2], [3, 3, 3, 2, 2]
    assert (who5.raw_score(twelve), who5.score(twelve)) == (12, 48)
    assert (who5.raw_score(thirteen), who5.score(thirteen)) == (13, 52)
    assert who5.band(48) == "poor well-being"
    assert who5.band(52) == "above the poor well-being cut-off"
    assert who5.score([5] * 5) == 100
    with pytest.raises(ValueError):
        who5.band(50)  # not a possible percentage: every percentage is a multiple of 4


def test_measure_library_k10_runs_from_10_to_50_and_has_no_zero():
    k10 = measures.get("k10")
    assert k10.score([1] * 10) == 10 and k10.band(10) == "low"
    assert k10.score([5] * 10) == 50 and k10.band(50) == "very high"
    with pytest.raises(ValueError):
        k10.score([0] + [1] * 9)
    with pytest.raises(ValueError):
        k10.band(9)


def test_measure_library_phq9_scores_bands_and_flags_item_9():
    phq9 = measures.get("phq9")
    answers = [1, 1, 1, 1, 1, 1, 1, 1, 2]
    assert phq9.score(answers) == 10
    assert phq9.band(10) == "moderate"
    assert phq9.is_risk(answers)
    assert phq9.is_risk([0] * 8 + [1])
    assert phq9.is_risk([None] * 8 + [3])  # a page saved half-done still raises the flag
    assert not phq9.is_risk([3] * 8 + [0])
    assert not phq9.is_risk([3] * 8 + [None])


@pytest.mark.parametrize("measure_id", IDS)
def test_measure_library_risk_items_are_the_published_ones(measure_id):
    measure = measures.get(measure_id)
    assert list(measure.risk_items) == MEASURES[measure_id]["risk_items"]
    top = [max(measure.values)] * len(measure.items)
    assert measure.is_risk(top) is bool(MEASURES[measure_id]["risk_items"])


def _bad_answers(measure) -> list:
    """Answer lists that must never be scored: missing, extra, blank or outside the options."""
    some = [measure.lowest] * len(measure.items)
    return [
        some[:-1],
        [*some, measure.lowest],
        [None, *some[1:]],
        ["", *some[1:]],
        [max(measure.values) + 1, *some[1:]],
        [measure.lowest - 1, *some[1:]],
        [float(measure.lowest) + 0.5, *some[1:]],
        [True, *some[1:]],
        [],
        None,
    ]


@pytest.mark.parametrize("measure_id", IDS)
def test_measure_library_never_scores_a_missing_or_invented_answer(measure_id):
    measure = measures.get(measure_id)
    for bad in _bad_answers(measure):
        with pytest.raises(ValueError):
            measure.score(bad)


@pytest.mark.parametrize("measure_id", IDS)
def test_measure_library_follow_up_only_after_an_answer_above_the_lowest(measure_id):
    measure = measures.get(measure_id)
    lowest = [measure.lowest] * len(measure.items)
    raised = [max(measure.values), *lowest[1:]]
    assert not measure.needs_follow_up(lowest)
    assert not measure.needs_follow_up([None] * len(measure.items))
    assert measure.needs_follow_up(raised) is (MEASURES[measure_id]["follow_up"] is not None)


def test_measure_library_intake_scoring_is_the_library_scoring():
    from portal.intake import measures as intake

    assert intake.PHQ9_ITEMS is measures.get("phq9").items
    assert intake.GAD7_ITEMS is measures.get("gad7").items
    assert intake.phq9_score([2] * 9) == measures.get("phq9").score([2] * 9) == 18


def test_measure_library_results_from_answers_keyed_by_link_id():
    who5 = measures.get("who5")
    answers = {f"wellbeing.item_{n}": value for n, value in enumerate([3, 3, 2, 2, 2])}
    values = who5.values_from(answers, "wellbeing")
    assert who5.results(values) == {
        "raw_score": 12,
        "score": 48,
        "band": "poor well-being",
        "risk": False,
    }
    phq9 = measures.get("phq9")
    half = phq9.values_from({"phq9.item_0": 2, "phq9.item_8": 1})
    assert phq9.results(half) == {"raw_score": None, "score": None, "band": None, "risk": True}


TRANSLATED = [(m, lang) for m in IDS for lang in MEASURES[m].get("translations", {})]


def test_measure_library_holds_spanish_only_for_the_validated_texts():
    held = {(m.id, lang) for m in measures.LIBRARY.values() for lang in m.languages[1:]}
    assert held == set(TRANSLATED) == {("phq9", "es"), ("gad7", "es")}


@pytest.mark.parametrize(("measure_id", "lang"), TRANSLATED)
def test_measure_library_translation_is_the_published_translation(measure_id, lang):
    published = MEASURES[measure_id]["translations"][lang]
    english, measure = measures.get(measure_id), measures.get(measure_id).in_language(lang)
    assert measure.stem == published["stem"]
    assert list(measure.items) == published["items"]
    assert [words for _value, words in measure.options] == published["options"]
    assert measure.values == english.values and measure.bands == english.bands
    assert measure.risk_items == english.risk_items and measure.title == english.title
    for words in published["credit_names"]:  # the credit line names the text and its study
        assert words in measure.attribution
    if published["follow_up"] is None:
        assert measure.follow_up is None
    else:
        assert measure.follow_up.text == published["follow_up"]["text"]
        assert [list(o) for o in measure.follow_up.options] == published["follow_up"]["options"]


def test_measure_library_a_language_without_a_text_keeps_the_english_words():
    assert measures.get("k10").in_language("es") is measures.get("k10")
    assert measures.get("phq9").in_language("en") is measures.get("phq9")
