"""What the form editor does to a definition: plain dict changes, checked later by the rules.

Each function takes a definition (a dict, never changed) and returns a changed copy, so a
refused change leaves nothing half-done. Finding an item that is not in the form raises
KeyError, which the views turn into "Page not found".
"""

from __future__ import annotations

import copy
import re

from portal.clinician import forms_editor_words as lang_words
from portal.questionnaires import measures, rules

MAX_ITEMS = 400  # a form past this is not one a client would finish
QUESTION_TYPES = {
    "string": "Short answer (one line)",
    "text": "Long answer (a paragraph)",
    "boolean": "Tick box (yes when ticked)",
    "choice": "Choose one from a list",
    "date": "Date",
    "integer": "Whole number",
    "display": "Text to read (no answer)",
}
ANSWERABLE = ("string", "text", "boolean", "choice", "date", "integer")


def walk(data: dict):
    """Every item of the definition in document order, with its parents."""
    return rules.walk(data.get("item") or [])


def find(data: dict, link_id: str) -> dict:
    """The item with this linkId (KeyError when the form has none)."""
    found = next((item for item, _p in walk(data) if item.get("linkId") == link_id), None)
    if found is None:
        raise KeyError(link_id)
    return found


def measure_of(data: dict, link_id: str) -> str | None:
    """The measure id whose block holds (or is) this item, else None."""
    for item, parents in walk(data):
        if item.get("linkId") == link_id:
            for node in (item, *parents):
                if rules.extension(node, rules.MEASURE):
                    return rules.extension(node, rules.MEASURE)
            return None
    raise KeyError(link_id)


def inside_measure(data: dict, link_id: str) -> bool:
    """True for one of a measure block's own items (the block itself is not inside)."""
    return measure_of(data, link_id) is not None and not rules.extension(
        find(data, link_id), rules.MEASURE
    )


def is_editable(data: dict, link_id: str) -> bool:
    """A question the editor can rewrite: not a page, not in a measure, no practice-set parts."""
    item = find(data, link_id)
    if item.get("type") not in QUESTION_TYPES or measure_of(data, link_id) is not None:
        return False
    fixed = (rules.OPTIONS_FROM, rules.PRACTICE_TEXT)
    return all(rules.extension(item, url) is None for url in fixed)


def holds_measure(page: dict) -> bool:
    """True for a page that shows a measure (it takes no other questions)."""
    return any(rules.extension(i, rules.MEASURE) for i, _p in rules.walk(page.get("item") or []))


def condition_words(data: dict, condition: dict) -> str:
    """A condition as the owner reads it: “Have you had therapy before?” is “Yes”."""
    try:
        target = find(data, condition.get("question", ""))
    except KeyError:
        return f"{condition.get('question')} (not in this form)"
    if "answerBoolean" in condition:
        ticked = "ticked" if condition["answerBoolean"] else "not ticked"
        return f"“{target.get('text')}” is {ticked}"
    code = str((condition.get("answerCoding") or {}).get("code"))
    words = {
        str((o.get("valueCoding") or {}).get("code")): (o.get("valueCoding") or {}).get("display")
        for o in target.get("answerOption") or []
    }
    return f"“{target.get('text')}” is “{words.get(code, code)}”"


def pages(data: dict) -> list[dict]:
    """The top-level groups, one per page."""
    return list(data.get("item") or [])


def find_page(data: dict, page_link: str) -> dict:
    """The page with this linkId, a measure's page too (KeyError when none)."""
    found = next((p for p in pages(data) if p.get("linkId") == page_link), None)
    if found is None:
        raise KeyError(page_link)
    return found


def condition_choices(data: dict) -> list[tuple[str, str]]:
    """("linkId|code", words) for every answer a "show only if" can point at, in form order."""
    found = []
    for item, _parents in walk(data):
        link = item.get("linkId", "")
        if item.get("type") == "boolean":
            found += [(f"{link}|true", f"{item['text']}: ticked")]
        elif item.get("type") == "choice" and measure_of(data, link) is None:
            for option in item.get("answerOption") or []:
                coding = option.get("valueCoding") or {}
                words = f"{item['text']}: {coding.get('display')}"
                found.append((f"{link}|{coding.get('code')}", words))
    return found


def condition_value(item: dict) -> str:
    """The "show only if" choice an item has now ("" when it is always shown)."""
    conditions = item.get("enableWhen") or []
    if len(conditions) != 1:
        return ""
    condition = conditions[0]
    if "answerBoolean" in condition:
        return f"{condition['question']}|{str(condition['answerBoolean']).lower()}"
    return f"{condition['question']}|{(condition.get('answerCoding') or {}).get('code')}"


def question_item(data: dict, link_id: str, values: dict, old: dict | None = None) -> dict:
    """The FHIR item for the editor's values, keeping extensions the editor does not manage."""
    kind = values["type"]
    item = {"linkId": link_id, "text": values["text"].strip(), "type": kind}
    if values.get("required") and kind != "display":
        item["required"] = True
    if kind == "choice":
        item["answerOption"] = _options(values["options"], old or {})
    if values.get("condition"):
        question, answer = values["condition"].split("|", 1)
        item["enableWhen"] = [_condition(data, question, answer)]
    kept = [e for e in (old or {}).get("extension") or [] if e.get("url") != rules.HINT]
    if kind == "display":
        kept = []
    if values.get("hint", "").strip() and kind != "display":
        kept.insert(0, {"url": rules.HINT, "valueString": values["hint"].strip()})
    if kept:
        item["extension"] = kept
    lang_words.carry(old or {}, item)
    lang_words.write(item, values.get("translations") or {})
    return item


def _condition(data: dict, question: str, answer: str) -> dict:
    """One enableWhen: equal to an answer option, or a ticked box."""
    target = next((i for i, _p in walk(data) if i.get("linkId") == question), {})
    if target.get("type") == "boolean":
        return {"question": question, "operator": "=", "answerBoolean": answer == "true"}
    return {"question": question, "operator": "=", "answerCoding": {"code": answer}}


def _options(lines: list[str], old: dict) -> list[dict]:
    """Answer options from the lines; an answer whose words are unchanged keeps its code, so
    conditions on it and the answers stored for it still match."""
    kept = {
        (o.get("valueCoding") or {}).get("display"): (o.get("valueCoding") or {}).get("code")
        for o in old.get("answerOption") or []
    }
    options, used = [], set()
    for number, words in enumerate(lines, start=1):
        code = kept.get(words) or _code(words, number)
        while code in used:
            code = f"{code}-{number}"
        used.add(code)
        options.append({"valueCoding": {"code": code, "display": words}})
    return options


def _code(words: str, number: int) -> str:
    """A stable answer code from the option's words ("Once a week" gives "once-a-week")."""
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:40].strip("-")
    return slug or f"option-{number}"


def next_link_id(data: dict, stem: str = "custom.q") -> str:
    """A linkId no item uses yet (custom.q1, custom.q2, ...)."""
    used = {item.get("linkId") for item, _p in walk(data)}
    number = 1
    while f"{stem}{number}" in used:
        number += 1
    return f"{stem}{number}"


def add_question(data: dict, page_link: str, values: dict) -> tuple[dict, str]:
    """A copy with a new question at the end of a page; returns it and the new linkId."""
    changed = copy.deepcopy(data)
    page = _page(changed, page_link)
    link_id = next_link_id(changed)
    page.setdefault("item", []).append(question_item(changed, link_id, values))
    return _bounded(changed), link_id


def edit_question(data: dict, link_id: str, values: dict) -> dict:
    """A copy with one question rewritten in place."""
    if not is_editable(data, link_id):
        raise KeyError(link_id)
    changed = copy.deepcopy(data)
    siblings, index = _position(changed, link_id)
    old = siblings[index]
    new = question_item(changed, link_id, values, old)
    if old.get("item"):  # notes under a question stay with it
        new["item"] = old["item"]
    siblings[index] = new
    return changed


def move(data: dict, link_id: str, step: int) -> dict:
    """A copy with the item one place up (-1) or down (+1) among its siblings."""
    changed = copy.deepcopy(data)
    if inside_measure(changed, link_id):
        raise KeyError(link_id)  # a measure's own items keep their published order
    siblings, index = _position(changed, link_id)
    other = index + step
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    return changed


def remove(data: dict, link_id: str) -> dict:
    """A copy without the item (a page or a measure block goes with everything in it)."""
    changed = copy.deepcopy(data)
    if inside_measure(changed, link_id):
        raise KeyError(link_id)  # one item of a measure cannot be taken out of it
    siblings, index = _position(changed, link_id)
    del siblings[index]
    return changed


def add_page(data: dict, title: str) -> tuple[dict, str]:
    """A copy with a new empty page at the end; returns it and the page's linkId."""
    changed = copy.deepcopy(data)
    slug = _free_page_slug(changed, re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60])
    changed["item"].append(
        {
            "linkId": slug,
            "type": "group",
            "text": title.strip(),
            "extension": [{"url": rules.PAGE, "valueCode": slug}],
            "item": [],
        }
    )
    return _bounded(changed), slug


def add_measure(data: dict, measure_id: str) -> tuple[dict, str]:
    """A copy with a measure on a new page of its own at the end, as the library gives it."""
    measure = measures.get(measure_id)
    used = {item.get("linkId") for item, _p in walk(data)}
    if measure.id in used:
        raise ValueError(f"{measure.title} is already in this form.")
    changed = copy.deepcopy(data)
    slug = _free_page_slug(changed, f"{measure.id}-page")
    changed["item"].append(
        {
            "linkId": slug,
            "type": "group",
            "text": measure.name or measure.title,
            "extension": [{"url": rules.PAGE, "valueCode": slug}],
            "item": [measure.as_items(measure.id)],
        }
    )
    return _bounded(changed), slug


def rename_page(data: dict, page_link: str, heading: str, typed: dict[str, str]) -> dict:
    """A copy with a page's heading, and its heading in other languages, rewritten."""
    changed = copy.deepcopy(data)
    lang_words.rename(find_page(changed, page_link), heading.strip(), typed)
    return changed


def retitle(data: dict, title: str, typed: dict[str, str] | None = None) -> dict:
    """A copy with a new form title, and its title in other languages."""
    changed = copy.deepcopy(data)
    lang_words.rename(changed, title.strip(), typed or {}, key="title")
    return changed


def _page(data: dict, page_link: str) -> dict:
    """The top-level group with this linkId (KeyError when none)."""
    page = next((p for p in data.get("item") or [] if p.get("linkId") == page_link), None)
    if page is None or page.get("type") != "group" or rules.extension(page, rules.MEASURE):
        raise KeyError(page_link)
    return page


def _position(data: dict, link_id: str) -> tuple[list, int]:
    """The list that holds the item, and its index there."""
    for siblings in _lists(data):
        for index, item in enumerate(siblings):
            if item.get("linkId") == link_id:
                return siblings, index
    raise KeyError(link_id)


def _lists(data: dict):
    """Every list of items in the definition: the pages, then each item's children."""
    yield data.setdefault("item", [])
    for item, _p in walk(data):
        if item.get("item"):
            yield item["item"]


def _free_page_slug(data: dict, base: str) -> str:
    """A page address and linkId that no page or item uses yet."""
    base = base or "page"
    used = {item.get("linkId") for item, _p in walk(data)}
    used |= {rules.extension(p, rules.PAGE) for p in pages(data)}
    slug, number = base, 1
    while slug in used:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _bounded(data: dict) -> dict:
    """Refuse a form that has grown past MAX_ITEMS items."""
    if sum(1 for _ in walk(data)) > MAX_ITEMS:
        raise ValueError(f"A form can hold at most {MAX_ITEMS} items; remove some first.")
    return data
