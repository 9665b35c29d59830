"""Intake pages: start, one question per page, check your answers, confirmation, save and resume."""

from __future__ import annotations

import logging
import re

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from portal import i18n
from portal.db import db, read_only, writes
from portal.errors import render_error
from portal.extensions import limiter
from portal.intake import couple, flow, links, notify, service
from portal.intake.forms import CheckForm, ResumeEmailForm, StartForm
from portal.intake.journey import built, store_builtin
from portal.intake.pages import check_rows, render_check, render_step
from portal.models.base import utcnow
from portal.practice import get_practice
from portal.questionnaires import ADULT_URL
from portal.questionnaires.service import offered_versions
from portal.security.access import public

bp = Blueprint("intake", __name__, url_prefix="/intake")
log = logging.getLogger("portal.intake")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
SUBMISSION_RE = re.compile(r"^[0-9a-f]{32}$")
NOT_SAVED = _l(
    "Your answers have not been saved — please try again. If it keeps happening, call us."
)


@bp.route("/", methods=["GET", "POST"])
@public
def start():
    """The start page: who it is for, how long it takes, urgent help, the forms, Start now."""
    versions = offered_versions()
    offered = {v.form.slug: v.form for v in versions}
    journeys = {v.form.slug: built(v.definition) for v in versions}
    form = StartForm()
    form.form.choices = [(slug, j.definition.data["title"]) for slug, j in journeys.items()]
    if request.method == "POST" and form.validate():
        return _begin(offered[form.form.data].url)
    first = flow.active_steps(get_practice())[0]
    page = render_template(
        "intake/start.html",
        form=form,
        offered=list(offered.values()),
        adult_url=ADULT_URL,
        purposes=_purposes(offered, journeys),
        form_langs={slug: j.lang for slug, j in journeys.items() if j.lang != i18n.current()},
        first_url=url_for("intake.step", slug=first.slug),
        error_title=bool(form.errors),
    )
    return page, 200


def _purposes(offered: dict, journeys: dict) -> dict[str, str]:
    """Each offered form's hint on the start page: who it is for (its definition's purpose;
    the adult form's names the practice's minimum age), or that it is in English only."""
    hints = {}
    for slug, journey in journeys.items():
        if offered[slug].url == ADULT_URL:
            hint = _("For yourself, if you are %(age)s or over. About 10 to 15 minutes.",
                     age=get_practice().min_age)  # fmt: skip
        else:
            hint = journey.definition.data.get("purpose") or ""
        if journey.lang != i18n.current():
            only = _("This form is in English only.")
            hint = f"{hint} {only}" if offered[slug].url == ADULT_URL else only
        hints[slug] = hint
    return hints


def _begin(url: str):
    """Start the chosen form; a draft begun on another form is left (its resume link works)."""
    draft = service.load_draft(flow.draft_id())
    pinned = (service.read_draft(draft).get("form") or {}).get("url", ADULT_URL) if draft else url
    if pinned != url:
        session.pop(flow.DRAFT_KEY, None)
        session.pop(flow.TOKEN_KEY, None)
    session[flow.FORM_KEY] = url
    journey = flow.for_draft({})
    first = flow.active_steps(get_practice(), journey)[0]
    return redirect(url_for("intake.step", slug=first.slug), 303)


@bp.route("/<slug>", methods=["GET", "POST"])
@public
def step(slug: str):
    """One question page: show saved answers; on Continue validate, save the draft, move on."""
    practice, from_check = get_practice(), request.args.get("from") == flow.FROM_CHECK
    draft = service.load_draft(flow.draft_id())
    data = service.read_draft(draft)
    journey = flow.for_draft(data)
    step = journey.step(slug) or abort(404)
    if step not in flow.active_steps(practice, journey):
        abort(404)
    if journey.skips(step, data["answers"]):  # an earlier answer made the page irrelevant
        return redirect(url_for("intake.check"))
    formdata = request.form if request.method == "POST" else None
    section, lookup = data["answers"].get(step.section, {}), journey.lookup(data["answers"])
    form = flow.build_form(step, section, practice, formdata, lookup)
    page = (step, form, journey)
    language = i18n.switch_asked(request.form) if request.method == "POST" else None
    if language:  # the switch: keep what was typed, then show the page in that language
        return _save_for_later(page, draft, data, from_check, language=language)
    if request.method == "POST" and form.validate():
        return _save_step(page, draft, data, from_check)
    if request.method == "POST" and request.form.get("action") == "save":
        return _save_for_later(page, draft, data, from_check)
    return render_step(step, form, from_check, journey=journey, answers=data["answers"])


def _save_for_later(page, draft, data, from_check, language: str | None = None):
    """Save a half-done page as typed: only text that cannot be stored at all is refused.
    Then show the resume link, or (a language switch) the same page in that language."""
    step, form, journey = page
    if form.storage_errors():
        return render_step(step, form, from_check, journey=journey, answers=data["answers"])
    flow.merge_partial(data, step, form)
    return _commit_and_go(page, draft, data, from_check, saving=not language, language=language)


def _save_step(page, draft, data, from_check):
    """Save the page into the draft and commit, then go on (or show the resume link)."""
    step, form, journey = page
    shown = i18n.practice_statement("consent").text  # the words this reader agrees to
    consent = "consent" in step.practice_texts
    if consent and form.text_sha256.data != flow.consent_hash(shown):
        form.agreed.errors = [
            _("The statement changed while you were reading. Read it again, then agree")
        ]
        return render_step(step, form, from_check, journey=journey, answers=data["answers"])
    flow.merge(data, step, form, shown)
    saving = request.form.get("action") == "save"
    return _commit_and_go(page, draft, data, from_check, saving)


def _commit_and_go(page, draft, data, from_check, saving: bool, language: str | None = None):
    """Store the draft and commit, then show the resume link, the page again in another
    language, or the next page."""
    step, form, journey = page
    flow.pin_version(data, journey)
    try:
        draft = service.save_draft(draft, data, service.draft_days())
        token = service.issue_resume_token(draft) if saving else None
        db.session.commit()
    except SQLAlchemyError as exc:
        return _not_saved(
            exc,
            lambda: render_step(
                step, form, from_check, 503, NOT_SAVED, journey=journey, answers=data["answers"]
            ),
        )
    session[flow.DRAFT_KEY] = draft.id
    if saving:
        session[flow.TOKEN_KEY] = token
        return redirect(url_for("intake.saved"))
    if language:
        query = {"from": flow.FROM_CHECK} if from_check else {}
        return redirect(url_for("intake.step", slug=step.slug, lang=language, **query), 303)
    return redirect(_after_step(page, data["answers"], from_check))


def _after_step(page, answers: dict, from_check) -> str:
    """Where to go next: not eligible, the urgent-help interruption, the check or next page."""
    step, form, journey = page
    reason = flow.not_eligible_reason(step, form)
    if reason:
        return url_for("intake.not_eligible", reason=reason)
    following = flow.next_url(step, get_practice(), from_check, journey, answers)
    if flow.is_risk_answer(step, form):
        return url_for("intake.urgent_help", then=following)
    return following


def _not_saved(exc: Exception, render):
    """Roll back after a database error, log it without client data, and re-show the page."""
    db.session.rollback()
    log.error("intake not saved: %s", type(exc).__name__)
    return render()


@bp.get("/urgent-help")
@public
def urgent_help():
    """The interruption after a risk answer: help numbers at once, then the person may continue."""
    then = request.args.get("then", "")
    if not then.startswith("/intake/") or "//" in then:
        then = url_for("intake.check")
    return render_template("intake/urgent_help.html", then=then)


@bp.get("/not-eligible")
@public
def not_eligible():
    """Why the practice cannot take the enquiry (age or area), and where else to turn."""
    reason = request.args.get("reason", "age")
    return render_template(
        "intake/not_eligible.html", reason=reason if reason in ("age", "area") else "age"
    )


@bp.route("/check", methods=["GET", "POST"])
@public
@limiter.limit(
    lambda: current_app.config.get("INTAKE_SUBMIT_LIMIT", "5 per hour"), methods=["POST"]
)
def check():
    """Check your answers with Change links; the POST submits the intake once."""
    draft = service.load_draft(flow.draft_id())
    data = service.read_draft(draft)
    form = CheckForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "POST":
        done = _already_submitted(draft, data, form)
        if done:
            return done
        if form.validate():
            return _submit(draft, data, form)
    if draft is None:
        return redirect(url_for("intake.start"))
    journey = flow.for_draft(data)
    missing = flow.first_missing_url(data["answers"], get_practice(), journey)
    rows = None if missing else check_rows(data["answers"], journey)
    return redirect(missing) if missing else render_check(data, form, rows)


def _already_submitted(draft, data, form):
    """A repeated submit (or one after the draft went) shows the stored intake's confirmation."""
    submission_id = data["submission_id"] if draft is not None else form.submission_id.data
    if not SUBMISSION_RE.match(submission_id or ""):
        return None
    stored = service.find_by_submission(submission_id)
    if stored is None:
        return None
    session.pop(flow.DRAFT_KEY, None)
    session[flow.REFERENCE_KEY] = stored.reference
    session[flow.URGENT_KEY] = stored.is_urgent
    return redirect(url_for("intake.done"))


def _submit(draft, data, form):
    """Store the intake (quarantined if it looks automated), commit, then try the email."""
    journey = flow.for_draft(data)
    if draft is None or flow.first_missing_url(data["answers"], get_practice(), journey):
        return redirect(url_for("intake.check"))
    reason = flow.spam_reason(data, form, utcnow().timestamp())
    try:
        store_builtin()
        result = service.submit_intake(
            data["answers"],
            data["submission_id"],
            data.get("consent_text", ""),
            quarantine_reason=reason,
            draft_id=draft.id,
            consent_at=flow.consent_time(data),
            journey=journey,
        )
        invited = _linked_parts(result, journey, data)
        db.session.commit()
    except SQLAlchemyError as exc:
        rows = check_rows(data["answers"], journey)
        return _not_saved(exc, lambda: render_check(data, form, rows, status=503, notice=NOT_SAVED))
    session.pop(flow.DRAFT_KEY, None)
    session.pop(flow.TOKEN_KEY, None)
    session[flow.REFERENCE_KEY] = result.intake.reference
    session[flow.URGENT_KEY] = result.intake.is_urgent
    session[flow.PARTNER_KEY] = invited is not None
    _send_notification(result.message_id)
    _send_notification(invited)
    return redirect(url_for("intake.done"))


def _linked_parts(result, journey, data) -> int | None:
    """An intake from a link joins the one it came from; a couple's first part invites the
    other partner (the id of that message)."""
    if not result.created:
        return None
    links.join(result.intake, data)
    return couple.invite_partner(result.intake, journey, data["answers"])


def _send_notification(message_id: int | None) -> bool:
    """One attempt right after commit; anything not accepted stays queued for `send-mail`."""
    try:
        return notify.send_now(message_id)
    except Exception as exc:  # never fail a stored submission because of email
        db.session.rollback()
        log.warning("notification attempt failed: %s", type(exc).__name__)
        return False


@bp.get("/done")
@public
def done():
    """Confirmation: the reference, what happens next and when, urgent help."""
    reference = session.get(flow.REFERENCE_KEY)
    if not reference:
        return redirect(url_for("intake.start"))
    urgent = bool(session.get(flow.URGENT_KEY))
    return render_template(
        "intake/done.html",
        reference=reference,
        urgent=urgent,
        partner_invited=bool(session.get(flow.PARTNER_KEY)),
        days=service.draft_days(),
    )


@bp.route("/saved", methods=["GET", "POST"])
@public
def saved():
    """The resume link, shown on screen; emailed only if the person asks for it."""
    token = session.get(flow.TOKEN_KEY)
    if not token or service.load_draft(flow.draft_id()) is None:
        return redirect(url_for("intake.start"))
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("intake.resume", token=token)
    form = ResumeEmailForm(formdata=request.form if request.method == "POST" else None)
    sent = None
    if request.method == "POST" and form.validate():
        sent = _queue_resume_link(form.email.data.strip(), link)
    return render_template(
        "intake/saved.html",
        link=link,
        form=form,
        sent=sent,
        error_title=bool(form.errors),
        days=service.draft_days(),
    )


def _queue_resume_link(to: str, link: str) -> str:
    """Queue the resume email, commit and try it once: "sent", "queued", "failed" or "limited"."""
    try:
        if not notify.resume_mail_allowed(flow.draft_id(), to):
            log.info("resume link email refused: limit reached")
            return "limited"
    except Exception as exc:  # limiter storage unreachable: refuse kindly, the link is on screen
        log.warning("resume link email limit not checked: %s", type(exc).__name__)
        return "limited"
    try:
        message = notify.queue_resume_link(to, link)
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.error("resume link not queued: %s", type(exc).__name__)
        return "failed"
    return "sent" if _send_notification(message.id) else "queued"


@bp.get("/resume/<token>")
@public
@writes
@limiter.limit(lambda: current_app.config.get("INTAKE_RESUME_LIMIT", "10 per minute;50 per hour"))
def resume(token: str):
    """Continue a saved intake from its link, which then dies; wrong or expired: a plain 404."""
    taken = service.take_over_draft(token, service.draft_days()) if TOKEN_RE.match(token) else None
    if taken is None:
        db.session.rollback()
        return render_error(404, *_dead_link_message())
    draft, new_token = taken
    db.session.commit()
    session[flow.DRAFT_KEY] = draft.id
    session[flow.TOKEN_KEY] = new_token
    data = service.read_draft(draft)
    missing = flow.first_missing_url(data["answers"], get_practice(), flow.for_draft(data))
    return redirect(missing or url_for("intake.check"))


def _dead_link_message() -> tuple[str, str]:
    """One kind page for a used, expired or mistyped link, so none can be told from another."""
    return (
        _("This link has been used or has expired"),
        _(
            "For your privacy, a save link opens your answers once, in one browser, and works "
            "for %(days)s days. If you opened it before, carry on in that browser. Otherwise, "
            "please start again. If you need to talk to someone now, urgent help is at the top "
            "of this page.",
            days=service.draft_days(),
        ),
    )


@bp.errorhandler(CSRFError)
def csrf_expired(error: CSRFError):
    """An expired or missing token: re-show the page with what was typed and a fresh token."""
    log.warning("csrf_failure route=%s ip=%s", request.path, request.remote_addr)
    notice = _(
        "For your security this page timed out, so your last answers were not saved yet. "
        "We have kept what you typed: check it and press the button again."
    )
    return _reshow_typed(400, notice, _("Your session expired"))


@bp.errorhandler(OperationalError)
def database_busy(error: OperationalError):
    """The database could not be reached in time: nothing saved, everything typed kept."""
    db.session.rollback()
    log.error("intake not saved: %s", type(error).__name__)
    with read_only():
        return _reshow_typed(503, NOT_SAVED, _("Sorry, your answers were not saved"))


def _reshow_typed(status: int, notice: str, heading: str):
    """Show the page that was posted again, filled with what the person typed."""
    journey = g.get("draft_journey") or flow.current()  # the page's own, when it got that far
    step = journey.step((request.view_args or {}).get("slug", ""))
    if step is None:
        data = service.read_draft(service.load_draft(flow.draft_id()))
        if request.endpoint == "intake.check" and data["answers"]:
            rows = check_rows(data["answers"], journey)
            return render_check(data, CheckForm(), rows, status, notice)
        return render_error(status, heading, _("Please go back, reload the page and try again."))
    form = flow.build_form(step, {}, get_practice(), request.form)
    from_check = request.args.get("from") == flow.FROM_CHECK
    return render_step(step, form, from_check, status=status, notice=notice, journey=journey)
