"""Each measure as a FHIR R4 Questionnaire group: valid, word for word, 1:1 with the intake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire, QuestionnaireItem

from bench.reference_intake import steps as flow  # the pinned hand-written pages
from portal.intake.service import finalise_answers
from portal.questionnaires import measures
from tests.fixtures_intake import sample_answers

PUBLISHED = json.loads((Path(__file__).parent / "data" / "measures_published.json").read_text())
MEASURES = PUBLISHED["measures"]


# fhir.resources checks structure and datatypes but not these code lists, so the test does.
ITEM_TYPES = {"group", "display", "string", "text", "boolean", "choice", "date", "integer"}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}


def walk(item: dict):
    """The item and every item nested under it."""
    yield item
    for child in item.get("item", []):
        yield from walk(child)


def check_codes(group: dict) -> None:
    """Every item type, operator and behaviour is one R4 defines; every extension has a value."""
    link_ids = [item["linkId"] for item in walk(group)]
    assert len(link_ids) == len(set(link_ids))
    for item in walk(group):
        assert item["type"] in ITEM_TYPES
        assert all(c["operator"] in OPERATORS for c in item.get("enableWhen", []))
        assert all(c["question"] in link_ids for c in item.get("enableWhen", []))
        assert item.get("enableBehavior", "any") in {"all", "any"}
        for extension in item.get("extension", []):
            assert [key for key in extension if key.startswith("value")]


def answerable(group: dict) -> list[dict]:
    """The group's question items (not its display text)."""
    return [item for item in group["item"] if item["type"] != "display"]


@pytest.mark.parametrize("measure_id", list(MEASURES))
def test_measure_group_validates_as_fhir_questionnaire_item(measure_id):
    group = measures.get(measure_id).as_items(f"block_{measure_id}")
    QuestionnaireItem.model_validate(group)
    check_codes(group)
    questionnaire = Questionnaire.model_validate(
        {"resourceType": "Questionnaire", "status": "draft", "item": [group]}
    )
    assert questionnaire.item[0].linkId == f"block_{measure_id}"


@pytest.mark.parametrize("measure_id", list(MEASURES))
def test_measure_group_shows_the_published_words_and_values(measure_id):
    published = MEASURES[measure_id]
    group = measures.get(measure_id).as_items("m")
    assert group["type"] == "group" and group["text"] == published["title"]
    assert group["extension"] == [{"url": measures.MEASURE_EXTENSION, "valueCode": measure_id}]
    assert group["item"][0] == {"linkId": "m.stem", "type": "display", "text": published["stem"]}
    assert group["item"][-1]["text"] == published["attribution"]
    scored = [item for item in answerable(group) if item["linkId"].startswith("m.item_")]
    assert [item["text"] for item in scored] == published["items"]
    assert [item["linkId"] for item in scored] == [f"m.item_{n}" for n in range(len(scored))]
    for item in scored:
        assert item["type"] == "choice" and item["required"] is True
        codings = [option["valueCoding"] for option in item["answerOption"]]
        assert [[int(c["code"]), c["display"]] for c in codings] == published["options"]


def test_measure_group_prints_the_phq15_women_only_note_beside_its_item():
    group = measures.get("phq15").as_items("phq15")
    item = group["item"][1 + 3]
    assert item["text"] == "Menstrual cramps or other problems with your periods"
    assert item["item"] == [
        {"linkId": "phq15.item_3.note", "type": "display", "text": "WOMEN ONLY"}
    ]


@pytest.mark.parametrize(("slug", "section"), [("mood", "phq9"), ("worry", "gad7")])
def test_measure_group_link_ids_are_the_intake_fields(slug, section):
    step = next(step for step in flow.STEPS if step.slug == slug)
    assert step.section == section
    fields = {name for name in dir(step.form) if name.startswith("item_") or name == "difficulty"}
    group = measures.get(section).as_items(section)
    assert {item["linkId"] for item in answerable(group)} == {f"{section}.{f}" for f in fields}


@pytest.mark.parametrize("section", ["phq9", "gad7"])
def test_measure_group_takes_every_stored_intake_answer_as_one_of_its_codes(section):
    stored = finalise_answers(sample_answers())[section]
    items = {item["linkId"]: item for item in answerable(measures.get(section).as_items(section))}
    answers = {f"{section}.item_{n}": value for n, value in enumerate(stored["items"])}
    answers[f"{section}.difficulty"] = stored["difficulty"]
    assert set(answers) == set(items)
    for link_id, value in answers.items():
        codes = [option["valueCoding"]["code"] for option in items[link_id]["answerOption"]]
        assert str(value) in codes


def test_measure_group_asks_the_difficulty_only_after_a_problem():
    group = measures.get("phq9").as_items("phq9")
    difficulty = group["item"][-2]
    assert difficulty["linkId"] == "phq9.difficulty"
    assert difficulty["text"] == MEASURES["phq9"]["follow_up"]["text"]
    assert difficulty["enableBehavior"] == "any"
    conditions = {
        (c["question"], c["operator"], c["answerCoding"]["code"]) for c in difficulty["enableWhen"]
    }
    expected = {(f"phq9.item_{n}", "=", code) for n in range(9) for code in ("1", "2", "3")}
    assert conditions == expected  # never "Not at all", never an unanswered item


def test_measure_group_without_follow_up_has_no_conditions():
    for measure_id in ("phq15", "pcl5", "who5", "k10"):
        group = measures.get(measure_id).as_items(measure_id)
        assert not any("enableWhen" in item for item in group["item"])
