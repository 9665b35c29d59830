"""The order of the intake pages, where each leads, and the session keys that find a draft."""

from __future__ import annotations

import hashlib

from flask import current_app, session, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.intake import forms, locale
from portal.intake.choices import OUTSIDE_AREA
from portal.intake.journey import AGE_FIELD, Journey, Step, with_min_age
from portal.intake.journey import FORM_KEY as FORM_KEY
from portal.intake.journey import current as current
from portal.intake.journey import for_draft as for_draft
from portal.intake.journey import is_risk_answer as is_risk_answer
from portal.questionnaires import conditions, rules

DRAFT_KEY = "intake_draft"
REFERENCE_KEY = "intake_reference"
URGENT_KEY = "intake_urgent"  # the confirmation says what happens to an urgent enquiry
PARTNER_KEY = "intake_partner_invited"  # the confirmation says the other partner was emailed
TOKEN_KEY = "intake_resume_token"  # noqa: S105 (a session key name, not a secret)
FROM_CHECK = "check"
UNFINISHED = "_unfinished"  # in an answers section: pages saved half-done, not yet finished


REGION_FIELD = "region"  # worded as the practice's country says it
AREAS = "service-areas"


def steps(journey: Journey | None = None) -> tuple[Step, ...]:
    """Every page of the journey (default: the published adult form), in order."""
    return (journey or current()).steps


def find_step(slug: str, journey: Journey | None = None) -> Step | None:
    """The page with this address in the journey, if any."""
    return (journey or current()).step(slug)


def active_steps(practice, journey: Journey | None = None, answers: dict | None = None):
    """The pages this practice needs (none whose choices come from service areas it lacks),
    without those the answers so far make irrelevant (every question shown only if)."""
    journey = journey or current()
    return [
        s
        for s in journey.steps
        if (practice.service_areas or not _needs_areas(s))
        and not (answers is not None and journey.skips(s, answers))
    ]


def _needs_areas(step: Step) -> bool:
    """True when the page's only question takes its choices from the practice's areas."""
    return len(step.items) == 1 and any(source == AREAS for _f, source in step.options_from)


def step_title(step: Step, practice) -> str:
    """The page title, with the practice's minimum age on the age question."""
    return with_min_age(step.title, practice.min_age) if AGE_FIELD in step.items else step.title


def build_form(step: Step, section: dict, practice, formdata=None, lookup=None):
    """The page's form, filled from the posted data or else from the saved answers.

    The practice's minimum age, its country's wording and its service areas go on top of
    the definition, as they always have; `lookup` gives the other pages' answers, which
    decide the questions shown only if.
    """
    form = step.form(formdata=formdata, data=None if formdata else step.form.load(section))
    form.earlier = lookup
    if AGE_FIELD in step.items:
        message = rules.extension(step.items[AGE_FIELD], rules.REQUIRED_MESSAGE) or ""
        form[AGE_FIELD].label.text = with_min_age(form[AGE_FIELD].label.text, practice.min_age)
        form[AGE_FIELD].validators[0] = forms.required(with_min_age(message, practice.min_age))
    if REGION_FIELD in step.items:
        local = locale.conventions(practice)
        form[REGION_FIELD].label.text = local.region_label
        form[REGION_FIELD].validators[-1] = forms.required(local.region_message)
    for name, source in step.options_from:
        if source == AREAS:
            form[name].choices = [(a, a) for a in practice.service_areas] + [
                (OUTSIDE_AREA, "Somewhere else")
            ]
    return form


def merge(data: dict, step: Step, form: forms.IntakeForm, consent_text: str = "") -> None:
    """Put a page's answers into the draft content; note a filled honeypot for quarantine."""
    _put(data, step, form.dump(), finished=True)
    prune(data, for_draft(data))
    if "consent" in step.practice_texts:
        data["consent_text"] = consent_text
        data["consent_at"] = _now_iso()
    if form.website.data:
        data["spam"] = "honeypot"


def merge_partial(data: dict, step: Step, form: forms.IntakeForm) -> None:
    """Keep a half-done page as typed (nothing validated); the page must be finished later."""
    _put(data, step, form.dump_partial(), finished=False)
    prune(data, for_draft(data))
    if form.website.data:
        data["spam"] = "honeypot"


def _put(data: dict, step: Step, answers: dict, finished: bool) -> None:
    """A page's answers replace its earlier ones (eligibility pages share one section).

    The section lists the pages saved unfinished, so a resumed draft finds them again.
    """
    old = data["answers"].get(step.section) or {}
    unfinished = {*old.get(UNFINISHED, [])} - {step.slug} | (set() if finished else {step.slug})
    kept = {key: value for key, value in old.items() if key not in step.form.answer_keys()}
    section = {**kept, **answers}
    section.pop(UNFINISHED, None)
    if unfinished:
        section[UNFINISHED] = sorted(unfinished)
    data["answers"][step.section] = section


def prune(data: dict, journey: Journey) -> None:
    """Drop answers the form no longer asks for: a page now skipped, or a question whose
    "show only if" no longer holds (an earlier answer changed)."""
    answers = data["answers"]
    for step in journey.steps:
        section = answers.get(step.section)
        if not isinstance(section, dict) or step.measure:
            continue
        skipped, lookup = journey.skips(step, answers), journey.lookup(answers)
        stale = {
            key
            for name, item in step.items.items()
            if skipped or not conditions.enabled(item, lookup)
            for key in step.form.answer_keys_of(name)
        }
        for key in stale & section.keys():
            del section[key]


def _now_iso() -> str:
    """Now, as an ISO timestamp for the draft."""
    from portal.models.base import utcnow

    return utcnow().isoformat()


def not_eligible_reason(step: Step, form: forms.IntakeForm) -> str | None:
    """ "age" or "area" when the answer means the practice cannot see the person."""
    if AGE_FIELD in step.items and form[AGE_FIELD].data == "no":
        return "age"
    if any(form[name].data == OUTSIDE_AREA for name, source in step.options_from):
        return "area"
    return None


def next_url(step: Step, practice, from_check: bool, journey=None, answers=None) -> str:
    """Where Continue leads: the check page when changing an answer, else the next page."""
    pages = active_steps(practice, journey, answers)
    index = pages.index(step)
    if from_check or index + 1 >= len(pages):
        return url_for("intake.check")
    return url_for("intake.step", slug=pages[index + 1].slug)


def back_url(step: Step, practice, from_check: bool, journey=None, answers=None) -> str:
    """The back link: the check page when changing, else the previous page or the start page."""
    pages = active_steps(practice, journey, answers)
    index = pages.index(step)
    if from_check:
        return url_for("intake.check")
    return url_for("intake.step", slug=pages[index - 1].slug) if index else url_for("intake.start")


def first_missing_url(answers: dict, practice, journey: Journey | None = None) -> str | None:
    """The first page not yet answered in full, or None when every page is done.

    A page saved unfinished is not done, and the consent page is done only when agreed.
    """
    for step in active_steps(practice, journey, answers):
        section = answers.get(step.section) or {}
        names = (*step.form.FIELDS, *getattr(step.form, "DATES", ()))
        answered = any(name in section for name in names)
        unfinished = step.slug in section.get(UNFINISHED, [])
        unagreed = "consent" in step.practice_texts and section.get("agreed") is not True
        if not answered or unfinished or unagreed:
            return url_for("intake.step", slug=step.slug)
    return None


def pin_version(data: dict, journey: Journey) -> None:
    """Note in the draft which form version it answers, so a later version cannot change it."""
    data.setdefault("form", {"url": journey.url, "version": journey.version})


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
