"""Languages of the client side: Flask-Babel with gettext catalogues in portal/translations.

A language is offered when `LANGUAGES` names it and its catalogue is there (a translator
adds a folder and the practice names it: no code changes). The choice comes from the switch
(`?lang=es` on any public page, remembered in the session only), else the browser's
Accept-Language; the staff workspace stays English.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from babel import Locale
from babel.lists import format_list
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, get_locale
from markupsafe import Markup

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DEFAULT = "en"
SESSION_KEY = "lang"
STAFF_PREFIXES = ("/clinician", "/auth")  # the workspace speaks English in this release

babel = Babel()


@lru_cache(maxsize=1)
def catalogues() -> frozenset[str]:
    """The languages with a catalogue in the package."""
    return frozenset(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"))


def languages() -> tuple[str, ...]:
    """English, then each configured language that has a catalogue, in the order named."""
    named = [code.strip() for code in str(current_app.config["LANGUAGES"]).split(",")]
    return (DEFAULT, *[c for c in dict.fromkeys(named) if c in catalogues() and c != DEFAULT])


def language_name(code: str) -> str:
    """A language's name in that language ("English", "Español"), for the switch."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def _is_staff_page() -> bool:
    """True on the staff workspace and sign-in pages."""
    return request.path.startswith(STAFF_PREFIXES)


def select_locale() -> str:
    """The switch's choice, else the session's, else the browser's best match (English
    outside a request: commands, and forms built once per process)."""
    if not has_request_context() or _is_staff_page():
        return DEFAULT
    asked = request.args.get("lang")
    if asked in languages():
        return asked
    kept = session.get(SESSION_KEY)
    if kept in languages():
        return kept
    return request.accept_languages.best_match(languages()) or DEFAULT


def _remember_switch() -> None:
    """A `?lang=` choice is kept for the rest of the visit (the session, no other cookie)."""
    asked = request.args.get("lang")
    if asked in languages() and not _is_staff_page() and session.get(SESSION_KEY) != asked:
        session[SESSION_KEY] = asked


def switch_asked(form) -> str | None:
    """The language a posted switch button asks for ("language:es"), if it is offered."""
    action = str(form.get("action") or "")
    code = action.removeprefix("language:") if action.startswith("language:") else None
    return code if code in languages() else None


# Addresses that carry a secret (a resume or partner link): never repeated into a page.
SECRET_PATHS = ("/intake/resume/",)


def switch_url(code: str) -> str:
    """This page in another language: the same path and query, with `lang` set (the start
    of the intake instead of a link's secret address, which dies once used)."""
    if request.path.startswith(SECRET_PATHS):
        return f"/intake/?{urlencode({'lang': code})}"
    query = {**request.args.to_dict(), "lang": code}
    return f"{request.path}?{urlencode(query)}"


def offers_switch() -> bool:
    """True on public pages when more than one language is available."""
    return len(languages()) > 1 and not _is_staff_page()


def urgent_help() -> list[dict]:
    """The practice's urgent-help lines in this response's language."""
    from portal.practice import get_practice, help_lines

    return help_lines(get_practice(), current())


def practice_statement(kind: str):
    """The practice's "consent" or "privacy" statement as this response's reader is shown it."""
    from portal.practice import get_practice, statement

    return statement(get_practice(), kind, current())


def item_statement(item: dict):
    """The practice statement a form's display item shows (None for any other item)."""
    from portal.questionnaires import rules

    kind = rules.extension(item, rules.PRACTICE_TEXT)
    return practice_statement(kind) if kind else None


def and_list(items) -> str:
    """Words joined as the language joins a list ("a, b and c"; "a, b y c")."""
    return format_list([str(item) for item in items], locale=current())


def practice_list(items) -> Markup:
    """The practice's own words (its areas) listed as the page's language lists them, each
    marked as the English it was written in when the page is in another language."""
    shown = Markup("%s" if current() == DEFAULT else '<span lang="en">%s</span>')  # noqa: S704
    words = [str(shown % str(item)) for item in items]  # % escapes each word
    return Markup(format_list(words, locale=current()))  # noqa: S704  (each word escaped)


def current() -> str:
    """The language of this response ("en", "es")."""
    return str(get_locale() or DEFAULT)


def init_app(app: Flask) -> None:
    """Wire Flask-Babel, the switch and the template helpers."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_remember_switch)
    app.jinja_env.filters["and_list"] = and_list
    app.jinja_env.filters["practice_list"] = practice_list
    app.jinja_env.globals.update(
        current_lang=current,
        languages=languages,
        language_name=language_name,
        switch_url=switch_url,
        offers_switch=offers_switch,
        urgent_help=urgent_help,
        practice_statement=practice_statement,
        item_statement=item_statement,
    )
