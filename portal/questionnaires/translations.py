"""A definition's own translations: FHIR's translation extension on its words.

Each word a client reads can carry its translations beside it, as FHIR R4 writes them on a
primitive: `"text": "Full name"` with
`"_text": {"extension": [{"url": TRANSLATION, "extension": [{"url": "lang", "valueCode":
"es"}, {"url": "content", "valueString": "Nombre completo"}]}]}`. The same goes for the
form's `title` and `purpose` and an option's `display`. FHIR gives an extension's value no
such element, so a hint or a required message is translated by a sibling extension of ours,
`<its url>-translation`, holding the same `lang` and `content` parts. A measure's words are
never the author's to translate: its block is offered in a language only when the measure
library holds a validated text in it.
"""

from __future__ import annotations

import copy

from portal.questionnaires import measures, rules

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
TOP_WORDS = ("title", "purpose")
WORDED_EXTENSIONS = (rules.HINT, rules.REQUIRED_MESSAGE)
SUFFIX = "-translation"  # our worded extensions' translations: <url>-translation


def _parts(ext: dict) -> tuple[str | None, str | None]:
    """The language code and words of one translation extension."""
    parts = {part.get("url"): part for part in ext.get("extension") or []}
    return (parts.get("lang") or {}).get("valueCode"), (parts.get("content") or {}).get(
        "valueString"
    )


def _translations(owner: dict, key: str) -> list[dict]:
    """The translation extensions of a word: `_key` for a field, a sibling for ours."""
    if key in WORDED_EXTENSIONS:
        return [e for e in owner.get("extension") or [] if e.get("url") == key + SUFFIX]
    element = owner.get("_" + key) or {}
    return [e for e in element.get("extension") or [] if e.get("url") == TRANSLATION]


def words(owner: dict, key: str) -> str:
    """The English words of a field or of one of our worded extensions."""
    if key in WORDED_EXTENSIONS:
        return rules.extension(owner, key) or ""
    return owner.get(key) or ""


def translation(owner: dict, key: str, lang: str) -> str | None:
    """The `lang` translation of a word (None when it has none)."""
    for ext in _translations(owner, key):
        code, content = _parts(ext)
        if code == lang:
            return content
    return None


def _worded(item: dict):
    """Every (owner, key) of an item whose words a client reads."""
    if item.get("text"):
        yield item, "text"
    for option in item.get("answerOption") or []:
        yield option.get("valueCoding") or {}, "display"
    for url in WORDED_EXTENSIONS:
        if rules.extension(item, url):
            yield item, url


def _words(data: dict):
    """Every (owner, key, linkId) the author translates: in a measure's block only our hint
    and message extensions, as its own words come from the measure library."""
    for key in TOP_WORDS:
        if data.get(key):
            yield data, key, key
    for item, parents in rules.walk(data.get("item") or []):
        in_measure = _in_measure(item, parents)
        for owner, key in _worded(item):
            if not in_measure or key in WORDED_EXTENSIONS:
                yield owner, key, item.get("linkId", "")


def _in_measure(item: dict, parents: tuple) -> bool:
    """True for a measure's block and everything in it."""
    return any(rules.extension(i, rules.MEASURE) for i in (*parents, item))


def missing(data: dict, lang: str) -> list[str]:
    """The linkIds (or top-level fields) with words that have no `lang` translation."""
    return list(
        dict.fromkeys(
            link for owner, key, link in _words(data) if not translation(owner, key, lang)
        )
    )


def covers(data: dict, lang: str) -> bool:
    """True when every word a client reads has its `lang` translation."""
    return lang == "en" or not missing(data, lang)


def localized(data: dict, lang: str) -> dict:
    """The definition with its words in `lang` where translated; a page holding a measure
    with no validated text in `lang` is left out, never translated ad hoc."""
    if lang == "en":
        return data
    copied = copy.deepcopy(data)
    copied["item"] = [page for page in copied.get("item") or [] if _measure_offered(page, lang)]
    for item, _parents in list(rules.walk(copied["item"])):
        if rules.extension(item, rules.MEASURE):
            _measure_words(item, lang)
    for owner, key, _link in list(_words(copied)):
        found = translation(owner, key, lang)
        if found and key in WORDED_EXTENSIONS:
            next(e for e in owner["extension"] if e.get("url") == key)["valueString"] = found
        elif found:
            owner[key] = found
    return copied


def _measure_words(block: dict, lang: str) -> None:
    """Give a measure's block the library's validated words in `lang`; a part the library
    holds no words for in `lang` (a follow-up) is left out rather than shown in English."""
    measure = measures.get(rules.extension(block, rules.MEASURE)).in_language(lang)
    published = {i["linkId"]: i for i, _p in rules.walk([measure.as_items(block["linkId"])])}
    block["item"] = [child for child in block.get("item") or [] if child["linkId"] in published]
    for item, _parents in rules.walk([block]):
        source = published.get(item["linkId"], {})
        if "text" in source:
            item["text"] = source["text"]
        for option, words in zip(
            item.get("answerOption") or [], source.get("answerOption") or [], strict=False
        ):
            option["valueCoding"]["display"] = words["valueCoding"]["display"]


def _measure_offered(page: dict, lang: str) -> bool:
    """False when the page holds a measure block whose measure has no text in `lang`."""
    for item, _parents in rules.walk(page.get("item") or []):
        measure_id = rules.extension(item, rules.MEASURE)
        if measure_id and lang not in measures.get(measure_id).languages:
            return False
    return True


def check(data: dict) -> list[str]:
    """Each translation has a language code and its words, and translates a word there."""
    errors = []
    for owner, key, link in _words(data):
        for ext in _translations(owner, key):
            code, content = _parts(ext)
            if not code or not str(content or "").strip():
                errors.append(f"Item {link}: a translation needs a language code and its words.")
    for item, _parents in rules.walk(data.get("item") or []):
        for ext in item.get("extension") or []:
            url = str(ext.get("url") or "")
            if url.endswith(SUFFIX) and not rules.extension(item, url.removesuffix(SUFFIX)):
                errors.append(f"Item {item.get('linkId')}: {url} translates nothing here.")
    return errors


def untranslated(data: dict, lang: str) -> list[tuple[str, dict, str]]:
    """Each (linkId, owner, key) the author translates that lacks `lang`: the editor's list."""
    return [(link, o, key) for o, key, link in _words(data) if not translation(o, key, lang)]


def entries(data: dict) -> set[tuple[str, str, str, str]]:
    """Every translation a definition holds, as (linkId, word, language, words)."""
    from portal.questionnaires.coverage import declared  # coverage builds on this module

    found = {("", "language", code, "") for code in declared(data)}
    for owner, key, link in _words(data):
        for ext in _translations(owner, key):
            code, content = _parts(ext)
            found.add((link, key, code or "", content or ""))
    return found


def stripped(data: dict) -> dict:
    """The definition without its translations or the languages it declares: what it says
    in English, to compare."""
    copied = copy.deepcopy(data)
    if "extension" in copied:
        copied["extension"] = [e for e in copied["extension"] if e.get("url") != rules.LANGUAGE]
    for owner, key, _link in list(_words(copied)):
        if key in WORDED_EXTENSIONS:
            owner["extension"] = [e for e in owner["extension"] if e.get("url") != key + SUFFIX]
        elif "_" + key in owner:
            kept = [
                e for e in owner["_" + key].get("extension") or [] if e.get("url") != TRANSLATION
            ]
            owner["_" + key] = {**owner["_" + key], "extension": kept}
            if kept == [] and len(owner["_" + key]) == 1:
                del owner["_" + key]
    return copied


def only_adds(old: dict, new: dict) -> bool:
    """True when `new` says the same in English as `old` and keeps every translation of it,
    adding at least one: a built-in update a practice can take without reading it again."""
    same = {**stripped(old), "version": "", "status": ""} == {
        **stripped(new),
        "version": "",
        "status": "",
    }
    return same and entries(old) < entries(new)


def set_translation(owner: dict, key: str, lang: str, content: str) -> None:
    """Give a word its `lang` translation, replacing an earlier one, as FHIR writes it."""
    parts = [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": content}]
    if key in WORDED_EXTENSIONS:
        holder, url = owner.setdefault("extension", []), key + SUFFIX
    else:
        holder, url = owner.setdefault("_" + key, {}).setdefault("extension", []), TRANSLATION
    holder[:] = [e for e in holder if not (e.get("url") == url and _parts(e)[0] == lang)]
    holder.append({"url": url, "extension": parts})
