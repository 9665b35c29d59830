"""Pinned copy of the hand-written intake page forms (one per page), as they were on main."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from bench.reference_intake import choices as c
from portal.inputs import safe_text
from portal.intake import measures
from portal.intake.validation import max_length, parse_date, valid_email, valid_phone

SHORT, MEDIUM, LONG = 120, 500, 10_000
DOB_BOXES = ("dob_day", "dob_month", "dob_year")


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
    checks = [safe_text, max_length(limit)] + ([required(message)] if message else [Optional()])
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


def radio(label: str, options, message: str, coerce=str):
    """A required set of radios."""
    return Radios(label, choices=list(options), coerce=coerce, validators=[required(message)])


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for "select all that apply"."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        """Drop values that are not choices (a tampered form), keeping the real ones."""
        allowed = {value for value, *_rest in self.iter_choices()}
        self.data = [value for value in (self.data or []) if value in allowed]


class IntakeForm(FlaskForm):
    """Every intake page: a honeypot field that people never see; fields map to one section."""

    website = StringField("Leave this field blank", default="")
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


class AgeForm(IntakeForm):
    """Eligibility: old enough for this practice."""

    age_ok = radio("Are you 18 or older?", c.YES_NO, "Select yes if you are 18 or older")
    FIELDS = ("age_ok",)


class AreaForm(IntakeForm):
    """Eligibility: lives where the practice can see clients (choices set by the view)."""

    area = Radios("Where do you live?", choices=[], validators=[required("Select where you live")])
    FIELDS = ("area",)


class SafetyForm(IntakeForm):
    """The direct safety question, asked before anything personal."""

    safety_risk = radio(
        "Are you thinking about ending your life or harming yourself?",
        c.YES_NO,
        "Select yes if you are thinking about ending your life or harming yourself",
    )
    FIELDS = ("safety_risk",)


class AboutForm(IntakeForm):
    """Name, date of birth, contact details and how it is safe to contact the person."""

    full_name = text("Full name", SHORT, "Enter your full name")
    preferred_name = text("Preferred name (optional)")
    pronouns = text("Pronouns (optional)", 40)
    dob_day = StringField("Day", validators=[safe_text, max_length(2)], default="")
    dob_month = StringField("Month", validators=[safe_text, max_length(2)], default="")
    dob_year = StringField("Year", validators=[safe_text, max_length(4)], default="")
    email = text("Email address", 254, "Enter your email address")
    phone = text("Phone number (optional unless we should phone or text you)", 30)
    contact_method = radio(
        "How should we contact you?", c.CONTACT_METHODS, "Select how we should contact you"
    )
    voicemail_ok = radio(
        "Is it safe to leave you a voicemail?",
        c.YES_NO,
        "Select yes if it is safe to leave you a voicemail",
    )
    email_ok = radio(
        "Is it safe to send you email about therapy?",
        c.YES_NO,
        "Select yes if it is safe to send you email",
    )
    region = text("Town, region or postcode", 60, "Enter your town, region or postcode")
    FIELDS = (
        "full_name",
        "preferred_name",
        "pronouns",
        "email",
        "phone",
        "contact_method",
        "voicemail_ok",
        "email_ok",
        "region",
    )

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the date of birth and the phone a phone contact needs."""
        ok = super().validate(extra_validators)
        self.email.errors or valid_email_into(self.email)
        self.phone.errors or valid_phone_into(self.phone, self.contact_method.data)
        if not self.dob_day.errors and not self.dob_month.errors and not self.dob_year.errors:
            self.birth_date, message = parse_date(
                self.dob_day.data, self.dob_month.data, self.dob_year.data
            )
            if message:
                self.dob_day.errors = [message]
        return ok and not any(self[name].errors for name in ("email", "phone", "dob_day"))

    def dump(self) -> dict:
        """The section, with the date of birth as an ISO date."""
        return {**super().dump(), "date_of_birth": self.birth_date.isoformat()}

    def dump_partial(self) -> dict:
        """The page as typed, keeping the three date boxes as they are (maybe not a date yet)."""
        boxes = {name: self[name].data for name in DOB_BOXES}
        return {**super().dump_partial(), **boxes}

    @classmethod
    def load(cls, section: dict) -> dict:
        """Form data, splitting the stored date of birth into its three boxes."""
        data = super().load(section)
        if "date_of_birth" not in section:
            return {**data, **{name: section[name] for name in DOB_BOXES if name in section}}
        year, _, rest = (section.get("date_of_birth") or "").partition("-")
        month, _, day = rest.partition("-")
        return {
            **data,
            "dob_day": day.lstrip("0"),
            "dob_month": month.lstrip("0"),
            "dob_year": year,
        }


def valid_email_into(field) -> None:
    """Run the email format check, recording its message on the field."""
    _collect(field, valid_email)


def valid_phone_into(field, method: str | None) -> None:
    """Check the phone format; a phone or text contact needs a number."""
    if method in ("phone", "text") and not (field.data or "").strip():
        field.errors = ["Enter a phone number, or choose email as the way to contact you"]
        return
    _collect(field, valid_phone)


def _collect(field, check) -> None:
    """Call a field check and keep its message like WTForms does."""
    try:
        check(None, field)
    except ValueError as exc:
        field.errors = [str(exc)]


class ReasonsForm(IntakeForm):
    """What brings the person, in their own words."""

    own_words = text(
        "What brings you to therapy?", LONG, "Tell us what brings you to therapy", area=True
    )
    hopes = text("What do you hope will be different? (optional)", 2000, area=True)
    previous_therapy = radio(
        "Have you had therapy or counselling before?",
        c.YES_NO,
        "Select yes if you have had therapy or counselling before",
    )
    previous_detail = text("Tell us about it (optional)", 2000, area=True)
    medication = text("Medication you take for your mental health (optional)", MEDIUM, area=True)
    other_providers = text("Other professionals helping you now (optional)", MEDIUM, area=True)
    FIELDS = (
        "own_words",
        "hopes",
        "previous_therapy",
        "previous_detail",
        "medication",
        "other_providers",
    )


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


def _items_form(name: str, stem: str, items: tuple[str, ...], difficulty: str):
    """A questionnaire form class: one required 0-3 radio set per item, then the difficulty."""
    attrs = {
        f"item_{i}": radio(label, measures.FREQUENCY, f"Select an answer for: {label}", coerce=int)
        for i, label in enumerate(items)
    }
    attrs["difficulty"] = Radios(
        difficulty,
        choices=list(measures.DIFFICULTY),
        validators=[needed_after_a_problem("Select how difficult these problems have made things")],
    )
    return type(name, (QuestionnaireForm,), {**attrs, "ITEM_COUNT": len(items), "STEM": stem})


class QuestionnaireForm(IntakeForm):
    """PHQ-9 or GAD-7: items stored as a list of ints, plus each one's difficulty question."""

    ITEM_COUNT = 0
    STEM = ""
    FIELDS = ("items",)

    def dump(self) -> dict:
        """{"items": [...], "difficulty": ...}."""
        items = [self[f"item_{i}"].data for i in range(self.ITEM_COUNT)]
        return {"items": items, "difficulty": self["difficulty"].data}

    def dump_partial(self) -> dict:
        """The answers chosen so far; an unanswered item is None."""
        for field in self:
            if field.name.startswith("item_") or field.name == "difficulty":
                field.pre_validate(self)
        return self.dump()

    @classmethod
    def load(cls, section: dict) -> dict:
        """Form data from the stored items (None: not answered yet)."""
        items = enumerate(section.get("items") or [])
        data = {f"item_{i}": v for i, v in items if v is not None}
        if section.get("difficulty"):
            data["difficulty"] = section["difficulty"]
        return data


Phq9Form = _items_form(
    "Phq9Form", measures.PHQ9_STEM, measures.PHQ9_ITEMS, measures.PHQ9_DIFFICULTY
)
Gad7Form = _items_form(
    "Gad7Form", measures.GAD7_STEM, measures.GAD7_ITEMS, measures.GAD7_DIFFICULTY
)


class PracticalForm(IntakeForm):
    """How and when the person can come, payment, and how they heard of the practice."""

    mode = radio(
        "Would you like to meet in person or online?", c.MODES, "Select in person, online or either"
    )
    availability = MultiCheckboxField(
        "When could you come?",
        choices=list(c.AVAILABILITY),
        validators=[required("Select at least one time you could come")],
    )
    payment = radio("How will you pay?", c.PAYMENT, "Select how you will pay")
    insurer = text("Insurance company (optional)", SHORT)
    member_number = text("Member number (optional)", 60)
    heard_from = radio("How did you hear about us?", c.HEARD_FROM, "Select how you heard about us")
    FIELDS = ("mode", "availability", "payment", "insurer", "member_number", "heard_from")


class ConsentForm(IntakeForm):
    """Agreement to the consent text shown, and the full name typed as a signature."""

    agreed = BooleanField(
        "I have read the statement above and I agree",
        validators=[ticked("Select the box to confirm you agree before you continue")],
    )
    typed_name = text("Type your full name to sign", SHORT, "Type your full name to sign")
    text_sha256 = HiddenField()
    FIELDS = ("agreed", "typed_name")

    def dump(self) -> dict:
        """Agreement as a boolean and the typed name."""
        return {"agreed": bool(self.agreed.data), "typed_name": self.typed_name.data}

    def dump_partial(self) -> dict:
        """The box and the name as they are on the page."""
        return self.dump()


class CheckForm(IntakeForm):
    """The final submit: a submission id for idempotency and the signed start time."""

    submission_id = HiddenField()
    started = HiddenField()


class ResumeEmailForm(FlaskForm):
    """Where to email the resume link (used once, never stored)."""

    email = text("Email address", 254, "Enter your email address")

    def validate(self, extra_validators=None) -> bool:
        """Field checks plus the email format."""
        ok = super().validate(extra_validators)
        self.email.errors or valid_email_into(self.email)
        return ok and not self.email.errors
