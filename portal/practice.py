"""The practice profile every page shows: loaded once per request, created with defaults."""

from __future__ import annotations

import re

from flask import g
from sqlalchemy import select

from portal.db import db
from portal.models import Practice

US_HELP = [
    {"label": "Emergency services", "number": "911", "note": "if you are in danger now"},
    {"label": "988 Suicide & Crisis Lifeline", "number": "988", "note": "call or text, any time"},
    {"label": "Crisis Text Line", "number": "Text HOME to 741741", "note": "any time"},
]
UK_HELP = [
    {"label": "Emergency services", "number": "999", "note": "if you are in danger now"},
    {"label": "NHS 111", "number": "111", "note": "choose the mental health option"},
    {"label": "Samaritans", "number": "116 123", "note": "free, any time"},
]
HELP_PRESETS = {"US": US_HELP, "UK": UK_HELP}
# The presets' lines in other languages, in the same order (988 answers in Spanish when the
# caller presses 2).
HELP_TRANSLATIONS = {
    ("US", "es"): [
        {"label": "Servicios de emergencia", "number": "911", "note": "si está en peligro ahora"},
        {
            "label": "988 Línea de Prevención del Suicidio y Crisis",
            "number": "988",
            "note": "llame y presione 2 para hablar en español; a cualquier hora",
        },
        {"label": "Crisis Text Line", "number": "Text HOME to 741741", "note": "a cualquier hora"},
    ],
    ("UK", "es"): [
        {"label": "Servicios de emergencia", "number": "999", "note": "si está en peligro ahora"},
        {"label": "NHS 111", "number": "111", "note": "elija la opción de salud mental"},
        {"label": "Samaritans", "number": "116 123", "note": "gratis, a cualquier hora"},
    ],
}


def help_lines(practice: Practice, lang: str) -> list[dict]:
    """The urgent-help lines in a language: a preset's own translation, else each line with
    the practice's words for that language where it gave them (else as written)."""
    lines = list(practice.urgent_help or [])
    if lang == "en":
        return lines
    preset = HELP_TRANSLATIONS.get((practice.help_preset, lang))
    if preset is not None:
        return preset
    return [{**line, **(line.get(lang) or {})} for line in lines]


DEFAULT_CONSENT = (
    "I understand that this form is the first step in asking for therapy and does not start "
    "treatment. I agree that the practice may store my answers securely and use them to decide "
    "whether and how it can help me, and to contact me in the way I chose. I understand that "
    "this form is not watched around the clock, and that if I am in danger I should call the "
    "emergency numbers shown on every page."
)
DEFAULT_PRIVACY = (
    "We keep your answers encrypted on our own server. Only the clinicians of this practice can "
    "read them, and every time someone opens your form it is recorded. We never put your answers "
    "in emails. If you do not become a client, we delete your answers after the period set in "
    "our retention policy. You can ask us to delete them sooner at any time."
)
DEFAULT_RETENTION = {
    "client_years": 7,
    "prospect_days": 180,
    "draft_days": 14,
    "quarantine_days": 14,
}


def get_practice() -> Practice:
    """The practice row for this request (a transient default before `portal init-db`/demo)."""
    if "practice" not in g:
        practice = db.session.scalars(select(Practice).order_by(Practice.id).limit(1)).first()
        g.practice = practice or default_practice()
    return g.practice


def default_practice(name: str = "Our practice") -> Practice:
    """A practice with safe defaults: US numbers, adults, a two-working-day reply window."""
    return Practice(
        name=name,
        help_preset="US",
        country="US",
        time_zone="America/New_York",
        urgent_help=list(US_HELP),
        service_areas=[],
        min_age=18,
        reply_days=2,
        accepting="accepting",
        retention=dict(DEFAULT_RETENTION),
        consent_text=DEFAULT_CONSENT,
        privacy_text=DEFAULT_PRIVACY,
        paper="letter",
    )


def help_href(number: str) -> str | None:
    """A tappable link for an urgent-help number: sms: for "Text HOME to 741741", else tel:."""
    texted = re.fullmatch(r"\s*text\s+(\w+)\s+to\s+(\+?[0-9 ]+)\s*", number, re.IGNORECASE)
    if texted:
        return f"sms:{texted.group(2).replace(' ', '')}?body={texted.group(1)}"
    return tel_href(number)


def tel_href(number: str) -> str | None:
    """A tel: link for a dialable number ("116 123"), None for text like "Text HOME to 741741"."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if not digits or any(ch.isalpha() for ch in number):
        return None
    return f"tel:{digits}"
