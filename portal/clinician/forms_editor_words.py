"""A question's words in the practice's other languages, typed on its edit page, kept as FHIR.

A translator types a question's text, help and answers in Spanish beside the English, so
nobody edits JSON; they are written as FHIR's translation extension (and our sibling one
for the help text). Translations of words the author left unchanged carry over when a
question is saved, in every language; a changed or removed word loses them, unless typed
again on the page, so the editor's language list names it as lacking.
"""

from __future__ import annotations

from wtforms.validators import StopValidation

from portal.clinician.forms import text as text_field
from portal.questionnaires import coverage, rules, translations

HINT_TRANSLATION = rules.HINT + translations.SUFFIX


def with_languages(form_class: type, codes: list[str]) -> type:
    """The question form with a text, help and answers box for each language in `codes`."""
    fields = {"LANGUAGES": tuple(codes)}
    for code in codes:
        name = coverage.language_name(code)
        fields[f"text_{code}"] = text_field(f"Question in {name} (optional)", 500, area=True)
        fields[f"hint_{code}"] = text_field(f"Help text in {name} (optional)", 1000, area=True)
        answers = text_field(f"Answers in {name} (optional)", 10_000, area=True)
        answers.kwargs["validators"] = [*answers.kwargs["validators"], _same_count]
        fields[f"options_{code}"] = answers
    return type(form_class.__name__, (form_class,), fields)


def with_headings(form_class: type, codes: list[str], what: str = "Page heading") -> type:
    """A heading form (a page's, or the form's title) with a box for each language in `codes`."""
    fields = {"LANGUAGES": tuple(codes), "language_fields": _heading_fields}
    for code in codes:
        label = f"{what} in {coverage.language_name(code)} (optional)"
        fields[f"title_{code}"] = text_field(label, 200 if what == "Form title" else 120)
    return type(form_class.__name__, (form_class,), fields)


def _heading_fields(form) -> list:
    """The heading boxes of the other languages (a method of the heading form)."""
    return [form[f"title_{code}"] for code in form.LANGUAGES]


def headings(form) -> dict[str, str]:
    """The typed heading in each other language: {"es": "Sobre usted"}."""
    return {code: (form[f"title_{code}"].data or "").strip() for code in form.LANGUAGES}


def heading_values(owner: dict, codes: list[str], key: str = "text") -> dict:
    """Heading boxes filled with a page's heading (or the form's title) and translations."""
    found = {f"title_{code}": translations.translation(owner, key, code) or "" for code in codes}
    return {"title": owner.get(key) or "", **found}


def rename(owner: dict, heading: str, typed: dict[str, str], key: str = "text") -> None:
    """Give a page its heading (or the form its title) and translations; a changed one loses
    the translations of languages not typed here."""
    if owner.get(key) != heading:
        owner.pop("_" + key, None)
    owner[key] = heading
    for code, words in typed.items():
        set_words(owner, key, code, words)


def _same_count(form, field) -> None:
    """Translated answers come one for each English answer, in the same order (or none)."""
    typed, english = _lines(field.data), _lines(form.options.data)
    if typed and form.type.data == "choice" and len(typed) != len(english):
        raise StopValidation(
            f"Enter one answer on each line for each of the {len(english)} English answers, "
            f"in the same order (you entered {len(typed)})"
        )


def _lines(text: str | None) -> list[str]:
    """The non-empty lines of a box."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def initial(item: dict, codes: list[str]) -> dict:
    """Each language's boxes filled with the question's translations, for its edit page."""
    options = [o.get("valueCoding") or {} for o in item.get("answerOption") or []]
    data = {}
    for code in codes:
        data[f"text_{code}"] = translations.translation(item, "text", code) or ""
        data[f"hint_{code}"] = translations.translation(item, rules.HINT, code) or ""
        words = [translations.translation(o, "display", code) or "" for o in options]
        data[f"options_{code}"] = "\n".join(words) if any(words) else ""
    return data


def typed(form, codes: list[str]) -> dict[str, dict]:
    """What was typed for each language: {"es": {"text": …, "hint": …, "options": [...]}}."""
    return {
        code: {
            "text": (form[f"text_{code}"].data or "").strip(),
            "hint": (form[f"hint_{code}"].data or "").strip(),
            "options": _lines(form[f"options_{code}"].data),
        }
        for code in codes
    }


def carry(old: dict, new: dict) -> None:
    """Keep the translations of each word the author left as it was (text, help, answers)."""
    if old.get("_text") and old.get("text") == new.get("text"):
        new["_text"] = old["_text"]
    if rules.extension(old, rules.HINT) != rules.extension(new, rules.HINT):
        kept = [e for e in new.get("extension") or [] if e.get("url") != HINT_TRANSLATION]
        _set_list(new, "extension", kept)
    before = {_display(o): o["valueCoding"].get("_display") for o in old.get("answerOption") or []}
    for option in new.get("answerOption") or []:
        element = before.get(_display(option))
        if element:
            option["valueCoding"]["_display"] = element


def write(item: dict, languages: dict[str, dict]) -> None:
    """Write each language's typed words as the item's translations (empty removes one)."""
    for code, words in languages.items():
        set_words(item, "text", code, words["text"])
        if rules.extension(item, rules.HINT):
            set_words(item, rules.HINT, code, words["hint"])
        options = item.get("answerOption") or []
        answers = words["options"] if len(words["options"]) == len(options) else []
        for index, option in enumerate(options):
            set_words(option["valueCoding"], "display", code, answers[index] if answers else "")


def set_words(owner: dict, key: str, lang: str, words: str) -> None:
    """Set (or, with no words, remove) one word's `lang` translation, as FHIR writes it."""
    ours = key in translations.WORDED_EXTENSIONS
    url = key + translations.SUFFIX if ours else translations.TRANSLATION
    holder, name = (owner, "extension") if ours else (owner.setdefault("_" + key, {}), "extension")
    kept = [e for e in holder.get(name) or [] if not _is(e, url, lang)]
    if words:
        parts = [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": words}]
        kept.append({"url": url, "extension": parts})
    _set_list(holder, name, kept)
    if not ours and not owner["_" + key]:
        del owner["_" + key]


def _is(ext: dict, url: str, lang: str) -> bool:
    """True for the `url` translation extension in `lang`."""
    codes = [p.get("valueCode") for p in ext.get("extension") or [] if p.get("url") == "lang"]
    return ext.get("url") == url and lang in codes


def _set_list(holder: dict, name: str, values: list) -> None:
    """Set a list field, leaving none rather than an empty list (FHIR forbids empty arrays)."""
    if values:
        holder[name] = values
    else:
        holder.pop(name, None)


def _display(option: dict) -> str:
    """An answer option's English words."""
    return (option.get("valueCoding") or {}).get("display") or ""
