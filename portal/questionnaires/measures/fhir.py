"""A measure as a FHIR R4 Questionnaire item group, so a form includes it as a block of data."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.questionnaires.measures.model import Measure

# Marks the group as a library measure: the form holds only this id, the words come from here.
MEASURE_EXTENSION = "urn:practice-portal:fhir:StructureDefinition:measure"
# FHIR R4's own extension for the number an answer counts for in a score.
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


def measure_group(measure: Measure, prefix: str) -> dict:
    """The group: the stem, one choice item per published item, the follow-up, the credit.

    linkIds are `<prefix>.item_<n>` (0-based) and `<prefix>.<follow-up key>`, the names the
    intake stores today (section `phq9`, fields `item_0`..`item_8`, `difficulty`).
    """
    children = [_display(f"{prefix}.stem", measure.stem)]
    notes = dict(measure.item_notes)
    for number, text in enumerate(measure.items):
        children.append(_item(measure, f"{prefix}.item_{number}", text, notes.get(number)))
    if measure.follow_up is not None:
        children.append(_follow_up(measure, prefix))
    children.append(_display(f"{prefix}.attribution", measure.attribution))
    return {
        "linkId": prefix,
        "type": "group",
        "text": measure.title,
        "extension": [{"url": MEASURE_EXTENSION, "valueCode": measure.id}],
        "item": children,
    }


def _display(link_id: str, text: str) -> dict:
    """Words shown, never answered."""
    return {"linkId": link_id, "type": "display", "text": text}


def _item(measure: Measure, link_id: str, text: str, note: str | None) -> dict:
    """One scored item: required, answered by one of the published options."""
    item = {
        "linkId": link_id,
        "type": "choice",
        "text": text,
        "required": True,
        "answerOption": [
            {
                "valueCoding": {
                    "code": str(value),
                    "display": words,
                    "extension": [{"url": ORDINAL_VALUE, "valueDecimal": value}],
                }
            }
            for value, words in measure.options
        ],
    }
    if note:
        item["item"] = [_display(f"{link_id}.note", note)]
    return item


def _follow_up(measure: Measure, prefix: str) -> dict:
    """The follow-up question, enabled when some item is answered above its lowest option."""
    follow_up = measure.follow_up
    return {
        "linkId": f"{prefix}.{follow_up.key}",
        "type": "choice",
        "text": follow_up.text,
        "required": True,  # only while enabled, as the intake asks it today
        # "=" for each higher answer, not "!= lowest": R4 reads "!=" as true for no answer.
        "enableWhen": [
            {"question": f"{prefix}.item_{n}", "operator": "=", "answerCoding": {"code": str(v)}}
            for n in range(len(measure.items))
            for v in measure.values
            if v > measure.lowest
        ],
        "enableBehavior": "any",
        "answerOption": [
            {"valueCoding": {"code": code, "display": words}} for code, words in follow_up.options
        ],
    }
