"""Changing an intake: status, assignment, follow-up date, notes, release and deletion.

Each view parses its form, calls one service, commits once and goes back to the intake.
"""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.clinician import service
from portal.clinician.forms import AssignForm, DeleteForm, FollowUpForm, NoteForm, StatusForm
from portal.clinician.inbox import load_intake, render_detail
from portal.clinician.views import bp
from portal.db import db
from portal.intake import couple, full_form, notify
from portal.security.access import recent_login_required


def _back(intake_id: str):
    """Return to the intake page after a change."""
    return redirect(url_for("clinician.intake", intake_id=intake_id))


@bp.post("/intakes/<intake_id>/status")
def change_status(intake_id: str):
    """Move the intake along the pipeline; the history records who and when."""
    intake, form = load_intake(intake_id), StatusForm()
    if not form.validate():
        form.status.errors = ["Choose a status from the list"]
        return render_detail(intake, status=form)
    if service.change_status(intake, form.status.data, current_user):
        db.session.commit()
        flash(f"Status changed to {service.STATUS_LABELS[form.status.data]}.")
    return _back(intake.id)


@bp.post("/intakes/<intake_id>/assign")
def assign(intake_id: str):
    """Give the intake to a clinician, or to nobody."""
    intake, form = load_intake(intake_id), AssignForm()
    form.assignee.choices = [("", "Nobody")] + [(str(i), n) for i, n in service.staff_choices()]
    if not form.validate():
        form.assignee.errors = ["Choose a clinician from the list"]
        return render_detail(intake, assign=form)
    assignee = int(form.assignee.data) if form.assignee.data else None
    try:
        changed = service.assign(intake, assignee, current_user)
    except service.PipelineError as exc:
        form.assignee.errors = [str(exc)]
        return render_detail(intake, assign=form)
    if changed:
        db.session.commit()
        flash("Assignment saved.")
    return _back(intake.id)


@bp.post("/intakes/<intake_id>/follow-up")
def follow_up(intake_id: str):
    """Set or clear the date to follow this enquiry up."""
    intake, form = load_intake(intake_id), FollowUpForm()
    if not form.validate():
        return render_detail(intake, follow=form)
    when = date.fromisoformat(form.follow_up_on.data) if form.follow_up_on.data else None
    if service.set_follow_up(intake, when, current_user):
        db.session.commit()
        flash("Follow-up date saved." if when else "Follow-up date cleared.")
    return _back(intake.id)


@bp.post("/intakes/<intake_id>/notes")
def add_note(intake_id: str):
    """Add an internal note (stored encrypted)."""
    intake, form = load_intake(intake_id), NoteForm()
    if not form.validate():
        return render_detail(intake, note=form)
    service.add_note(intake, form.body.data, current_user)
    db.session.commit()
    flash("Note added.")
    return _back(intake.id)


@bp.post("/intakes/<intake_id>/release")
def release(intake_id: str):
    """A person judged a quarantined intake genuine: move it to the inbox."""
    intake = load_intake(intake_id)
    if intake.is_quarantined:
        service.release(intake, current_user)
        invited = couple.invite_on_release(intake)
        db.session.commit()
        notify.send_now(invited)
        flash(f"Intake {intake.reference} moved to the inbox.")
    return redirect(url_for("clinician.quarantine"))


@bp.post("/intakes/<intake_id>/full-form")
def send_full_form(intake_id: str):
    """Email a short enquiry's person the full form, with what they gave filled in."""
    intake = load_intake(intake_id)
    message_id = full_form.send(intake, current_user.id)
    if message_id is None:
        flash(
            "This enquiry cannot be sent the full form (it is not a short enquiry, has no "
            "email address, or is held as suspected spam)."
        )
        return _back(intake.id)
    db.session.commit()
    sent = notify.send_now(message_id)
    flash(
        "The full form was emailed."
        if sent
        else "The full form will be emailed as soon as the mail server accepts it."
    )
    return _back(intake.id)


@bp.get("/intakes/<intake_id>/delete")
@recent_login_required
def confirm_delete(intake_id: str):
    """Ask before deleting: it cannot be undone."""
    intake = load_intake(intake_id)
    form = DeleteForm(next=url_for("clinician.confirm_delete", intake_id=intake.id))
    return render_template("clinician/delete.html", intake=intake, form=form)


@bp.post("/intakes/<intake_id>/delete")
@recent_login_required
def delete(intake_id: str):
    """Delete the intake, its notes and history; the audit record of the deletion stays."""
    intake, form = load_intake(intake_id), DeleteForm()
    if not form.validate():
        return redirect(url_for("clinician.confirm_delete", intake_id=intake.id))
    reference, was_quarantined = intake.reference, intake.is_quarantined
    service.delete_intake(intake, current_user)
    db.session.commit()
    flash(f"Intake {reference} and everything in it has been deleted.")
    return redirect(url_for("clinician.quarantine" if was_quarantined else "clinician.intakes"))
