"""The form editor's WTForms: a question, a page, a measure to include, a title."""

from __future__ import annotations

from wtforms import BooleanField, SelectField
from wtforms.validators import StopValidation

from portal.clinician import forms_editor_edits as edits
from portal.clinician import forms_editor_languages as languages
from portal.clinician import forms_editor_words as lang_words
from portal.clinician.forms import text as text_field
from portal.clinician.forms_editor_edits import QUESTION_TYPES
from portal.inputs import PortalForm
from portal.intake.forms import Radios, required
from portal.questionnaires import measures, rules

MAX_OPTIONS = 50
OPTION_LIMIT = 200


class TitleForm(PortalForm):
    """A form's title (for a copy, or to rename a draft)."""

    title = text_field("Form title", 200, "Enter a title for the form")


class QuestionForm(PortalForm):
    """One question: its kind, words, help, whether it must be answered, options, condition."""

    type = Radios(
        "Kind of question",
        choices=list(QUESTION_TYPES.items()),
        validators=[required("Select the kind of question")],
    )
    text = text_field("Question", 500, "Enter the question", area=True)
    hint = text_field("Help text (optional)", 1000, area=True)
    required = BooleanField("The client must answer this question")
    options = text_field("Answers to choose from", 10_000, area=True)
    # Our own check below says what to do; SelectField's would say "Not a valid choice".
    condition = SelectField("Show only if", choices=[], validate_choice=False)
    LANGUAGES: tuple[str, ...] = ()  # the other languages whose boxes the page has

    def validate_options(self, field) -> None:
        """A choice needs two to MAX_OPTIONS different answers, one per line."""
        if self.type.data != "choice":
            field.data = ""
            return
        lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) < 2:
            raise StopValidation("Enter at least two answers, one on each line")
        if len(lines) > MAX_OPTIONS:
            raise StopValidation(f"Enter no more than {MAX_OPTIONS} answers")
        if any(len(line) > OPTION_LIMIT for line in lines):
            raise StopValidation(f"Each answer must be {OPTION_LIMIT} characters or fewer")
        if len({line.lower() for line in lines}) < len(lines):
            raise StopValidation("Each answer must be different")

    def validate_condition(self, field) -> None:
        """Only an answer offered in the list (a tampered value is refused, not stored)."""
        if field.data not in {value for value, _words in field.choices}:
            raise StopValidation("Select a question and answer from the list")

    def values(self) -> dict:
        """Plain values for the editing functions."""
        options = [line.strip() for line in (self.options.data or "").splitlines()]
        return {
            "type": self.type.data,
            "text": self.text.data,
            "hint": self.hint.data or "",
            "required": bool(self.required.data),
            "options": [line for line in options if line],
            "condition": self.condition.data or "",
            "translations": lang_words.typed(self, list(self.LANGUAGES)),
        }

    def language_fields(self, code: str | None = None) -> list:
        """The text, help and answers boxes of one other language (None: of them all)."""
        codes = [code] if code else self.LANGUAGES
        return [self[f"{part}_{c}"] for c in codes for part in ("text", "hint", "options")]


class PageForm(PortalForm):
    """A new page: its heading (the page address is made from it)."""

    title = text_field("Page heading", 120, "Enter a heading for the page")


class MeasureForm(PortalForm):
    """A measure from the library, included whole on a page of its own."""

    measure = Radios(
        "Measure",
        choices=[(m.id, m.title) for m in measures.LIBRARY.values()],
        validators=[required("Select a measure to include")],
    )


def question_form(data: dict, item: dict | None, posted: bool) -> QuestionForm:
    """The question form: posted values, or the item's own, with the conditions to pick from."""
    codes = languages.practice_languages()
    kind = lang_words.with_languages(QuestionForm, codes)
    fresh = posted or item is None  # a POST reads what was sent; a GET shows the item
    form = kind() if fresh else kind(data=item_values(item) | lang_words.initial(item, codes))
    own = item.get("linkId") if item else None
    picks = [(v, w) for v, w in edits.condition_choices(data) if v.split("|")[0] != own]
    form.condition.choices = [("", "Always show this question"), *picks]
    return form


def item_values(item: dict) -> dict:
    """The editor's values for an existing question."""
    options = item.get("answerOption") or []
    words = [(o.get("valueCoding") or {}).get("display", "") for o in options]
    return {
        "type": item.get("type"),
        "text": item.get("text", ""),
        "hint": rules.extension(item, rules.HINT) or "",
        "required": bool(item.get("required")),
        "options": "\n".join(words),
        "condition": edits.condition_value(item),
    }


def heading_form(page: dict, posted: bool) -> PageForm:
    """A page's heading form: posted values, or the page's own, with a box per language."""
    codes = languages.practice_languages()
    kind = lang_words.with_headings(PageForm, codes)
    if posted:
        return kind(prefix="page")
    return kind(prefix="page", formdata=None, data=lang_words.heading_values(page, codes))


def title_form(data: dict, posted: bool) -> TitleForm:
    """The form title's form: posted values, or the definition's own, with a box per language."""
    codes = languages.practice_languages()
    kind = lang_words.with_headings(TitleForm, codes, what="Form title")
    if posted:
        return kind(prefix="form")
    values = lang_words.heading_values(data, codes, key="title")
    return kind(prefix="form", formdata=None, data=values)
