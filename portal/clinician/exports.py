"""Exports that take answers out of the portal: one intake as FHIR JSON, several as CSV.

Each needs a recent sign-in in the browser that signed in, is audited with the session it
used, and is an uncached attachment (no-store comes with every /clinician response).
"""

from __future__ import annotations

import json

from flask import g, make_response, redirect, render_template, url_for
from flask_login import current_user

from portal.auth import sessions
from portal.clinician import csv_export, fhir_export, service
from portal.clinician.forms import ExportFieldsForm
from portal.clinician.inbox import load_intake
from portal.clinician.views import bp
from portal.db import db, writes
from portal.inputs import text_arg, text_values
from portal.intake.records import read_answers
from portal.models.base import utcnow
from portal.practice_time import to_local
from portal.security.access import recent_login_required


def _attachment(body: bytes, content_type: str, filename: str):
    """A download that opens nowhere in the browser; the filename carries no client data."""
    response = make_response(body)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _session_ref() -> str:
    """The signed-in session, named in the audit row of an export."""
    return sessions.reference(g.staff_session)


@bp.get("/intakes/<intake_id>.json")
@writes
@recent_login_required
def intake_json(intake_id: str):
    """The intake as a FHIR QuestionnaireResponse, for a record system that reads FHIR."""
    intake = load_intake(intake_id)
    resource = fhir_export.questionnaire_response(intake, read_answers(intake))
    service.record_view(intake, current_user, "intake.export_json", _session_ref())
    db.session.commit()
    body = json.dumps(resource, ensure_ascii=False, indent=2).encode()
    return _attachment(body, "application/fhir+json", f"{intake.reference}.json")


@bp.post("/intakes/export")
def export_select():
    """The rows ticked on the inbox, handed to the column page (ids are random, never data)."""
    ids = [i.strip() for i in text_values("ids") if i.strip()]
    return redirect(url_for("clinician.export_fields", ids=",".join(ids) or None), 303)


def _problem(ids: list[str], selection: csv_export.Selection) -> str:
    """Why nothing can be exported, in words ("" when the selection is fine)."""
    if not ids:
        return "No enquiries were selected. Tick the enquiries you need on the inbox first."
    if len(ids) > csv_export.MAX_SELECTED:
        return f"Select at most {csv_export.MAX_SELECTED} enquiries at a time."
    if selection.refused:
        return (
            f"{selection.refused} of the {len(ids)} selected enquiries could not be found, or "
            "are not assigned to you. Nothing was exported: go back and select them again."
        )
    return ""


def _fields_page(form: ExportFieldsForm, ids: list[str]):
    """The column page; an unknown or refused enquiry stops the export and is audited."""
    selection = csv_export.select_intakes(ids, current_user)
    db.session.commit()  # keep the audit rows of refused attempts
    return render_template(
        "clinician/export.html",
        form=form,
        intakes=selection.intakes,
        problem=_problem(ids, selection),
    )


@bp.get("/intakes/export")
@writes
@recent_login_required
def export_fields():
    """Choose the columns of the CSV of the selected enquiries (the fewest needed)."""
    ids = csv_export.parse_ids(text_arg("ids", 20_000))
    back = url_for("clinician.export_fields", ids=",".join(ids) or None)
    form = ExportFieldsForm(ids=",".join(ids), next=back, fields=list(csv_export.DEFAULT_FIELDS))
    return _fields_page(form, ids)


@bp.post("/intakes/export.csv")
@recent_login_required
def export_csv():
    """The selected enquiries with the chosen columns, as a spreadsheet file; audited."""
    form = ExportFieldsForm()
    ids = csv_export.parse_ids(form.ids.data)
    selection = csv_export.select_intakes(ids, current_user)
    if not form.validate() or _problem(ids, selection):
        db.session.rollback()  # _fields_page records the refusals once
        return _fields_page(form, ids)
    keys = [key for key, _heading in csv_export.CHOICES if key in form.fields.data]
    body = csv_export.csv_bytes(selection.intakes, keys, csv_export.staff_names())
    csv_export.record_export(selection.intakes, keys, current_user, _session_ref())
    db.session.commit()
    name = f"enquiries-{to_local(utcnow()):%Y-%m-%d-%H%M}.csv"
    return _attachment(body, "text/csv; charset=utf-8", name)
