"""Form definitions: the FHIR Questionnaire subset, and the portal's own rules on top."""

from __future__ import annotations

import copy
import json

import pytest

from portal.questionnaires import definition, measures, rules
from tests.forms_samples import MEASURE, PAGE, YES_NO, form, measure_block, page


def errors(data: dict, publishing: bool = False) -> list[str]:
    """The reasons a definition is refused."""
    return definition.errors_in(data, publishing)


def find(data: dict, link_id: str) -> dict:
    """An item of a definition, to change it in a test."""
    return next(item for item, _p in rules.walk(data["item"]) if item["linkId"] == link_id)


def test_forms_definition_small_form_is_valid_and_publishable():
    assert errors(form()) == []
    assert errors(form(), publishing=True) == []
    loaded = definition.load(json.dumps(form()))
    assert loaded.url == "urn:practice-portal:questionnaire:test"
    assert [p["linkId"] for p in loaded.pages()] == ["safety", "about-you", "mood"]


def test_forms_definition_status_code_is_checked_though_fhir_resources_accepts_it():
    assert "The status must be draft, active or retired, not 'bogus'." in errors(
        form(status="bogus")
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"resourceType": "Patient"}, "The resourceType must be Questionnaire, not 'Patient'."),
        ({"url": ""}, "The form needs a url, a URI such as urn:practice-portal:questionnaire:x."),
        ({"title": " "}, "The form needs a title."),
        ({"code": []}, "The field 'code' is not part of the supported subset."),
    ],
)
def test_forms_definition_questionnaire_fields(change, expected):
    assert expected in errors({**form(), **change})


def test_forms_definition_fhir_shape_errors_name_the_item():
    data = form()
    find(data, "about.name")["required"] = "sometimes"
    (reason,) = errors(data)
    assert reason.startswith("Item about.name: required:")


def test_forms_definition_unsupported_type_and_duplicate_linkid():
    data = form()
    find(data, "about.name")["type"] = "attachment"
    find(data, "about.pet")["linkId"] = "about.name"
    found = errors(data)
    assert any(
        e.startswith("Item about.name: the type 'attachment' is not supported") for e in found
    )
    assert "Item about.name: the linkId is used more than once." in found


def test_forms_definition_condition_must_point_at_an_earlier_item():
    data = form()
    about = find(data, "about-you")["item"]
    about[0], about[2] = about[2], about[0]  # the conditional question now comes first
    found = errors(data)
    assert (
        "Item about.pet_name: the condition depends on 'about.pet', which is not an earlier item."
        in found
    )


def test_forms_definition_condition_cannot_point_at_itself_or_a_missing_item():
    data = form()
    condition = find(data, "about.pet_name")["enableWhen"][0]
    condition["question"] = "about.pet_name"
    assert "Item about.pet_name: a condition cannot depend on the item itself." in errors(data)
    condition["question"] = "about.nothing"
    assert any("depends on 'about.nothing'" in e for e in errors(data))


def test_forms_definition_enable_behavior_only_with_two_conditions():
    data = form()
    find(data, "about.pet_name")["enableBehavior"] = "all"
    assert "Item about.pet_name: enableBehavior is only for two or more conditions." in errors(data)
    item = find(data, "about.pet_name")
    item["enableWhen"].append(
        {"question": "about.name", "operator": "exists", "answerBoolean": True}
    )
    assert errors(data) == []
    del item["enableBehavior"]
    assert (
        "Item about.pet_name: with several conditions, say all or any (enableBehavior)."
        in errors(data)
    )


def test_forms_definition_answer_options_unique_and_conditions_use_them():
    data = form()
    find(data, "eligibility.safety_risk")["answerOption"] = YES_NO + [YES_NO[0]]
    assert (
        "Item eligibility.safety_risk: the answer option 'yes' appears more than once."
        in errors(data)
    )
    data = form()
    find(data, "about.pet_name")["enableWhen"] = [
        {"question": "eligibility.safety_risk", "operator": "=", "answerCoding": {"code": "maybe"}}
    ]
    assert (
        "Item about.pet_name: 'maybe' is not an answer option of eligibility.safety_risk."
        in errors(data)
    )


def test_forms_definition_top_level_items_are_pages():
    data = form()
    data["item"].append({"linkId": "loose", "type": "string", "text": "Loose question"})
    assert "Item loose: a top-level item must be a group with the page extension." in errors(data)
    data = form()
    find(data, "about.name")["extension"] = [{"url": PAGE, "valueCode": "name"}]
    assert "Item about.name: only a top-level group can be a page." in errors(data)


def test_forms_definition_extensions_are_this_projects_own():
    data = form()
    find(data, "about.name")["extension"] = [{"url": "http://example.org/x", "valueString": "y"}]
    assert (
        "Item about.name: the extension 'http://example.org/x' is not one this portal knows."
        in errors(data)
    )


def test_forms_definition_unknown_measure_is_refused():
    data = form()
    find(data, "phq9")["extension"] = [{"url": MEASURE, "valueCode": "nope"}]
    assert "Item phq9: there is no measure 'nope' in the library." in errors(data)


def test_forms_definition_measure_item_cannot_be_made_conditional():
    data = form()
    find(data, "phq9.item_8")["enableWhen"] = [
        {"question": "about.pet", "operator": "=", "answerBoolean": True}
    ]
    assert errors(data) == ["Item phq9.item_8: a PHQ-9 item cannot have a condition."]


def test_forms_definition_measure_block_cannot_be_hidden_or_made_optional_or_reworded():
    data = form()
    find(data, "phq9")["enableWhen"] = [
        {"question": "about.pet", "operator": "=", "answerBoolean": True}
    ]
    assert "Item phq9: a measure cannot be hidden by a condition." in errors(data)
    data = form()
    del find(data, "phq9.item_0")["required"]
    assert errors(data) == ["Item phq9.item_0: a PHQ-9 item must be required."]
    exact = "Item phq9: the PHQ-9 block must be exactly as the measure library gives it"
    data = form()
    find(data, "phq9.item_1")["text"] = "Feeling a bit low"
    assert errors(data)[0].startswith(exact)
    data = form()
    find(data, "phq9")["item"].pop(3)
    assert any(e.startswith(exact) for e in errors(data))
    data = form()
    del find(data, "phq9.difficulty")["enableWhen"][0]
    assert errors(data)[0].startswith(exact)


def test_forms_definition_every_library_measure_can_be_included():
    for measure_id in measures.LIBRARY:
        data = form()
        data["item"][2]["item"] = [measure_block(measure_id)]
        assert errors(data) == [], measure_id


def test_forms_definition_measure_block_may_carry_a_hint_and_message():
    data = form()
    find(data, "phq9.difficulty")["extension"] = [{"url": rules.HINT, "valueString": "If any."}]
    assert errors(data) == []


def test_forms_definition_safety_question_needed_only_to_publish():
    data = form()
    data["item"].pop(0)
    assert errors(data) == []
    assert errors(data, publishing=True) == [rules.NO_SAFETY]


def test_forms_definition_safety_question_cannot_be_hidden_or_optional():
    data = form()
    item = find(data, "eligibility.safety_risk")
    del item["required"]
    data["item"].append(page("later", copy.deepcopy(item) | {"linkId": "second.safety"}))
    assert "Only one question can be marked as the safety question." in errors(data)
    data["item"].pop()
    find(data, "safety")["enableWhen"] = [
        {"question": "about.pet", "operator": "exists", "answerBoolean": True}
    ]
    found = errors(data, publishing=True)
    assert "Item eligibility.safety_risk: the safety question must be required." in found
    assert any("cannot be hidden by a condition" in e for e in found)


def test_forms_definition_bad_json_says_where():
    with pytest.raises(definition.DefinitionError) as caught:
        definition.load('{"resourceType": "Questionnaire",')
    assert caught.value.errors[0].startswith("The file is not valid JSON:")
    with pytest.raises(definition.DefinitionError) as caught:
        definition.load("[1, 2]")
    assert caught.value.errors == ["The file must hold one JSON object, a FHIR Questionnaire."]


def test_forms_definition_oversized_or_deeply_nested_file_is_refused_plainly():
    with pytest.raises(definition.DefinitionError) as caught:
        definition.load(" " * (definition.MAX_CHARACTERS + 1))
    assert caught.value.errors == ["The file is over 2,000,000 characters; no form is."]
    with pytest.raises(definition.DefinitionError) as caught:
        definition.load("[" * 100_000 + "]" * 100_000)
    assert caught.value.errors == ["The file is nested too deeply to be a form."]


def test_forms_definition_parsed_once_per_text():
    text = json.dumps(form())
    definition.cached.cache_clear()
    first = definition.cached(text)
    assert definition.cached(text) is first
    assert definition.cached.cache_info().hits == 1
