"""Mutations that must each make a test fail: the measure library's words, scoring and flags."""
# ruff: noqa: E501 - a find must quote the source line exactly, however long

LIBRARY = "tests/test_measure_library.py"
FHIR = "tests/test_measure_library_fhir.py"

MUTATIONS = [
    {
        "name": "measure-band-floor-moved",
        "protects": "K10 bands start at the published floors (16 moderate, not 17)",
        "file": "portal/questionnaires/measures/k10.py",
        "find": '(16, "moderate")',
        "replace": '(17, "moderate")',
        "tests": [f"{LIBRARY}::test_measure_library_band_at_every_boundary"],
    },
    {
        "name": "who5-percentage-without-times-four",
        "protects": "the WHO-5 score its band applies to is the raw score x 4",
        "file": "portal/questionnaires/measures/model.py",
        "find": "        return self.raw_score(values) * self.multiplier\n",
        "replace": "        return self.raw_score(values)\n",
        "tests": [
            f"{LIBRARY}::test_measure_library_who5_percentage_is_raw_times_four_and_cut_off_below_13"
        ],
    },
    {
        "name": "phq9-risk-item-ignored",
        "protects": "PHQ-9 item 9 above zero is a risk (crisis safety)",
        "file": "portal/questionnaires/measures/pfizer.py",
        "find": "    risk_items=(8,),",
        "replace": "    risk_items=(),",
        "tests": [
            f"{LIBRARY}::test_measure_library_phq9_scores_bands_and_flags_item_9",
            "tests/test_intake_measures.py::test_risk_flags_from_safety_question_and_item9",
        ],
    },
    {
        "name": "risk-flag-needs-every-answer",
        "protects": "a risk item answered on a half-saved page raises the flag on its own",
        "file": "portal/questionnaires/measures/model.py",
        "find": "            value = _maybe_value(answers[i]) if i < len(answers) else None\n",
        "replace": "            value = _maybe_value(self.checked(answers)[i])\n",
        "tests": [f"{LIBRARY}::test_measure_library_phq9_scores_bands_and_flags_item_9"],
    },
    {
        "name": "missing-answer-scored",
        "protects": "a measure with a missing answer is never scored",
        "file": "portal/questionnaires/measures/model.py",
        "find": "        if len(numbers) != len(self.items) or any(v not in self.values for v in numbers):",
        "replace": "        if any(v not in self.values for v in numbers):",
        "tests": [f"{LIBRARY}::test_measure_library_never_scores_a_missing_or_invented_answer"],
    },
    {
        "name": "invented-answer-value-scored",
        "protects": "a value that is not one of the measure's options is never scored (K10 has no 0)",
        "file": "portal/questionnaires/measures/model.py",
        "find": "        if len(numbers) != len(self.items) or any(v not in self.values for v in numbers):",
        "replace": "        if len(numbers) != len(self.items):",
        "tests": [
            f"{LIBRARY}::test_measure_library_never_scores_a_missing_or_invented_answer",
            f"{LIBRARY}::test_measure_library_k10_runs_from_10_to_50_and_has_no_zero",
        ],
    },
    {
        "name": "impossible-score-given-a-band",
        "protects": "a score outside the measure's range gets no band",
        "file": "portal/questionnaires/measures/model.py",
        "find": "not isinstance(score, int) or not low <= score <= high:",
        "replace": "not isinstance(score, int):",
        "tests": [f"{LIBRARY}::test_measure_library_band_refuses_an_impossible_score"],
    },
    {
        "name": "published-word-changed",
        "protects": "every item is the published wording (a changed comma is noticed)",
        "file": "portal/questionnaires/measures/pcl5.py",
        "find": '"Feeling jumpy or easily startled?"',
        "replace": '"Feeling jumpy, or easily startled?"',
        "tests": [f"{LIBRARY}::test_measure_library_words_are_the_published_words"],
    },
    {
        "name": "unlicensed-measure-shipped",
        "protects": "C-SSRS, ORS and SRS (licence needed for electronic use) stay out of the library",
        "file": "portal/questionnaires/measures/__init__.py",
        "find": "{m.id: m for m in (PHQ9, GAD7, PHQ15, PCL5, WHO5, K10)}",
        "replace": '{m.id: m for m in (PHQ9, GAD7, PHQ15, PCL5, WHO5, K10)} | {"cssrs": PHQ9}',
        "tests": [f"{LIBRARY}::test_measure_library_leaves_out_measures_that_need_a_licence"],
    },
    {
        "name": "follow-up-after-not-at-all",
        "protects": "the difficulty question is asked only after an answer above the lowest",
        "file": "portal/questionnaires/measures/model.py",
        "find": "        return any(value is not None and value > self.lowest for value in answered)",
        "replace": "        return any(value is not None and value >= self.lowest for value in answered)",
        "tests": [
            f"{LIBRARY}::test_measure_library_follow_up_only_after_an_answer_above_the_lowest"
        ],
    },
    {
        "name": "fhir-follow-up-enabled-by-lowest",
        "protects": "in the FHIR group the difficulty question is not enabled by Not at all",
        "file": "portal/questionnaires/measures/fhir.py",
        "find": "            if v > measure.lowest\n",
        "replace": "            if v >= measure.lowest\n",
        "tests": [f"{FHIR}::test_measure_group_asks_the_difficulty_only_after_a_problem"],
    },
    {
        "name": "fhir-link-ids-off-by-one",
        "protects": "the FHIR group's linkIds are the intake's stored field names (item_0..)",
        "file": "portal/questionnaires/measures/fhir.py",
        "find": 'f"{prefix}.item_{number}"',
        "replace": 'f"{prefix}.item_{number + 1}"',
        "tests": [f"{FHIR}::test_measure_group_link_ids_are_the_intake_fields"],
    },
    {
        "name": "half-answered-measure-loses-its-risk-flag",
        "protects": "results() still raises the risk flag when the measure cannot be scored yet",
        "file": "portal/questionnaires/measures/model.py",
        "find": 'return {"raw_score": None, "score": None, "band": None, "risk": self.is_risk(values)}',
        "replace": 'return {"raw_score": None, "score": None, "band": None, "risk": False}',
        "tests": [f"{LIBRARY}::test_measure_library_results_from_answers_keyed_by_link_id"],
    },
]
