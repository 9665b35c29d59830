"""The words a client read in another language, for staff: each question and chosen option
as the answered version's translations gave them, or a measure's own validated text."""

from __future__ import annotations

import re

from portal.questionnaires import rules, translations
from portal.questionnaires.measures import get as get_measure

ITEM = re.compile(r"^item_(\d+)$")
TYPED = ("string", "text")  # answers that are the client's own words


def row(step, name: str, item: dict, value, lang: str) -> dict:
    """What the client read for one question in `lang`: the question (None when no words in
    that language are known), the words of the option they chose, and whether the answer is
    their own typed words."""
    if step.measure:
        asked, options = _measure_words(step.measure, name, lang)
    else:
        asked, options = _item_words(item, lang)
    typed = item["type"] in TYPED and not rules.extension(item, rules.OPTIONS_FROM)
    return {
        "lang": lang,
        "asked": asked,
        "said": _chosen(item, value, options),
        "typed": typed and bool(str(value or "").strip()),
        "not_asked": bool(step.measure) and _follow_up_not_asked(step.measure, name, lang),
    }


def _follow_up_not_asked(measure_id: str, name: str, lang: str) -> bool:
    """True for a measure's follow-up that `lang` leaves out (no checked words for it)."""
    measure = get_measure(measure_id)
    follow_up = measure.follow_up
    asked_there = lang in measure.languages and measure.in_language(lang).follow_up is not None
    return follow_up is not None and name == follow_up.key and not asked_there


def _item_words(item: dict, lang: str) -> tuple[str | None, dict[str, str]]:
    """A form question's words in `lang` and its options' words by code, from the definition."""
    options = {}
    for option in item.get("answerOption") or []:
        coding = option.get("valueCoding") or {}
        words = translations.translation(coding, "display", lang)
        if words:
            options[str(coding.get("code"))] = words
    return translations.translation(item, "text", lang), options


def _measure_words(measure_id: str, name: str, lang: str) -> tuple[str | None, dict[str, str]]:
    """A measure question's words in `lang` from its validated text (none when it has none)."""
    measure = get_measure(measure_id)
    if lang not in measure.languages:
        return None, {}
    text = measure.in_language(lang)
    match = ITEM.match(name)
    if match and int(match.group(1)) < len(text.items):
        return text.items[int(match.group(1))], {str(v): words for v, words in text.options}
    if text.follow_up is not None and name == text.follow_up.key:
        return text.follow_up.text, dict(text.follow_up.options)
    return None, {}


def _chosen(item: dict, value, options: dict[str, str]) -> str | None:
    """The words of the option(s) chosen, as read (None for no choice or a word not known)."""
    if item["type"] != "choice" or rules.extension(item, rules.OPTIONS_FROM):
        return None
    chosen = [v for v in (value if item.get("repeats") else [value]) or [] if v not in (None, "")]
    words = [options.get(str(v)) for v in chosen]
    return ", ".join(words) if words and all(words) else None
