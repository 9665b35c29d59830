"""The parts every intake page form is built from (portal/questionnaires/render.py builds
each page of a definition with them), the check page's form and the resume-email form."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from portal.inputs import PortalForm, safe_text
from portal.intake import measures
from portal.intake.validation import max_length, valid_email, valid_phone

SHORT = 120  # a short answer's limit when the definition gives no maxLength


def required(message: str):
    """Refuse an empty or blank answer with a GOV.UK-style message."""

    def check(form, field) -> None:
        """Stop with the message when the answer is empty."""
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()) or data == []:
            raise StopValidation(message)

    return check


def ticked(message: str):
    """Refuse an unticked box: `required` alone accepts False (an unticked BooleanField)."""

    def check(form, field) -> None:
        """Stop with the message unless the box was ticked."""
        if field.data is not True:
            raise StopValidation(message)

    return check


def text(label: str, limit: int = SHORT, message: str | None = None, area: bool = False):
    """A text field with safe-character and length checks; required when given a message."""
    checks = [safe_text, max_length(limit)] + (
        [required(message)] if message is not None else [Optional()]
    )
    return (TextAreaField if area else StringField)(label, validators=checks, default="")


class Radios(RadioField):
    """Radios whose missing or unknown answer gets the question's own message, never WTForms'."""

    def __init__(self, *args, **kwargs) -> None:
        """A normal RadioField that reports its type as one."""
        super().__init__(*args, **kwargs)
        self.type = "RadioField"  # the form macros link errors to the first radio by this type

    def process_formdata(self, valuelist) -> None:
        """A value that cannot be coerced counts as no answer."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None

    def pre_validate(self, form) -> None:
        """An answer that is not one of the choices counts as none (the required check names it)."""
        if self.data not in [self.coerce(choice.value) for choice in self.iter_choices()]:
            self.data = None


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for "select all that apply"."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        """Drop values that are not choices (a tampered form), keeping the real ones."""
        allowed = {value for value, *_rest in self.iter_choices()}
        self.data = [value for value in (self.data or []) if value in allowed]


class IntakeForm(PortalForm):
    """Every intake page: a honeypot field that people never see; fields map to one section."""

    website = StringField(_l("Leave this field blank"), default="")
    FIELDS: tuple[str, ...] = ()

    def dump(self) -> dict:
        """The answers section from the validated fields."""
        return {name: self[name].data for name in self.FIELDS}

    def dump_partial(self) -> dict:
        """What is on the page as typed, for "Save and come back later" (nothing validated).

        Choices that are not on the list (a tampered form) are dropped, like a full save does.
        """
        for name in self.FIELDS:
            try:
                self[name].pre_validate(self)
            except ValueError:
                self[name].data = None
        return {name: self[name].data for name in self.FIELDS}

    def storage_errors(self) -> bool:
        """Run only the checks that stop a value being stored; True when one failed."""
        failed = False
        for field in self:
            field.errors = []
            for check in field.validators:
                if getattr(check, "guards_storage", False):
                    try:
                        check(self, field)
                    except (StopValidation, ValueError) as exc:
                        field.errors = [str(exc)]
                        failed = True
                        break
        return failed

    @classmethod
    def load(cls, section: dict) -> dict:
        """Form data from a stored section, to show answers again."""
        return {name: section[name] for name in cls.FIELDS if name in section}

    @classmethod
    def answer_keys(cls) -> set[str]:
        """Every answers key the page writes (pages may share a section)."""
        return set(cls.FIELDS)

    @classmethod
    def answer_keys_of(cls, name: str) -> set[str]:
        """The answers keys one question writes."""
        return {name}


def valid_email_into(field) -> None:
    """Run the email format check, recording its message on the field."""
    _collect(field, valid_email)


def valid_phone_into(field, method: str | None) -> None:
    """Check the phone format; a phone or text contact needs a number."""
    if method in ("phone", "text") and not (field.data or "").strip():
        field.errors = [_("Enter a phone number, or choose email as the way to contact you")]
        return
    _collect(field, valid_phone)


def _collect(field, check) -> None:
    """Call a field check and keep its message like WTForms does."""
    try:
        check(None, field)
    except ValueError as exc:
        field.errors = [str(exc)]


def needed_after_a_problem(message: str):
    """Require the difficulty answer only when some item is above "Not at all" (as published)."""

    def check(form, field) -> None:
        """Stop with the message when a problem was chosen; otherwise the answer is optional."""
        items = [form[f"item_{i}"].data for i in range(form.ITEM_COUNT)]
        if field.data is None and measures.any_problem(items):
            raise StopValidation(message)
        if field.data is None:
            field.errors = []
            raise StopValidation()

    return check


class QuestionnaireForm(IntakeForm):
    """A measure's page: items stored as a list of ints, plus its difficulty question."""

    ITEM_COUNT = 0
    STEM = ""
    FIELDS = ("items",)

    def dump(self) -> dict:
        """{"items": [...], "difficulty": ...}; no difficulty where the page does not ask it."""
        items = [self[f"item_{i}"].data for i in range(self.ITEM_COUNT)]
        asked = "difficulty" in self
        return {"items": items, "difficulty": self["difficulty"].data if asked else None}

    def dump_partial(self) -> dict:
        """The answers chosen so far; an unanswered item is None."""
        for field in self:
            if field.name.startswith("item_") or field.name == "difficulty":
                field.pre_validate(self)
        return self.dump()

    @classmethod
    def answer_keys(cls) -> set[str]:
        """The items list and the follow-up answer."""
        return {"items", "difficulty"}

    @classmethod
    def load(cls, section: dict) -> dict:
        """Form data from the stored items (None: not answered yet)."""
        items = enumerate(section.get("items") or [])
        data = {f"item_{i}": v for i, v in items if v is not None}
        if section.get("difficulty"):
            data["difficulty"] = section["difficulty"]
        return data


class CheckForm(IntakeForm):
    """The final submit: a submission id for idempotency and the signed start time."""

    submission_id = HiddenField()
    started = HiddenField()


class StartForm(PortalForm):
    """Which of the practice's forms to fill in (the start page offers several)."""

    form = Radios(
        _l("Which form would you like to fill in?"),
        choices=[],
        validators=[required(_l("Select the form you would like to fill in"))],
    )


class ResumeEmailForm(PortalForm):
    """Where to email the resume link (used once, never stored)."""

    email = text(_l("Email address"), 254, _l("Enter your email address"))

    def validate(self, extra_validators=None) -> bool:
        """Field checks plus the email format."""
        ok = super().validate(extra_validators)
        self.email.errors or valid_email_into(self.email)
        return ok and not self.email.errors
