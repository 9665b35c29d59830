"""The form editor's languages: what a version offers in each, and the ticks that declare them.

The practice's languages (`LANGUAGES`) besides English are listed on every version, with
the questions that still lack a text in each; ticking one declares it in the definition,
so publishing then refuses the version until every word has its text there.
"""

from __future__ import annotations

from portal import i18n
from portal.inputs import PortalForm
from portal.intake.forms import MultiCheckboxField
from portal.questionnaires import coverage


class LanguagesForm(PortalForm):
    """The languages a form is offered in besides English (its choices: the practice's)."""

    languages = MultiCheckboxField("Offer this form in", choices=[])


def practice_languages() -> list[str]:
    """The languages the practice offers clients besides English, in its order."""
    return [code for code in i18n.languages() if code != i18n.DEFAULT]


def _codes(data: dict) -> list[str]:
    """The practice's languages and each the version declares (one from a file included)."""
    return list(dict.fromkeys([*practice_languages(), *coverage.declared(data)]))


def reports(data: dict) -> list[coverage.Coverage]:
    """What the version offers in each of the practice's languages and each it declares."""
    return [coverage.coverage(data, code) for code in _codes(data)]


def languages_form(data: dict, posted: bool) -> LanguagesForm:
    """The ticks: posted ones, or the version's own declarations."""
    choices = [(code, coverage.language_name(code)) for code in _codes(data)]
    form = (
        LanguagesForm(prefix="lang")
        if posted
        else LanguagesForm(
            prefix="lang", formdata=None, data={"languages": list(coverage.declared(data))}
        )
    )
    form.languages.choices = choices
    return form


def declare(data: dict, ticked: list[str]) -> dict:
    """A copy declaring the ticked languages. A declared language the practice does not
    offer has its own tick too, so a practice offering only English can untick Spanish on
    a copy of a built-in before adding questions of its own."""
    return coverage.declare(data, [code for code in _codes(data) if code in ticked])


def question_languages(data: dict, item: dict | None) -> list[dict]:
    """The question page's other languages: each one's name and what the question lacks."""
    link = (item or {}).get("linkId")  # None for a new question: it lacks nothing yet
    found = []
    for code in practice_languages():
        lacking = {gap.link_id: gap.lacking for gap in coverage.gaps(data, code)}.get(link, ())
        found.append({"code": code, "name": coverage.language_name(code), "lacking": lacking})
    return found
