"""Load and validate a form definition: a documented subset of the FHIR R4 Questionnaire.

The shape and data types are checked by fhir.resources with its R4B models: fhir.resources 7
and later default to R5, while the R4B Questionnaire is the same as R4 for every field of our
subset (url, version, title, status, item with linkId, text, type, required, repeats,
maxLength, answerOption, enableWhen, enableBehavior, extension). The portal's own rules
(portal.questionnaires.rules) come on top. Definitions are parsed once per distinct text and cached:
a published version never changes, so its text is a safe cache key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from fhir.resources.R4B.questionnaire import Questionnaire
from pydantic import ValidationError

from portal.questionnaires import coverage, rules, translations

MAX_CHARACTERS = 2_000_000  # the adult form is about 45,000; this stops a runaway file


class DefinitionError(ValueError):
    """A definition that cannot be used; `errors` lists every reason as a sentence."""

    def __init__(self, errors: list[str]) -> None:
        """Keep the reasons; the message is them all, one per line."""
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Definition:
    """A validated definition: its JSON (treat as read-only) and the FHIR model of it."""

    data: dict
    model: Questionnaire

    @property
    def url(self) -> str:
        """The canonical url that names the form across versions."""
        return self.data["url"]

    def pages(self) -> list[dict]:
        """The top-level groups, one per page, in order."""
        return list(self.data["item"])

    def item(self, link_id: str) -> dict:
        """The item with this linkId anywhere in the form (KeyError when there is none)."""
        found = next((i for i, _p in rules.walk(self.data["item"]) if i["linkId"] == link_id), None)
        if found is None:
            raise KeyError(link_id)
        return found


def parse_json(text: str) -> dict:
    """The JSON object in a file's text, or a DefinitionError saying where it broke."""
    if len(text) > MAX_CHARACTERS:
        raise DefinitionError([f"The file is over {MAX_CHARACTERS:,} characters; no form is."])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            [f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."]
        ) from None
    except RecursionError:  # nested thousands deep: refused before any rule walks it
        raise DefinitionError(["The file is nested too deeply to be a form."]) from None
    if not isinstance(data, dict):
        raise DefinitionError(["The file must hold one JSON object, a FHIR Questionnaire."])
    return data


def errors_in(data: dict, publishing: bool = False) -> list[str]:
    """Every reason this definition cannot be saved (or, publishing, published)."""
    if data.get("resourceType") != "Questionnaire":
        return [f"The resourceType must be Questionnaire, not {data.get('resourceType')!r}."]
    try:
        Questionnaire.model_validate(data)
    except ValidationError as exc:
        return [_sentence(error, data) for error in exc.errors()]
    errors = rules.check(data, publishing) + translations.check(data)
    return errors + coverage.check(data, publishing)


def validate(data: dict, publishing: bool = False) -> Definition:
    """A Definition, or a DefinitionError listing every reason it is refused."""
    errors = errors_in(data, publishing)
    if errors:
        raise DefinitionError(errors)
    return Definition(data, Questionnaire.model_validate(data))


def load(text: str, publishing: bool = False) -> Definition:
    """Parse and validate a definition from JSON text."""
    return validate(parse_json(text), publishing)


@lru_cache(maxsize=128)
def cached(text: str) -> Definition:
    """The parsed definition of a stored version's text, parsed once per process."""
    return load(text)


def _sentence(error: dict, data: dict) -> str:
    """A pydantic error as a sentence naming the item's linkId (or its position)."""
    location = list(error.get("loc") or ())
    where, node = "The form", data
    while len(location) >= 2 and location[0] == "item" and isinstance(location[1], int):
        items = node.get("item") if isinstance(node, dict) else None
        if not isinstance(items, list) or location[1] >= len(items):
            break
        node = items[location[1]]
        label = node.get("linkId") if isinstance(node, dict) else None
        where = f"Item {label}" if label else f"{where}, item number {location[1] + 1},"
        location = location[2:]
    field = ".".join(str(part) for part in location) or "it"
    message = str(error.get("msg") or "is not valid").rstrip(".")
    return f"{where}: {field}: {message}."
