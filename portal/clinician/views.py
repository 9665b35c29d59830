"""Clinician workspace views; the whole blueprint requires a signed-in staff member."""

from flask import Blueprint, render_template

from portal.security.access import guard_staff

bp = Blueprint("clinician", __name__, url_prefix="/clinician")
guard_staff(bp)


@bp.get("/")
def dashboard():
    """What needs attention first: urgent intakes, waiting enquiries, follow-ups."""
    return render_template("clinician/dashboard.html")


STAFF_PAGES = ("clinician.intakes", "curation.index", "handouts.builder")
OWNER_PAGES = ("clinician.settings", "clinician.users", "clinician.audit")


@bp.app_context_processor
def staff_navigation() -> dict:
    """The workspace pages that exist and that this user may open, for the staff menu."""
    from flask import current_app
    from flask_login import current_user

    pages = list(STAFF_PAGES)
    if current_user.is_authenticated and current_user.is_owner:
        pages += OWNER_PAGES
    return {"staff_nav_endpoints": [p for p in pages if p in current_app.view_functions]}
