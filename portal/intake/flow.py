"""The order of the intake pages, where each leads, and the session keys that find a draft."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app, session, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.intake import forms, locale
from portal.intake.choices import OUTSIDE_AREA

DRAFT_KEY = "intake_draft"
REFERENCE_KEY = "intake_reference"
URGENT_KEY = "intake_urgent"  # the confirmation says what happens to an urgent enquiry
TOKEN_KEY = "intake_resume_token"  # noqa: S105 (a session key name, not a secret)
FROM_CHECK = "check"
UNFINISHED = "_unfinished"  # in an answers section: pages saved half-done, not yet finished


@dataclass(frozen=True)
class Step:
    """One question page: its URL slug, form, answers section and page title."""

    slug: str
    form: type[forms.IntakeForm]
    section: str
    title: str


STEPS = (
    Step("age", forms.AgeForm, "eligibility", "Are you 18 or older?"),
    Step("where-you-live", forms.AreaForm, "eligibility", "Where do you live?"),
    Step(
        "safety",
        forms.SafetyForm,
        "eligibility",
        "Are you thinking about ending your life or harming yourself?",
    ),
    Step("about-you", forms.AboutForm, "about", "About you"),
    Step("what-brings-you", forms.ReasonsForm, "reasons", "What brings you here"),
    Step("mood", forms.Phq9Form, "phq9", "How you have been feeling: mood"),
    Step("worry", forms.Gad7Form, "gad7", "How you have been feeling: worry"),
    Step("practical", forms.PracticalForm, "practical", "Practical details"),
    Step("consent", forms.ConsentForm, "consent", "Privacy and consent"),
)
BY_SLUG = {step.slug: step for step in STEPS}


def active_steps(practice) -> list[Step]:
    """The pages this practice needs (no area question when it lists no service areas)."""
    return [s for s in STEPS if s.slug != "where-you-live" or practice.service_areas]


def step_title(step: Step, practice) -> str:
    """The page title, with the practice's minimum age on the age question."""
    return f"Are you {practice.min_age} or older?" if step.slug == "age" else step.title


def build_form(step: Step, section: dict, practice, formdata=None) -> forms.IntakeForm:
    """The page's form, filled from the posted data or else from the saved answers."""
    form = step.form(formdata=formdata, data=None if formdata else step.form.load(section))
    if step.slug == "age":
        form.age_ok.label.text = step_title(step, practice)
        form.age_ok.validators[0] = forms.required(
            f"Select yes if you are {practice.min_age} or older"
        )
    if step.slug == "about-you":
        local = locale.conventions(practice)
        form.region.label.text = local.region_label
        form.region.validators[-1] = forms.required(local.region_message)
    if step.slug == "where-you-live":
        form.area.choices = [(a, a) for a in practice.service_areas] + [
            (OUTSIDE_AREA, "Somewhere else")
        ]
    return form


def merge(data: dict, step: Step, form: forms.IntakeForm, consent_text: str = "") -> None:
    """Put a page's answers into the draft content; note a filled honeypot for quarantine."""
    _put(data, step, form.dump(), finished=True)
    if step.slug == "consent":
        data["consent_text"] = consent_text
        data["consent_at"] = _now_iso()
    if form.website.data:
        data["spam"] = "honeypot"


def merge_partial(data: dict, step: Step, form: forms.IntakeForm) -> None:
    """Keep a half-done page as typed (nothing validated); the page must be finished later."""
    _put(data, step, form.dump_partial(), finished=False)
    if form.website.data:
        data["spam"] = "honeypot"


def _put(data: dict, step: Step, answers: dict, finished: bool) -> None:
    """A page's answers replace its earlier ones (eligibility pages share one section).

    The section lists the pages saved unfinished, so a resumed draft finds them again.
    """
    old = data["answers"].get(step.section) or {}
    unfinished = {*old.get(UNFINISHED, [])} - {step.slug} | (set() if finished else {step.slug})
    section = {**old, **answers} if step.section == "eligibility" else dict(answers)
    section.pop(UNFINISHED, None)
    if unfinished:
        section[UNFINISHED] = sorted(unfinished)
    data["answers"][step.section] = section


def _now_iso() -> str:
    """Now, as an ISO timestamp for the draft."""
    from portal.models.base import utcnow

    return utcnow().isoformat()


def not_eligible_reason(step: Step, form: forms.IntakeForm) -> str | None:
    """ "age" or "area" when the answer means the practice cannot see the person."""
    if step.slug == "age" and form.age_ok.data == "no":
        return "age"
    if step.slug == "where-you-live" and form.area.data == OUTSIDE_AREA:
        return "area"
    return None


def is_risk_answer(step: Step, form: forms.IntakeForm) -> bool:
    """The direct safety question answered yes, or PHQ-9 item 9 above zero."""
    if step.slug == "safety":
        return form.safety_risk.data == "yes"
    return step.slug == "mood" and (form.item_8.data or 0) > 0


def next_url(step: Step, practice, from_check: bool) -> str:
    """Where Continue leads: the check page when changing an answer, else the next page."""
    steps = active_steps(practice)
    index = steps.index(step)
    if from_check or index + 1 >= len(steps):
        return url_for("intake.check")
    return url_for("intake.step", slug=steps[index + 1].slug)


def back_url(step: Step, practice, from_check: bool) -> str:
    """The back link: the check page when changing, else the previous page or the start page."""
    steps = active_steps(practice)
    index = steps.index(step)
    if from_check:
        return url_for("intake.check")
    return url_for("intake.step", slug=steps[index - 1].slug) if index else url_for("intake.start")


def first_missing_url(answers: dict, practice) -> str | None:
    """The first page not yet answered in full, or None when every page is done.

    A page saved unfinished is not done, and consent is done only when agreed.
    """
    for step in active_steps(practice):
        section = answers.get(step.section) or {}
        answered = any(name in section for name in step.form.FIELDS)
        unfinished = step.slug in section.get(UNFINISHED, [])
        unagreed = step.slug == "consent" and section.get("agreed") is not True
        if not answered or unfinished or unagreed:
            return url_for("intake.step", slug=step.slug)
    return None


def consent_hash(text: str) -> str:
    """SHA-256 of the consent text shown, to notice if it changed before the person agreed."""
    return hashlib.sha256(text.encode()).hexdigest()


def _signer() -> URLSafeTimedSerializer:
    """Signs the start time carried by the check page form."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="intake-started")


def sign_started(started_at: float) -> str:
    """The draft's start time, signed, for the final form."""
    return _signer().dumps(started_at)


def spam_reason(data: dict, form: forms.CheckForm, now: float) -> str:
    """Why a submission looks automated ("" when it does not): honeypot, bad or fast timestamp."""
    if data.get("spam") or form.website.data:
        return "honeypot"
    try:
        started = float(_signer().loads(form.started.data or ""))
    except (BadSignature, TypeError, ValueError):
        return "timestamp"
    if now - started < current_app.config.get("INTAKE_MIN_FILL_SECONDS", 3):
        return "too_fast"
    return ""


def consent_time(data: dict):
    """When the person agreed to the consent statement (a naive UTC datetime), if known."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(data["consent_at"])
    except (KeyError, TypeError, ValueError):
        return None


def draft_id() -> str | None:
    """The draft this browser is filling in (its id lives in the signed session cookie)."""
    return session.get(DRAFT_KEY)
