"""The languages a definition is offered in, and what it still lacks in each.

A definition declares each language it is offered in besides English with our language
extension at its root, repeated (`{"url": "urn:practice-portal:extension:language",
"valueCode": "es"}`). Publishing refuses a version that lacks a translation of any word
the author translates in a declared language (portal.questionnaires.translations), naming
each; the editor lists the same gaps, and says which included measures the library holds a
validated text of (a page with one that has none is left out in that language).
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from portal.questionnaires import measures, rules, translations

FORM_WORDS = {"title": "title", "purpose": "description of who it is for"}


@dataclass(frozen=True)
class Gap:
    """One question (or the form itself) with words that have no translation yet."""

    link_id: str  # "" for the form's own title and purpose
    page: int  # 1-based page number; 0 for the form itself
    page_text: str
    text: str  # the item's English words
    lacking: tuple[str, ...]  # "question text", "help text", "answer “Yes”", ...
    is_page: bool = False  # the page's own heading, not a question on it


@dataclass(frozen=True)
class MeasureText:
    """An included measure, and whether the library holds a validated text in a language."""

    title: str
    page: int
    page_text: str
    validated: bool


@dataclass(frozen=True)
class Coverage:
    """What one version offers in one language, for the editor's page."""

    lang: str
    name: str
    declared: bool
    gaps: tuple[Gap, ...]
    measures: tuple[MeasureText, ...]

    @property
    def covered(self) -> bool:
        """True when every word the author translates has its text in this language."""
        return not self.gaps

    @property
    def questions(self) -> int:
        """How many questions (not the form's own words) lack a text."""
        return sum(1 for gap in self.gaps if gap.link_id)


def language_name(code: str) -> str:
    """A language's English name ("Spanish"), for the workspace and the rules' sentences."""
    name = Locale.parse(code, sep="-").get_display_name("en") or code
    return name[:1].upper() + name[1:]


def declared(data: dict) -> tuple[str, ...]:
    """The languages the definition says it is offered in besides English, in its order."""
    found = [e.get("valueCode") for e in data.get("extension") or [] if _is_language(e)]
    return tuple(dict.fromkeys(code for code in found if code))


def declare(data: dict, codes: list[str]) -> dict:
    """A copy declaring exactly these languages (other root extensions are kept)."""
    kept = [e for e in data.get("extension") or [] if not _is_language(e)]
    chosen = [{"url": rules.LANGUAGE, "valueCode": code} for code in dict.fromkeys(codes)]
    changed = {key: value for key, value in data.items() if key != "extension"}
    return changed | ({"extension": kept + chosen} if kept + chosen else {})


def _is_language(ext: dict) -> bool:
    """True for one of our language declarations."""
    return isinstance(ext, dict) and ext.get("url") == rules.LANGUAGE


def gaps(data: dict, lang: str) -> list[Gap]:
    """Every question (and the form itself) with words lacking a `lang` text, in form order."""
    own, lacking = {}, {}
    for link, owner, key in translations.untranslated(data, lang):
        words = own if owner is data else lacking.setdefault(link, {})
        words[FORM_WORDS[key] if owner is data else _label(owner, key)] = None  # once each
    found = [Gap("", 0, "", data.get("title") or "", tuple(own))] if own else []
    for item, number, page in _items(data):
        link, heading = item.get("linkId"), page.get("text") or ""
        if lacking.get(link):
            words = tuple(lacking[link])
            found.append(Gap(link, number, heading, _text(item), words, item is page))
    return found


def _items(data: dict):
    """Every item with its page's number and the page group."""
    for number, page in enumerate(data.get("item") or [], start=1):
        for item, _parents in rules.walk([page]):
            yield item, number, page


def _text(item: dict) -> str:
    """An item's English words as the editor names it."""
    return item.get("text") or item.get("linkId") or ""


def _label(owner: dict, key: str) -> str:
    """What a person calls the words that lack a text."""
    if key == "display":
        return f"answer “{owner.get('display')}”"
    if key == rules.HINT:
        return "help text"
    if key == rules.REQUIRED_MESSAGE:
        return "message for a missing answer"
    return {"group": "page heading", "display": "text"}.get(owner.get("type"), "question text")


def measure_texts(data: dict, lang: str) -> list[MeasureText]:
    """Each included measure, and whether the library holds its validated text in `lang`."""
    found = []
    for item, number, page in _items(data):
        measure_id = rules.extension(item, rules.MEASURE)
        if measure_id in measures.LIBRARY:
            measure = measures.get(measure_id)
            validated = lang in measure.languages
            found.append(MeasureText(measure.title, number, page.get("text") or "", validated))
    return found


def coverage(data: dict, lang: str) -> Coverage:
    """What the definition offers in `lang`: declared or not, its gaps, its measures."""
    return Coverage(
        lang,
        language_name(lang),
        lang in declared(data),
        tuple(gaps(data, lang)),
        tuple(measure_texts(data, lang)),
    )


def check(data: dict, publishing: bool = False) -> list[str]:
    """The root's language declarations are sound; publishing, each is fully covered."""
    errors = _check_declarations(data)
    if publishing and not errors:
        for lang in declared(data):
            errors += [_sentence(gap, language_name(lang)) for gap in gaps(data, lang)]
    return errors


def _check_declarations(data: dict) -> list[str]:
    """Only language extensions at the root, each a known code other than English, once."""
    errors, seen = [], set()
    for ext in data.get("extension") or []:
        if not _is_language(ext):
            url = ext.get("url") if isinstance(ext, dict) else ext
            errors.append(f"The form's extension {url!r} is not one this portal knows.")
            continue
        code = ext.get("valueCode")
        if not _known(code) or code == "en":
            errors.append(f"The language {code!r} cannot be declared: use a code such as es.")
        elif code in seen:
            errors.append(f"The form declares the language {code} more than once.")
        seen.add(code)
    return errors


def _known(code) -> bool:
    """True for a language code Babel knows ("es", "pt-BR")."""
    try:
        return bool(code) and Locale.parse(str(code), sep="-") is not None
    except (ValueError, TypeError, UnknownLocaleError):
        return False


def _sentence(gap: Gap, name: str) -> str:
    """A publishing refusal naming the question and each of its words without a text."""
    words = " and ".join(filter(None, [", ".join(gap.lacking[:-1]), gap.lacking[-1]]))
    have = "have" if len(gap.lacking) > 1 else "has"
    where = f"Item {gap.link_id}: “{gap.text}” is" if gap.link_id else "The form is"
    return f"{where} offered in {name}, but its {words} {have} no {name} text."
