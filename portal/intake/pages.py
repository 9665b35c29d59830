"""Rendering of the intake question pages and the check page (kept apart so views stay short)."""

from __future__ import annotations

from flask import render_template, url_for

from portal.intake import flow, locale, measures, summary
from portal.practice import get_practice

# Which page answers each eligibility row, in the order summary.answer_sections lists them.
ELIGIBILITY_PAGES = ("age", "where-you-live", "safety")
SECTION_PAGES = {step.section: step.slug for step in flow.STEPS if step.section != "eligibility"}


def render_step(step, form, from_check: bool, status: int = 200, notice: str | None = None):
    """A question page with its back link, errors (title "Error: …") and any notice."""
    practice = get_practice()
    form.website.data = form.website.data or ""
    if step.slug == "consent":
        form.text_sha256.data = flow.consent_hash(practice.consent_text)
    query = {"from": flow.FROM_CHECK} if from_check else {}
    page = render_template(
        f"intake/step_{step.slug.replace('-', '_')}.html",
        step=step,
        form=form,
        page_title=flow.step_title(step, practice),
        back_url=flow.back_url(step, practice, from_check),
        action=url_for("intake.step", slug=step.slug, **query),
        error_title=bool(form.errors),
        notice=notice,
        measures=measures,
        local=locale.conventions(practice),
    )
    return page, status


def check_rows(answers: dict) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Check-page sections: (title, [(question, answer, change URL)])."""
    areas = bool(get_practice().service_areas)
    sections = []
    for key in summary.section_keys():
        if key not in answers:
            continue
        title, rows = summary.answer_sections({key: answers[key]})[0]
        slugs = ELIGIBILITY_PAGES if key == "eligibility" else [SECTION_PAGES[key]] * len(rows)
        linked = [
            (label, text, url_for("intake.step", slug=slug, **{"from": flow.FROM_CHECK}))
            for (label, text), slug in zip(rows, slugs, strict=True)
            if areas or slug != "where-you-live"
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
