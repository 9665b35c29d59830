"""The portal's own rules on a form definition, on top of what FHIR itself checks.

fhir.resources checks shapes and data types but not code values (a `status` of "bogus"
passes) nor anything this portal relies on: pages, measure blocks, backward-only conditions
and the safety question. Each rule adds plain sentences that name the linkId at fault.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from portal.questionnaires import measures

EXT = "urn:practice-portal:extension:"
PAGE = EXT + "page"  # valueCode: the page's address; on top-level groups only
MEASURE = measures.MEASURE_EXTENSION  # valueCode: a library measure id; on the library's group
SAFETY = EXT + "safety"  # valueBoolean true: the direct safety question (answer code "yes")
HINT = EXT + "hint"  # valueString: help text shown under the question
REQUIRED_MESSAGE = EXT + "required-message"  # valueString: the error when it is left empty
OPTIONS_FROM = EXT + "options-from"  # valueCode "service-areas": choices set by the practice
PRACTICE_TEXT = EXT + "practice-text"  # valueCode privacy|consent: the practice's own statement
PART = EXT + "part"  # valueCode "shared" on a page: a couple answers it once, not each partner
PARTNER_EMAIL = EXT + "partner-email"  # valueBoolean true: where the other partner's link goes
LANGUAGE = EXT + "language"  # valueCode, repeated, on the root: a language it is offered in
EXTENSIONS = {
    PAGE: "valueCode",
    MEASURE: "valueCode",
    SAFETY: "valueBoolean",
    HINT: "valueString",
    REQUIRED_MESSAGE: "valueString",
    OPTIONS_FROM: "valueCode",
    PRACTICE_TEXT: "valueCode",
    PART: "valueCode",
    PARTNER_EMAIL: "valueBoolean",
    HINT + "-translation": "extension",  # lang and content parts (questionnaires.translations)
    REQUIRED_MESSAGE + "-translation": "extension",
}
PRESENTATION = (HINT, REQUIRED_MESSAGE)  # may be added to a measure block's questions
PRESENTATION += (HINT + "-translation", REQUIRED_MESSAGE + "-translation")
OPTION_SOURCES = ("service-areas",)
PRACTICE_TEXTS = ("privacy", "consent")
SHARED = "shared"  # the one value of the part extension

STATUSES = ("draft", "active", "retired")
TYPES = ("group", "display", "string", "text", "boolean", "choice", "date", "integer")
TOP_KEYS = {"resourceType", "id", "url", "version", "name", "title", "status", "date"}
TOP_KEYS |= {"publisher", "description", "purpose", "item"}  # purpose: the start page's hint
TOP_KEYS |= {"_title", "_purpose"}  # their translations (portal.questionnaires.translations)
TOP_KEYS |= {"extension"}  # the languages declared (checked by portal.questionnaires.coverage)
ITEM_KEYS = {"linkId", "text", "type", "required", "repeats", "maxLength", "answerOption"}
ITEM_KEYS |= {"enableWhen", "enableBehavior", "item", "extension", "_text"}
LINK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
PAGE_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NO_SAFETY = "A form needs the safety question (the safety extension) before it can be published."
URI = re.compile(r"^(urn:[A-Za-z0-9][A-Za-z0-9-]*:\S+|https?://\S+)$")


def walk(items: list[dict], parents: tuple[dict, ...] = ()) -> Iterator[tuple[dict, tuple]]:
    """Every item in document order, with the groups that contain it."""
    for item in items or []:
        yield item, parents
        yield from walk(item.get("item") or [], (*parents, item))


def extension(item: dict, url: str):
    """The value of one of our extensions on an item (None when absent)."""
    for ext in item.get("extension") or []:
        if ext.get("url") == url:
            return ext.get(EXTENSIONS.get(url, "valueString"))
    return None


def option_codes(item: dict) -> list[str]:
    """The codes of an item's answer options, in order."""
    return [str((o.get("valueCoding") or {}).get("code")) for o in item.get("answerOption") or []]


def check(data: dict, publishing: bool = False) -> list[str]:
    """Every broken rule as a sentence; publishing also needs the safety question."""
    errors = _check_top(data)
    items = list(walk(data.get("item") or []))
    for item, parents in items:
        errors += _check_item(item, parents)
    errors += _check_pages(data.get("item") or [])
    errors += _check_conditions(items)
    errors += _check_measures(items)
    errors += _check_safety(items, publishing)
    errors += _check_parts(data.get("item") or [])
    return errors


def _check_top(data: dict) -> list[str]:
    """The Questionnaire itself: status, url, title and only supported fields."""
    unknown = [key for key in data if key not in TOP_KEYS]
    errors = [f"The field {key!r} is not part of the supported subset." for key in unknown]
    if data.get("status") not in STATUSES:
        errors.append(f"The status must be draft, active or retired, not {data.get('status')!r}.")
    if not URI.match(str(data.get("url") or "")):
        errors.append("The form needs a url, a URI such as urn:practice-portal:questionnaire:x.")
    if not str(data.get("title") or "").strip():
        errors.append("The form needs a title.")
    if not data.get("item"):
        errors.append("The form has no items.")
    return errors


def _check_item(item: dict, parents: tuple) -> list[str]:
    """One item: its linkId, type, fields, extensions and answer options."""
    link = item.get("linkId", "")
    kind = item.get("type")
    errors = [f"Item {link}: the field {k!r} is not supported." for k in item if k not in ITEM_KEYS]
    if not LINK_ID.match(link):
        errors.append(f"Item {link!r}: a linkId uses only letters, digits, '.', '_' and '-'.")
    if kind not in TYPES:
        errors.append(f"Item {link}: the type {kind!r} is not supported ({', '.join(TYPES)}).")
    held = [child.get("type") for child in item.get("item") or []]
    if kind != "group" and any(t != "display" for t in held):
        errors.append(f"Item {link}: only a group can hold questions (a question may hold notes).")
    if kind != "display" and not str(item.get("text") or "").strip() and kind != "group":
        errors.append(f"Item {link}: a question needs its text.")
    if item.get("repeats") and kind != "choice":
        errors.append(f"Item {link}: only a choice question can repeat (select all that apply).")
    if item.get("maxLength") is not None and kind not in ("string", "text"):
        errors.append(f"Item {link}: maxLength applies only to string and text questions.")
    if kind in ("group", "display") and item.get("required"):
        errors.append(f"Item {link}: a {kind} cannot be required; its questions can.")
    return errors + _check_extensions(item, parents) + _check_options(item)


def _check_extensions(item: dict, parents: tuple) -> list[str]:
    """Only this portal's extensions, with the right kind of value, in the right places."""
    link = item.get("linkId", "")
    errors = []
    for ext in item.get("extension") or []:
        url = ext.get("url")
        if url not in EXTENSIONS:
            errors.append(f"Item {link}: the extension {url!r} is not one this portal knows.")
        elif ext.get(EXTENSIONS[url]) is None:
            errors.append(f"Item {link}: the extension {url} needs a {EXTENSIONS[url]}.")
    if extension(item, PAGE) is not None and (parents or item.get("type") != "group"):
        errors.append(f"Item {link}: only a top-level group can be a page.")
    if extension(item, MEASURE) is not None and item.get("type") != "group":
        errors.append(f"Item {link}: a measure is included as a group.")
    source = extension(item, OPTIONS_FROM)
    if source is not None and source not in OPTION_SOURCES:
        errors.append(f"Item {link}: options cannot come from {source!r}.")
    if extension(item, PART) is not None and extension(item, PAGE) is None:
        errors.append(f"Item {link}: only a page can be shared by a couple.")
    if extension(item, PART) not in (None, SHARED):
        errors.append(f"Item {link}: a page's part can only be {SHARED!r}.")
    if extension(item, PARTNER_EMAIL) is not None and item.get("type") != "string":
        errors.append(f"Item {link}: the partner's email is a string question.")
    shown = extension(item, PRACTICE_TEXT)
    if shown is not None and (shown not in PRACTICE_TEXTS or item.get("type") != "display"):
        errors.append(f"Item {link}: a display item can show the privacy or consent text only.")
    return errors


def _check_options(item: dict) -> list[str]:
    """Answer options only on choices, each a coding with a code and words, codes unique."""
    link = item.get("linkId", "")
    options = item.get("answerOption") or []
    if item.get("type") != "choice":
        return [f"Item {link}: only a choice question has answer options."] if options else []
    if not options and extension(item, OPTIONS_FROM) is None:
        return [f"Item {link}: a choice question needs answer options."]
    errors = []
    for option in options:
        coding = option.get("valueCoding") or {}
        if set(option) != {"valueCoding"} or not coding.get("code") or not coding.get("display"):
            errors.append(f"Item {link}: an answer option is a valueCoding with code and display.")
    codes = option_codes(item)
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        errors.append(f"Item {link}: the answer option {code!r} appears more than once.")
    return errors


def _check_pages(top: list[dict]) -> list[str]:
    """Every top-level item is a group marked as one page, each page address unique."""
    errors, seen = [], set()
    for item in top:
        slug = extension(item, PAGE)
        link = item.get("linkId", "")
        if item.get("type") != "group" or slug is None:
            errors.append(f"Item {link}: a top-level item must be a group with the page extension.")
        elif not PAGE_SLUG.match(str(slug)):
            errors.append(f"Item {link}: the page address {slug!r} uses lowercase words and '-'.")
        elif slug in seen:
            errors.append(f"Item {link}: the page address {slug!r} is used twice.")
        seen.add(slug)
    return errors


def _check_conditions(items: list[tuple[dict, tuple]]) -> list[str]:
    """Unique linkIds; conditions point at an earlier question, with a behaviour when several."""
    errors, earlier = [], {}
    for item, _parents in items:
        link = item.get("linkId", "")
        if link in earlier:
            errors.append(f"Item {link}: the linkId is used more than once.")
        conditions = item.get("enableWhen") or []
        for condition in conditions:
            errors += _check_condition(link, condition, earlier)
        if item.get("enableBehavior") and len(conditions) < 2:
            errors.append(f"Item {link}: enableBehavior is only for two or more conditions.")
        if len(conditions) > 1 and not item.get("enableBehavior"):
            errors.append(f"Item {link}: with several conditions, say all or any (enableBehavior).")
        earlier.setdefault(link, item)
    return errors


def _check_condition(link: str, condition: dict, earlier: dict[str, dict]) -> list[str]:
    """One enableWhen: its question comes before this item, has an answer, and fits."""
    target = condition.get("question")
    if target == link:
        return [f"Item {link}: a condition cannot depend on the item itself."]
    if target not in earlier:
        return [f"Item {link}: the condition depends on {target!r}, which is not an earlier item."]
    if earlier[target].get("type") in ("group", "display"):
        return [f"Item {link}: the condition depends on {target}, which has no answer."]
    coding = condition.get("answerCoding")
    codes = option_codes(earlier[target])
    if coding is not None and codes and str(coding.get("code")) not in codes:
        return [f"Item {link}: {coding.get('code')!r} is not an answer option of {target}."]
    return []


def _check_measures(items: list[tuple[dict, tuple]]) -> list[str]:
    """A measure block holds its measure's items word for word, never conditional or optional."""
    errors = []
    for item, parents in items:
        link = item.get("linkId", "")
        if extension(item, MEASURE) is not None and item.get("type") == "group":
            errors += _check_measure_block(item)
        hidden_by = [p for p in parents if p.get("enableWhen")]
        if extension(item, MEASURE) is not None and (item.get("enableWhen") or hidden_by):
            errors.append(f"Item {link}: a measure cannot be hidden by a condition.")
    return errors


def _check_measure_block(group: dict) -> list[str]:
    """The block is exactly the library's group for its measure; scored items are never
    conditional or optional. Only our hint and message extensions may be added to it."""
    link = group.get("linkId", "")
    measure_id = extension(group, MEASURE)
    if measure_id not in measures.LIBRARY:
        return [f"Item {link}: there is no measure {measure_id!r} in the library."]
    measure = measures.get(measure_id)
    scored = {f"{link}.item_{n}" for n in range(len(measure.items))}
    errors = []
    for child in group.get("item") or []:
        name = child.get("linkId", "")
        if name in scored and child.get("enableWhen"):
            errors.append(f"Item {name}: a {measure.title} item cannot have a condition.")
        if name in scored and child.get("required") is not True:
            errors.append(f"Item {name}: a {measure.title} item must be required.")
    if not errors and _without_presentation(group) != measure.as_items(link):
        errors.append(
            f"Item {link}: the {measure.title} block must be exactly as the measure library "
            "gives it (its words, options, follow-up and credit line)."
        )
    return errors


def _without_presentation(group: dict) -> dict:
    """A measure block without our hint and message extensions, to compare with the library."""
    copied = copy.deepcopy(group)
    for item, _parents in walk(copied.get("item") or []):
        kept = [e for e in item.get("extension") or [] if e.get("url") not in PRESENTATION]
        item.pop("extension", None)
        if kept:
            item["extension"] = kept
    return copied


def _displays(item: dict) -> list[str]:
    """The words of an item's answer options, in order."""
    return [(o.get("valueCoding") or {}).get("display") for o in item.get("answerOption") or []]


def _check_safety(items: list[tuple[dict, tuple]], publishing: bool) -> list[str]:
    """At most one safety question: a required yes/no that no condition hides."""
    marked = [(item, parents) for item, parents in items if extension(item, SAFETY)]
    if len(marked) > 1:
        return ["Only one question can be marked as the safety question."]
    if not marked:
        return [NO_SAFETY] if publishing else []
    item, parents = marked[0]
    link = item.get("linkId", "")
    errors = []
    if item.get("type") != "choice" or set(option_codes(item)) != {"yes", "no"}:
        errors.append(f"Item {link}: the safety question is a choice of yes and no.")
    if item.get("required") is not True:
        errors.append(f"Item {link}: the safety question must be required.")
    if item.get("enableWhen") or any(p.get("enableWhen") for p in parents):
        errors.append(f"Item {link}: the safety question cannot be hidden by a condition.")
    return errors


def is_shared(page: dict) -> bool:
    """True when a couple answers this page once, in the part of the partner who starts."""
    return extension(page, PART) == SHARED


def _check_parts(top: list[dict]) -> list[str]:
    """A couple's form: shared pages ask where to send the other partner's link (one
    required question, on a shared page); safety, consent and what a partner's own pages
    depend on are never shared, so each partner answers them and sees only their own."""
    shared = [page for page in top if is_shared(page)]
    emails = [
        (item, page)
        for page in top
        for item, _p in walk(page.get("item") or [])
        if extension(item, PARTNER_EMAIL)
    ]
    if not shared and not emails:
        return []
    errors = []
    if len(emails) != 1 or not is_shared(emails[0][1]) or emails[0][0].get("required") is not True:
        errors.append(
            "A form with shared pages needs one required partner's email question, "
            "on a shared page."
        )
    if not shared:
        return errors
    for page in shared:
        link = page.get("linkId", "")
        inside = [item for item, _p in walk(page.get("item") or [])]
        if any(extension(i, SAFETY) for i in inside):
            errors.append(f"Item {link}: the safety question is each partner's own, never shared.")
        if any(extension(i, PRACTICE_TEXT) == "consent" for i in inside):
            errors.append(f"Item {link}: each partner gives their own consent; it is never shared.")
    shared_ids = {i.get("linkId") for page in shared for i, _p in walk(page.get("item") or [])}
    for page in top:
        if is_shared(page):
            continue
        for item, _p in walk(page.get("item") or []):
            depends = {c.get("question") for c in item.get("enableWhen") or []}
            if depends & shared_ids:
                errors.append(
                    f"Item {item.get('linkId')}: a partner's own question cannot depend on "
                    "a shared page, which the other partner never sees."
                )
    return errors
