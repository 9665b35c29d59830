"""Forms of the clinician workspace: inbox filters, pipeline actions, settings, users, audit."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError

from portal.clinician.csv_export import CHOICES as CSV_CHOICES
from portal.clinician.service import NOTE_LIMIT, STATUS_LABELS
from portal.inputs import PortalForm, parse_date, safe_text
from portal.intake.forms import MultiCheckboxField, Radios
from portal.intake.forms import required as intake_required
from portal.intake.validation import max_length, valid_email
from portal.practice_time import COUNTRIES, is_zone, zone_choices

STATUS_CHOICES = list(STATUS_LABELS.items())


def required(message: str):
    """Refuse an empty or blank value with a message that names the field."""

    def check(form, field) -> None:
        """Stop with the message when the value is empty."""
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            raise StopValidation(message)

    return check


def iso_date(form, field) -> None:
    """Accept an empty value or a real date written YYYY-MM-DD (what a date input sends)."""
    raw = (field.data or "").strip()
    if not raw:
        field.data = ""
        return
    if parse_date(raw) is None:
        raise ValidationError(
            f"{field.label.text} must be a real date between 1900 and 2999, like 2026-03-27"
        )


def unix_newlines(value):
    """Store line breaks as LF: browsers send CR LF, so an unedited save would change the text."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def text(label: str, limit: int, message: str | None = None, area: bool = False):
    """A text field with safe-character and length checks; required when given a message."""
    checks = [safe_text, max_length(limit), required(message) if message else Optional()]
    if area:
        return TextAreaField(label, validators=checks, default="", filters=[unix_newlines])
    return StringField(label, validators=checks, default="")


class WholeNumber(IntegerField):
    """An integer field whose unreadable input counts as missing, so our own message shows."""

    def process_formdata(self, valuelist) -> None:
        """Treat text that is not a whole number as no answer."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


def whole(label: str, low: int, high: int, unit: str) -> WholeNumber:
    """A required whole number in a range, with one clear message for every way it can be wrong."""
    message = f"{label} must be a whole number from {low} to {high} {unit}"
    return WholeNumber(label, validators=[NumberRange(low, high, message)])


class GetForm(PortalForm):
    """A filter form read from the query string: no CSRF, nothing changes."""

    class Meta:
        csrf = False


class InboxFilterForm(PortalForm):
    """Search and filters above the inbox table (POSTed with CSRF, so no search is in a URL)."""

    q = StringField("Search by name, email or reference", validators=[Optional()])
    status = SelectField("Status", choices=[("", "Any status"), *STATUS_CHOICES], default="")
    urgent = BooleanField("Urgent only")
    mine = BooleanField("Assigned to me")


class StatusForm(PortalForm):
    """Move an intake along the pipeline."""

    status = SelectField("Status", choices=STATUS_CHOICES)


class AssignForm(PortalForm):
    """Give an intake to a clinician."""

    assignee = SelectField("Assigned clinician", choices=[], validate_choice=True)


class FollowUpForm(PortalForm):
    """Set or clear the date to follow up."""

    follow_up_on = StringField("Follow-up date", validators=[iso_date])


class NoteForm(PortalForm):
    """An internal note, never shown to the client."""

    body = text("Add an internal note", NOTE_LIMIT, "Enter the note", area=True)


class ExportFieldsForm(PortalForm):
    """Which columns the CSV of the selected enquiries has; `next` returns here after signing in."""

    ids = HiddenField()
    next = HiddenField()
    fields = MultiCheckboxField(
        "Columns to include",
        choices=list(CSV_CHOICES),
        validators=[intake_required("Select at least one column to include")],
    )


class DeleteForm(PortalForm):
    """Confirm deleting an intake; `next` brings the person back after signing in again."""

    next = HiddenField()


def lines(label: str, limit: int = 2000):
    """A textarea holding one item per line."""
    checks = [safe_text, max_length(limit)]
    return TextAreaField(label, validators=checks, default="", filters=[unix_newlines])


def zone_from_list(form, field) -> None:
    """Refuse a zone name that is not in the list (a typed or stale value saves nothing)."""
    if not is_zone(field.data):
        raise StopValidation("Choose a time zone from the list, like America/New York")


class SettingsForm(PortalForm):
    """The practice profile and intake policy the owner edits."""

    name = text("Practice name", 120, "Enter the practice name")
    clinicians_shown = text("Clinicians shown on the public pages", 240)
    address = text("Address", 400, area=True)
    phone = text("Phone number", 40)
    email = StringField("Email address", validators=[Optional(), valid_email, max_length(254)])
    website = text("Website", 300)
    help_preset = Radios(
        "Urgent-help numbers",
        choices=[("US", "United States"), ("UK", "United Kingdom"), ("custom", "Our own list")],
        validators=[required("Choose which urgent-help numbers to show")],
    )
    custom_help = lines("Our own urgent-help numbers")
    custom_help_es = lines("The same numbers in Spanish (optional)")
    country = Radios(
        "Country",
        choices=COUNTRIES,
        validators=[required("Choose the country the practice works in")],
    )
    time_zone = SelectField(
        "Time zone",
        choices=zone_choices,
        validate_choice=False,
        validators=[zone_from_list],
    )
    service_areas = lines("Service areas")
    reply_days = whole("Reply window (working days)", 1, 30, "working days")
    accepting = Radios(
        "New clients",
        choices=[("accepting", "We are accepting new clients"), ("waitlist", "We have a waitlist")],
        validators=[required("Choose whether you are accepting new clients")],
    )
    client_years = whole("Keep client records for (years)", 1, 30, "years")
    prospect_days = whole("Keep enquiries that did not go ahead for (days)", 7, 3650, "days")
    draft_days = whole("Keep unfinished intakes for (days)", 1, 90, "days")
    quarantine_days = whole("Keep suspected spam for (days)", 1, 90, "days")
    consent_text = text("Consent statement", 5000, "Enter the consent statement", area=True)
    privacy_text = text("Privacy notice", 10000, "Enter the privacy notice", area=True)
    consent_text_es = text("Consent statement in Spanish (optional)", 5000, area=True)
    privacy_text_es = text("Privacy notice in Spanish (optional)", 10000, area=True)

    def validate_custom_help(self, field) -> None:
        """An own list needs at least one line written "Name | number | note"."""
        if self.help_preset.data == "custom" and not parse_help_lines(field.data):
            raise ValidationError(
                "Enter at least one urgent-help line, like: Crisis team | 0300 123 456 | any time"
            )


def parse_help_lines(raw: str) -> list[dict]:
    """Turn "Name | number | note" lines into urgent-help entries (blank lines skipped)."""
    entries = []
    for line in (raw or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 2 and parts[0] and parts[1]:
            entries.append({"label": parts[0], "number": parts[1], "note": " | ".join(parts[2:])})
    return entries


class LogoForm(PortalForm):
    """Upload the practice logo."""

    logo = FileField("Logo image (PNG or JPEG, up to 1 MB)")


class UserForm(PortalForm):
    """Add a staff account."""

    email = StringField(
        "Email address", validators=[required("Enter an email address"), valid_email]
    )
    display_name = text("Name shown in the workspace", 120, "Enter their name")
    role = Radios(
        "Role",
        choices=[("clinician", "Clinician"), ("owner", "Owner")],
        default="clinician",
        validators=[required("Choose a role")],
    )
    password = StringField(
        "First password (they should change it)",
        validators=[required("Enter a first password of at least 12 characters")],
    )
    require_totp = BooleanField("Require a second factor (authenticator app)")


class PracticeSecurityForm(PortalForm):
    """Practice-wide access rules."""

    assigned_only = BooleanField("Clinicians see only the intakes assigned to them")
    require_totp = BooleanField("Every staff account must use a second factor")


class AuditFilterForm(GetForm):
    """Filter the audit log by user, action and date."""

    user = SelectField("User", choices=[], default="")
    action = SelectField("Action", choices=[], default="")
    date_from = StringField("From date", validators=[iso_date])
    date_to = StringField("To date", validators=[iso_date])
