"""Reading intakes: the inbox, the quarantine list, one intake's page and its summary PDF."""

from __future__ import annotations

import logging

from flask import abort, g, make_response, render_template, request
from flask_login import current_user

from portal.auth import sessions
from portal.clinician import queries, review, service
from portal.clinician.forms import (
    AssignForm,
    FollowUpForm,
    InboxFilterForm,
    NoteForm,
    StatusForm,
)
from portal.clinician.views import bp
from portal.db import db, writes
from portal.errors import render_error
from portal.handouts.engine import RenderError, render_pdf
from portal.inputs import int_arg
from portal.intake.summary import quarantine_label
from portal.practice import get_practice
from portal.security.access import bound_session_required

log = logging.getLogger("portal.clinician")


def load_intake(intake_id: str):
    """The intake the signed-in person may open, else 404 (a refused attempt stays audited)."""
    intake = service.intake_for(intake_id, current_user)
    if intake is None:
        db.session.commit()  # keep the audit row of a refused attempt
        abort(404)
    return intake


def _filters(form: InboxFilterForm, searching: bool) -> queries.InboxFilter:
    """The inbox filter; the name/email search only from a POST body, unknown values ignored."""
    status = form.status.data if form.status.data in service.STATUS_LABELS else ""
    return queries.InboxFilter(
        status=status,
        urgent=bool(form.urgent.data),
        mine=bool(form.mine.data),
        q=(form.q.data or "")[:200] if searching else "",
        page=int_arg("page", 1),
    )


@bp.route("/intakes", methods=["GET", "POST"])
def intakes():
    """The inbox: urgent first, filters, search over encrypted fields, pagination.

    A search can hold a client's name or email, so it is POSTed: it never appears in a URL,
    the browser history or a server or proxy access log. Plain filters also work as links.
    """
    searching = request.method == "POST"
    form = InboxFilterForm() if searching else InboxFilterForm(request.args, meta={"csrf": False})
    found = queries.inbox_page(current_user, _filters(form, searching))
    fields = ("status", "urgent", "mine") + (("q",) if searching else ())
    args = {k: v for k in fields if (v := request.values.get(k))}
    return render_template(
        "clinician/intakes.html",
        form=form,
        found=found,
        args=args,
        searching=searching,
        labels=service.STATUS_LABELS,
    )


@bp.get("/intakes/quarantine")
def quarantine():
    """Suspected spam, kept apart until a person releases or deletes it."""
    f = queries.InboxFilter(page=int_arg("page", 1))
    found = queries.inbox_page(current_user, f, quarantined=True)
    return render_template("clinician/quarantine.html", found=found, reason_label=quarantine_label)


def render_detail(intake, **forms):
    """The intake page with its action forms; every showing of the answers is audited."""
    practice = get_practice()
    assign = forms.get("assign") or AssignForm(assignee=str(intake.assigned_to_id or ""))
    assign.assignee.choices = [("", "Nobody")] + [
        (str(uid), name) for uid, name in service.staff_choices()
    ]
    follow = intake.follow_up_on.isoformat() if intake.follow_up_on else ""
    context = {
        "status_form": forms.get("status") or StatusForm(status=intake.status),
        "assign_form": assign,
        "follow_form": forms.get("follow") or FollowUpForm(follow_up_on=follow),
        "note_form": forms.get("note") or NoteForm(),
    }
    service.record_view(intake, current_user)
    db.session.commit()
    details = review.detail_context(intake, practice)
    return render_template(
        "clinician/intake.html",
        intake=intake,
        d=details,
        labels=service.STATUS_LABELS,
        **context,
    )


@bp.get("/intakes/<intake_id>")
@writes
def intake(intake_id: str):
    """One intake: answers as given, scores, consent, history, notes and reply drafts."""
    return render_detail(load_intake(intake_id))


@bp.get("/intakes/<intake_id>.pdf")
@writes
@bound_session_required
def intake_pdf(intake_id: str):
    """The summary PDF: essentials first, then every answer; never cached anywhere."""
    intake = load_intake(intake_id)
    context = review.summary_context(intake, get_practice())
    try:
        pdf = _render_summary(context)
    except RenderError as exc:
        log.warning("intake summary PDF failed: %s", exc)  # the reason only, never the context
        db.session.rollback()
        return render_error(
            503,
            "The PDF could not be made",
            "The enquiry itself is safe. Go back to it and try again in a minute.",
        )
    session_ref = sessions.reference(g.staff_session)
    service.record_view(intake, current_user, "intake.export", session_ref)
    db.session.commit()
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="intake-{intake.id}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _render_summary(context: dict) -> bytes:
    """Render through the handout engine (restrictive fetcher); cache_key None: never on disk."""
    return render_pdf(
        "clinician/print/summary.html",
        context,
        title="Intake summary",
        author=context["practice_name"],
        subject="Intake summary",
        lang="en",
        cache_key=None,
    )
