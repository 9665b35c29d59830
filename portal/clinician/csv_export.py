"""Selected enquiries as a CSV file for a spreadsheet: chosen columns, no formula ever runs.

A cell that starts with = + - @, a tab or a carriage return is prefixed with an apostrophe, as
OWASP advises against CSV (formula) injection: a client who types "=HYPERLINK(...)" as their
name must not get a live formula in the practice's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select

from portal.clinician.service import STATUS_LABELS, intake_for
from portal.db import db
from portal.intake.journey import version_of
from portal.intake.records import read_answers
from portal.intake.summary import answer_texts
from portal.models import Intake, User
from portal.practice_time import to_local
from portal.security import audit

MAX_SELECTED = 50
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    """What one line can be read from: the intake's clear fields and its decrypted answers."""

    intake: Intake
    answers: dict
    names: dict[int, str]

    def answer(self, section: str, field: str) -> str:
        """A stored answer as text ("" when not given)."""
        value = (self.answers.get(section) or {}).get(field)
        return "" if value is None else str(value)

    def words(self, section: str, field: str) -> str:
        """A chosen option in the words of the form version the client answered."""
        if (self.answers.get(section) or {}).get(field) in (None, ""):
            return ""
        return self.texts.get((section, field), "")

    @cached_property
    def texts(self) -> dict[tuple[str, str], str]:
        """Every answer in words, worked out once per row for all its choice columns."""
        journey = version_of(self.intake.form_url, self.intake.form_version)
        return answer_texts(self.answers, journey)


def _yes_no(value: bool) -> str:
    """A flag in words."""
    return "Yes" if value else "No"


def _received(row: Row) -> str:
    """When it arrived, in the practice's time, sortable in a spreadsheet."""
    return f"{to_local(row.intake.received_at):%Y-%m-%d %H:%M}"


def _choice(section: str, field: str) -> Callable[[Row], str]:
    """A chosen option in the words the client saw."""
    return lambda row: row.words(section, field)


def _answer(section: str, field: str) -> Callable[[Row], str]:
    """A stored answer as it is."""
    return lambda row: row.answer(section, field)


def _flag(field: str) -> Callable[[Row], str]:
    """A safety flag worked out when the intake arrived."""
    return lambda row: _yes_no((row.answers.get("flags") or {}).get(field))


# (key, column heading, how to read it), in the order the columns appear.
COLUMNS: tuple[tuple[str, str, Callable[[Row], str]], ...] = (
    ("reference", "Reference", lambda row: row.intake.reference),
    ("received", "Received", _received),
    ("status", "Status", lambda row: STATUS_LABELS.get(row.intake.status, row.intake.status)),
    ("urgent", "Urgent", lambda row: _yes_no(row.intake.is_urgent)),
    ("assigned_to", "Assigned to", lambda row: row.names.get(row.intake.assigned_to_id, "")),
    ("follow_up", "Follow-up date", lambda row: str(row.intake.follow_up_on or "")),
    ("full_name", "Full name", _answer("about", "full_name")),
    ("preferred_name", "Preferred name", _answer("about", "preferred_name")),
    ("email", "Email address", _answer("about", "email")),
    ("phone", "Phone number", _answer("about", "phone")),
    ("contact", "Best way to contact", _choice("about", "contact_method")),
    ("phq9_score", "PHQ-9 score", _answer("phq9", "score")),
    ("phq9_band", "PHQ-9 band", _answer("phq9", "band")),
    ("gad7_score", "GAD-7 score", _answer("gad7", "score")),
    ("gad7_band", "GAD-7 band", _answer("gad7", "band")),
    ("safety_question", "Safety question answered yes", _flag("safety_question")),
    ("phq9_item9", "PHQ-9 item 9 above zero", _flag("phq9_item9")),
    ("own_words", "What brings you here", _answer("reasons", "own_words")),
    ("hopes", "What you hope for", _answer("reasons", "hopes")),
    ("mode", "In person or online", _choice("practical", "mode")),
    ("payment", "How they will pay", _choice("practical", "payment")),
)
CHOICES = [(key, heading) for key, heading, _read in COLUMNS]
DEFAULT_FIELDS = ("reference", "received", "status", "urgent")


def parse_ids(raw: str) -> list[str]:
    """The comma-separated ids of the selection, each once, in the order given."""
    return list(dict.fromkeys(part.strip() for part in (raw or "").split(",") if part.strip()))


@dataclass
class Selection:
    """The enquiries asked for that this person may export, and how many could not be."""

    intakes: list[Intake]
    refused: int


def select_intakes(ids: list[str], user: User) -> Selection:
    """Look each id up under the person's access rules; a refused attempt is audited."""
    found, refused = [], 0
    for intake_id in ids[:MAX_SELECTED]:
        intake = intake_for(intake_id, user)
        if intake is None:
            refused += 1
        else:
            found.append(intake)
    return Selection(found, refused)


def staff_names() -> dict[int, str]:
    """Staff names by id, for the "Assigned to" column."""
    return {u.id: u.name for u in db.session.scalars(select(User))}


def safe_cell(value: str) -> str:
    """The cell's text, with an apostrophe first when a spreadsheet would run it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def csv_bytes(intakes: list[Intake], keys: list[str], names: dict[int, str]) -> bytes:
    """The chosen columns for each intake, UTF-8 with a BOM so spreadsheets read accents."""
    chosen = [(heading, read) for key, heading, read in COLUMNS if key in keys]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([heading for heading, _read in chosen])
    for intake in intakes:
        row = Row(intake, read_answers(intake), names)
        writer.writerow([safe_cell(read(row)) for _heading, read in chosen])
    return out.getvalue().encode("utf-8-sig")


def record_export(intakes: list[Intake], keys: list[str], user: User, session_ref: str) -> None:
    """One audit row per exported intake: which columns and the session; never a value."""
    detail = {"fields": list(keys), "count": len(intakes), "session": session_ref}
    for intake in intakes:
        audit.record("intake.export_csv", user.id, "intake", intake.id, detail)
