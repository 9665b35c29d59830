"""The practice profile every page shows: loaded once per request, created with defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        {
            "label": "Crisis Text Line",
            "number": "Text HOME to 741741",
            "number_lang": "en",  # the keyword and the service are English
            "note": "a cualquier hora",
        },
    ],
    ("UK", "es"): [
        {"label": "Servicios de emergencia", "number": "999", "note": "si está en peligro ahora"},
        {"label": "NHS 111", "number": "111", "note": "elija la opción de salud mental"},
        {"label": "Samaritans", "number": "116 123", "note": "gratis, a cualquier hora"},
    ],
}


def help_lines(practice: Practice, lang: str) -> list[dict]:
    """The urgent-help lines in a language: a preset's own translation, else each line with
    the practice's words for that language where it gave them (else as written, marked as
    the English it is)."""
    lines = list(practice.urgent_help or [])
    if lang == "en":
        return lines
    preset = HELP_TRANSLATIONS.get((practice.help_preset, lang))
    if preset is not None:
        return preset
    return [{**line, **(line.get(lang) or {"lang": "en"})} for line in lines]


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
# Our own default statements in Spanish: the same promises in plain words, shown while the
# practice keeps our English default (they are ours to translate, not a validated measure).
DEFAULT_CONSENT_ES = (
    "Entiendo que este formulario es el primer paso para pedir terapia y que no da comienzo a "
    "ningún tratamiento. Acepto que la consulta guarde mis respuestas de forma segura y las use "
    "para decidir si puede ayudarme y cómo, y para ponerse en contacto conmigo de la manera que "
    "elegí. Entiendo que nadie revisa este formulario las 24 horas del día y que, si estoy en "
    "peligro, debo llamar a los números de emergencia que aparecen en todas las páginas."
)
DEFAULT_PRIVACY_ES = (
    "Guardamos sus respuestas cifradas en nuestro propio servidor. Solo los profesionales de esta "
    "consulta pueden leerlas, y cada vez que alguien abre su formulario queda registrado. Nunca "
    "ponemos sus respuestas en correos electrónicos. Si no llega a ser cliente de la consulta, "
    "borramos sus respuestas cuando termina el plazo que fija nuestra política de conservación. "
    "Puede pedirnos que las borremos antes en cualquier momento."
)
DEFAULT_STATEMENTS = {
    "consent": {"en": DEFAULT_CONSENT, "es": DEFAULT_CONSENT_ES},
    "privacy": {"en": DEFAULT_PRIVACY, "es": DEFAULT_PRIVACY_ES},
}
DEFAULT_RETENTION = {
    "client_years": 7,
    "prospect_days": 180,
    "draft_days": 14,
    "quarantine_days": 14,
}


@dataclass(frozen=True)
class Statement:
    """A practice statement as a visitor is shown it: the words, the language they are in, and
    whether the visitor's language was wanted but the practice wrote it in English only."""

    kind: str  # "consent" or "privacy"
    text: str
    lang: str
    english_only: bool = False


def statement(practice: Practice, kind: str, lang: str) -> Statement:
    """The "consent" or "privacy" statement in `lang`: the practice's own words there, else ours
    while its English one is still our default, else its English, marked as English only."""
    english = getattr(practice, f"{kind}_text") or ""
    if lang == "en":
        return Statement(kind, english, "en")
    own = getattr(practice, f"{kind}_text_{lang}", "") or ""
    if own.strip():
        return Statement(kind, own, lang)
    ours = DEFAULT_STATEMENTS[kind]
    if lang in ours and same_words(english, ours["en"]):
        return Statement(kind, ours[lang], lang)
    return Statement(kind, english, "en", english_only=True)


def same_words(text: str, other: str) -> bool:
    """True when two texts differ only in spacing (a textarea's CR LF, a trailing newline)."""
    return text.split() == other.split()


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
