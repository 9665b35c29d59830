"""Range-checked route and query values, so odd input is a 404 or a friendly 400, never a 500.

Python integers are unbounded but database integers are not: an id such as 10**23 makes
SQLite raise OverflowError and PostgreSQL NumericValueOutOfRange. Dates near year 9999 overflow
as soon as a day is added. Every id, page number and date a request supplies goes through here.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Flask, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter
from wtforms import HiddenField, StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import StopValidation

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER; SQLite's 64-bit integers hold it too
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2999, 12, 31)
DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() accepts "²", which int() refuses
ALLOWED_CONTROLS = {"\t", "\n", "\r"}


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` that matches only 1…MAX_ID by default, so a huge id is a plain 404."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False) -> None:  # noqa: A002
        """The werkzeug converter with a lower and upper bound filled in."""
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Make every `<int:…>` route argument bounded (before any blueprint adds its rules)."""
    app.url_map.converters["int"] = BoundedIntConverter


def parse_int(raw: str | None, default: int | None = None, maximum: int = MAX_ID) -> int | None:
    """A whole number 1…maximum written in ASCII digits, else the default."""
    text = (raw or "").strip()  # str.strip also drops \x1c-\x1f, which int() refuses
    if not DIGITS.fullmatch(text):
        return default
    value = int(text)
    return value if 1 <= value <= maximum else default


def text_arg(name: str, limit: int) -> str:
    """A query-string or form value, cut to `limit` and stripped, minus unstorable characters."""
    return without_bad_characters(request.values.get(name, "")[:limit]).strip()


def text_values(name: str) -> list[str]:
    """A field's values (ids, slugs), skipping any no stored row could match (a NUL, say)."""
    return [value for value in request.values.getlist(name) if not has_bad_characters(value)]


def int_arg(name: str, default: int | None = None, maximum: int = MAX_ID) -> int | None:
    """A query-string or form value parsed by parse_int."""
    return parse_int(request.values.get(name), default, maximum)


def parse_date(raw: str | None) -> date | None:
    """A YYYY-MM-DD date between 1900 and 2999, else None."""
    try:
        value = date.fromisoformat((raw or "").strip())
    except ValueError:
        return None
    return value if MIN_DATE <= value <= MAX_DATE else None


def has_bad_characters(value: str) -> bool:
    """True for NUL and other control characters or lone surrogates (databases refuse them)."""
    return any(
        (ord(ch) < 32 and ch not in ALLOWED_CONTROLS) or 0xD800 <= ord(ch) <= 0xDFFF or ch == "\x7f"
        for ch in value
    )


def safe_text(form, field) -> None:
    """Refuse characters that cannot be stored, with a message saying what to do."""
    if isinstance(field.data, str) and has_bad_characters(field.data):
        raise StopValidation(
            _(
                "%(question)s contains a character we cannot store. "
                "Remove any unusual symbols and try again.",
                question=field.label.text,
            )
        )


safe_text.guards_storage = True  # checked even by "Save and come back later"


def without_bad_characters(value):
    """A hidden value minus what cannot be stored: nobody typed it, so there is no one to ask."""
    if not (isinstance(value, str) and has_bad_characters(value)):
        return value
    return "".join(ch for ch in value if not has_bad_characters(ch))


class PortalForm(FlaskForm):
    """Every form of the portal: no text field lets an unstorable character through.

    PostgreSQL raises on a NUL byte in any query parameter, so a field that is only ever
    looked up (a sign-in email) needs the check as much as one that is stored. Fields a
    person types refuse it with a message; hidden fields drop it.
    """

    class Meta(FlaskForm.Meta):
        """Binds the character check into every text field."""

        def bind_field(self, form, unbound_field, options):
            """The field with the check added, unless it already has it."""
            if issubclass(unbound_field.field_class, HiddenField):
                unbound_field = with_first(unbound_field, "filters", without_bad_characters)
            elif issubclass(unbound_field.field_class, StringField):
                unbound_field = with_first(unbound_field, "validators", safe_text)
            return super().bind_field(form, unbound_field, options)


ARG_INDEX = {"validators": 1, "filters": 2}  # Field(label, validators, filters, ...)


def with_first(unbound: UnboundField, kind: str, check) -> UnboundField:
    """A copy of an unbound field whose validators (or filters) start with `check`."""
    args, kwargs, index = list(unbound.args), dict(unbound.kwargs), ARG_INDEX[kind]
    positional = len(args) > index
    present = list((args[index] if positional else kwargs.get(kind)) or [])
    if check in present:
        return unbound
    if positional:
        args[index] = [check, *present]
    else:
        kwargs[kind] = [check, *present]
    return UnboundField(unbound.field_class, *args, name=unbound.name, **kwargs)
