"""Range-checked route and query values, so odd input is a 404 or a friendly 400, never a 500.

Python integers are unbounded but database integers are not: an id such as 10**23 makes
SQLite raise OverflowError and PostgreSQL NumericValueOutOfRange. Dates near year 9999 overflow
as soon as a day is added. Every id, page number and date a request supplies goes through here.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Flask, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER; SQLite's 64-bit integers hold it too
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2999, 12, 31)
DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() accepts "²", which int() refuses


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
