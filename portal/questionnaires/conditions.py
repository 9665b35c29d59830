"""Show-only-if conditions (FHIR `enableWhen` with operator "=") read against the answers.

The answers are a draft's sections ({"about": {"email": ...}}); a condition names its
question by linkId ("about.email"). Measure follow-ups are not here: their condition
("any item above the lowest") belongs to the measure (portal.intake.forms).
"""

from __future__ import annotations

from collections.abc import Callable

Lookup = Callable[[str], object]  # linkId -> the stored answer (None when not answered)


def answer_in(answers: dict) -> Lookup:
    """Look answers up by linkId in a draft's sections."""

    def lookup(link_id: str):
        """The answer stored under the linkId's section and name."""
        section, _, name = link_id.partition(".")
        return (answers.get(section) or {}).get(name)

    return lookup


def holds(condition: dict, value) -> bool:
    """True when an answer meets one condition: a ticked (or unticked) box, or a chosen option."""
    if "answerBoolean" in condition:
        return bool(value) is bool(condition["answerBoolean"])
    code = str((condition.get("answerCoding") or {}).get("code"))
    if isinstance(value, list | tuple):  # a question with several answers
        return code in {str(v) for v in value}
    return value is not None and str(value) == code


def enabled(item: dict, lookup: Lookup) -> bool:
    """True when the item is shown: no conditions, or all (or any) of them hold."""
    conditions = item.get("enableWhen") or []
    if not conditions:
        return True
    results = [holds(c, lookup(c.get("question", ""))) for c in conditions]
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def targets(item: dict) -> set[str]:
    """The linkIds the item's conditions depend on."""
    return {c.get("question", "") for c in item.get("enableWhen") or []}
