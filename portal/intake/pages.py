"""Rendering of the intake question pages and the check page (kept apart so views stay short)."""

from __future__ import annotations

from flask import render_template, url_for

from portal import i18n
from portal.intake import flow, locale, measures, summary
from portal.practice import get_practice
from portal.questionnaires.page_rows import page_rows, single_question


def render_step(step, form, from_check: bool, status=200, notice=None, journey=None, answers=None):
    """A question page with its back link, errors (title "Error: …") and any notice.

    A built-in page has its own template; a page the practice wrote or changed is drawn
    item by item from its definition.
    """
    practice = get_practice()
    form.website.data = form.website.data or ""
    if "consent" in step.practice_texts:
        form.text_sha256.data = flow.consent_hash(i18n.practice_statement("consent").text)
    query = {"from": flow.FROM_CHECK} if from_check else {}
    rows = (
        []
        if step.hand_written
        else page_rows((journey or flow.current()).definition, step.page, form)
    )
    page = render_template(
        f"intake/step_{step.slug.replace('-', '_')}.html"
        if step.hand_written
        else "intake/step_page.html",
        step=step,
        form=form,
        rows=rows,
        single=single_question(rows),
        page_title=flow.step_title(step, practice),
        back_url=flow.back_url(step, practice, from_check, journey, answers),
        action=url_for("intake.step", slug=step.slug, **query),
        error_title=bool(form.errors),
        notice=notice,
        measures=measures,
        items=step.items,
        hints=step.hints,
        notes=step.notes,
        local=locale.conventions(practice),
        partner_part=(journey or flow.current()).is_partner,
    )
    return page, status


def check_rows(answers: dict, journey=None) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Check-page sections: (title, [(question, answer, change URL)]) for the active pages."""
    practice = get_practice()
    active = {step.slug for step in flow.active_steps(practice, journey, answers)}
    change = {"from": flow.FROM_CHECK}
    sections = []
    for title, rows in summary.answer_rows(answers, journey or flow.current(), practice.min_age):
        linked = [
            (q, a, url_for("intake.step", slug=slug, **change))
            for q, a, slug in rows
            if slug in active
        ]
        sections.append((title, linked))
    return sections


def render_check(data: dict, form, rows, status: int = 200, notice: str | None = None):
    """Check your answers, with the hidden submission id and the signed start time."""
    form.submission_id.data = data["submission_id"]
    form.started.data = flow.sign_started(data["started_at"])
    form.website.data = ""
    page = render_template(
        "intake/check.html",
        form=form,
        sections=rows,
        notice=notice,
        page_title="Check your answers",
    )
    return page, status
