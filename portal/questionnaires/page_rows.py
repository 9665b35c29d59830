"""One page of a definition as rows to render: each item with its field, help and condition.

The journey's generic page and the editor's preview draw the same rows, so a preview
shows exactly what a client will get. The fields come from the page form the caller
made (bound to a request on the journey; without data or a CSRF token in the preview).
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.practice import get_practice
from portal.questionnaires import render, rules
from portal.questionnaires.definition import Definition

# The person's own details, by linkId: the input purpose browsers fill in (WCAG 1.3.5) and
# the input type; a date's purpose gets -day, -month and -year on its three boxes.
PURPOSES = {
    "about.full_name": ("name", "text"),
    "about.preferred_name": ("nickname", "text"),
    "about.email": ("email", "email"),
    "about.phone": ("tel", "tel"),
    "about.region": ("postal-code", "text"),
    "about.date_of_birth": ("bday", "text"),
}


def blank_form(parsed: Definition, page: dict):
    """The page's form with no data and no CSRF token: it can be shown, never sent."""
    return render.page_form(parsed, rules.extension(page, rules.PAGE))(
        formdata=None, meta={"csrf": False}
    )


def page_rows(parsed: Definition, page: dict, form) -> list[dict]:
    """One row per item of the page, in order: its kind, words, help, field and condition."""
    practice = get_practice()
    items = {i["linkId"]: i for i, _p in rules.walk(parsed.data["item"])}
    answering = getattr(form, "earlier", None) is not None  # the journey, not a preview
    own, hides = getattr(form, "LINKS", {}), getattr(form, "hides", None)
    rows = []
    for item, parents in rules.walk(page.get("item") or []):
        asked = item["type"] not in ("group", "display")
        if asked and answering and hides and hides(render.field_name(item)):
            continue  # other pages' answers say it does not apply
        in_measure = any(rules.extension(p, rules.MEASURE) for p in parents)
        shown_if = [
            _shown_if(c, items)
            for c in item.get("enableWhen") or []
            if not answering or c.get("question") in own
        ]
        if in_measure and shown_if:  # the measure's own follow-up, asked after any problem
            shown_if = [_("any answer above is more than the lowest")]
        row = {
            "kind": item["type"],
            "item": item,
            "hint": rules.extension(item, rules.HINT),
            "shown_if": shown_if,
            "measure": rules.extension(item, rules.MEASURE),
            "practice_text": _practice_text(item, practice),
            "autocomplete": PURPOSES.get(item["linkId"], (None, "text"))[0],
            "input_type": PURPOSES.get(item["linkId"], (None, "text"))[1],
        }
        row.update(_fields(form, item, practice))
        rows.append(row)
    return rows


def single_question(rows: list[dict]) -> bool:
    """True when the page is one question and nothing else: its label is the page heading,
    as on the journey's own one-question pages."""
    asked = [row for row in rows if row.get("field") is not None]
    others = [row for row in rows if row.get("field") is None]
    return len(asked) == 1 and not others and asked[0]["kind"] in ("string", "text", "choice")


def _fields(form, item: dict, practice) -> dict:
    """The WTForms field (or the three date boxes) for a question; nothing for the rest."""
    if item["type"] in ("group", "display"):
        return {}
    name = render.field_name(item)
    if item["type"] == "date":
        stem = render.DATE_BOX_STEMS.get(name, name)
        return {"boxes": [form[f"{stem}_{part}"] for part, _label, _size in render.DATE_PARTS]}
    field = form._fields.get(name)
    if field is not None and rules.extension(item, rules.OPTIONS_FROM) == "service-areas":
        field.choices = [(area, area) for area in practice.service_areas or []]
    return {"field": field}


def _shown_if(condition: dict, items: dict[str, dict]) -> str:
    """A condition in words: “Have you had therapy before?” is answered “Yes”."""
    target = items.get(condition.get("question"), {})
    question = target.get("text", condition.get("question"))
    if "answerBoolean" in condition:
        if condition["answerBoolean"]:
            return _("“%(question)s” is ticked", question=question)
        return _("“%(question)s” is not ticked", question=question)
    code = str((condition.get("answerCoding") or {}).get("code"))
    options = {c: w for c, w in zip(rules.option_codes(target), _words(target), strict=False)}
    answer = options.get(code, code)
    return _("“%(question)s” is answered “%(answer)s”", question=question, answer=answer)


def _words(item: dict) -> list[str]:
    """The words of an item's answer options, in order."""
    return [(o.get("valueCoding") or {}).get("display", "") for o in item.get("answerOption") or []]


def _practice_text(item: dict, practice) -> str:
    """The practice's own privacy or consent statement for a display item that shows one."""
    shown = rules.extension(item, rules.PRACTICE_TEXT)
    if shown == "privacy":
        return practice.privacy_text or ""
    if shown == "consent":
        return practice.consent_text or ""
    return ""
