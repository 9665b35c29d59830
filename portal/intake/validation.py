"""Field checks shared by the intake forms: safe characters, lengths, dates, email and phone."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from wtforms.validators import StopValidation, ValidationError

PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{7,25}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


def max_length(limit: int):
    """Refuse text over `limit` characters, telling the person the limit."""

    def check(form, field) -> None:
        """Stop with the limit message when the text is too long."""
        if isinstance(field.data, str) and len(field.data) > limit:
            raise StopValidation(
                _(
                    "%(question)s must be %(limit)s characters or fewer (you have %(count)s)",
                    question=field.label.text,
                    limit=f"{limit:,}",
                    count=f"{len(field.data):,}",
                )
            )

    check.guards_storage = True  # checked even by "Save and come back later"
    return check


def valid_email(form, field) -> None:
    """A plausible email address (no confirm-email field: we show it back on the check page)."""
    if field.data and not EMAIL_RE.match(field.data.strip()):
        raise ValidationError(
            _("Enter an email address in the correct format, like name@example.com")
        )


def valid_phone(form, field) -> None:
    """A phone number of digits with optional +, spaces, brackets and dashes."""
    value = (field.data or "").strip()
    digits = sum(ch.isdigit() for ch in value)
    if value and (not PHONE_RE.match(value) or not 7 <= digits <= 15):
        raise ValidationError(_("Enter a phone number, like 01632 960 001 or +1 555 013 4222"))


def parse_date(day: str, month: str, year: str) -> tuple[date | None, str]:
    """A real past date from three text parts, or None and a GOV.UK-style message."""
    parts = [(day or "").strip(), (month or "").strip(), (year or "").strip()]
    if not any(parts):
        return None, _("Enter your date of birth")
    if not all(p.isdigit() for p in parts):
        return None, _("Date of birth must be a real date, with numbers for day, month and year")
    if len(parts[2]) != 4:
        return None, _("Year must include 4 numbers")
    try:
        value = date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None, _("Date of birth must be a real date")
    if value >= date.today():
        return None, _("Date of birth must be in the past")
    if value.year < 1900:
        return None, _("Date of birth must be after 1900")
    return value, ""
