"""Owner settings: practice profile, urgent-help numbers, intake policy, retention, texts, logo."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from portal.clinician import settings_service as svc
from portal.clinician.forms import LogoForm, SettingsForm, parse_help_lines
from portal.clinician.views import bp
from portal.db import db
from portal.practice import DEFAULT_RETENTION, get_practice
from portal.practice_logo import logo_path
from portal.security.access import owner_required

# The logo form may carry a file a little over the limit, so we can answer with our own message.
LOGO_REQUEST_LIMIT = 6 * 1024 * 1024


def _form_from_practice() -> SettingsForm:
    """The settings form filled from the saved practice."""
    p = get_practice()
    retention = {**DEFAULT_RETENTION, **(p.retention or {})}
    custom = _help_text(p.urgent_help or [])
    custom_es = _help_text([h["es"] for h in (p.urgent_help or []) if h.get("es")])
    # Plain data, not obj=: WTForms prefers an attribute of obj over a keyword, which once put
    # the Python repr of the service-area list into the textarea.
    names = svc.PROFILE_FIELDS + svc.POLICY_FIELDS + svc.PLACE_FIELDS
    data = {name: getattr(p, name) for name in names}
    return SettingsForm(
        data={
            **data,
            "help_preset": p.help_preset,
            "custom_help": custom if p.help_preset == "custom" else "",
            "custom_help_es": custom_es if p.help_preset == "custom" else "",
            "service_areas": "\n".join(p.service_areas or []),
            **retention,
        }
    )


def _help_text(lines: list[dict]) -> str:
    """Urgent-help lines as the settings textarea shows them: name | number | note."""
    return "\n".join(
        " | ".join(x for x in (h["label"], h["number"], h.get("note", "")) if x) for h in lines
    )


def _values(form: SettingsForm) -> dict:
    """Plain values from a valid settings form, for the service."""
    values = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    values["custom_help"] = parse_help_lines(form.custom_help.data)
    spanish = parse_help_lines(form.custom_help_es.data)  # line by line, from the top
    for line, words in zip(values["custom_help"], spanish, strict=False):
        line["es"] = words
    values.pop("custom_help_es", None)
    for name in ("clinicians_shown", "address", "phone", "email", "website"):
        values[name] = (values[name] or "").strip()
    return values


@bp.route("/settings", methods=["GET", "POST"])
@owner_required
def settings():
    """Edit the practice profile and policy in one grouped page."""
    form = SettingsForm() if request.method == "POST" else _form_from_practice()
    if request.method == "POST" and form.validate():
        svc.update_practice(_values(form), current_user.id)
        db.session.commit()
        flash("Settings saved.")
        return redirect(url_for("clinician.settings"))
    return render_template("clinician/settings.html", form=form, logo_form=LogoForm())


def _allow_logo_upload_size() -> None:
    """Let an oversized logo reach the form, which then explains the 1 MB limit."""
    if request.endpoint == "clinician.upload_logo":
        request.max_content_length = LOGO_REQUEST_LIMIT
        request.max_form_memory_size = LOGO_REQUEST_LIMIT


@bp.record_once
def _install_upload_limit(state) -> None:
    """Run before the CSRF check, which is the first thing to read the request body."""
    state.app.before_request_funcs.setdefault(None, []).insert(0, _allow_logo_upload_size)


@bp.post("/settings/logo")
@owner_required
def upload_logo():
    """Check the logo by its content, re-encode it and keep it in the instance folder."""
    form = LogoForm()
    upload = form.logo.data
    try:
        data = upload.read(svc.LOGO_MAX_BYTES + 1) if upload else b""
        svc.save_logo(data, current_app.instance_path, current_user.id)
    except svc.LogoError as exc:
        form.logo.errors = [str(exc)]
        filled = _form_from_practice()
        return render_template("clinician/settings.html", form=filled, logo_form=form), 400
    db.session.commit()
    flash("Logo saved.")
    return redirect(url_for("clinician.settings"))


@bp.get("/settings/logo.png")
def logo():
    """The practice logo, as re-encoded on upload."""
    path = logo_path(get_practice(), current_app.instance_path)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/png", max_age=0)
