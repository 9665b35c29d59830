"""Clinician workspace views; the whole blueprint requires a signed-in staff member.

The routes live in topic modules (inbox, pipeline, settings, users, audit_log) that add
themselves to this blueprint when imported at the bottom of this file.
"""

from flask import Blueprint, render_template
from flask_login import current_user

from portal.clinician import queries
from portal.clinician.service import STATUS_LABELS
from portal.practice import get_practice
from portal.security.access import guard_staff

bp = Blueprint("clinician", __name__, url_prefix="/clinician")
guard_staff(bp)


@bp.get("/")
def dashboard():
    """What needs attention first: urgent intakes, waiting enquiries, follow-ups."""
    from portal.ops.status import ops_status

    board = queries.dashboard(current_user, get_practice().reply_days)
    return render_template(
        "clinician/dashboard.html", board=board, labels=STATUS_LABELS, ops=ops_status()
    )


STAFF_PAGES = ("clinician.intakes", "curation.index", "handouts.builder")
OWNER_PAGES = ("clinician.forms", "clinician.settings", "clinician.users", "clinician.audit")


@bp.app_context_processor
def staff_navigation() -> dict:
    """The workspace pages that exist and that this user may open, for the staff menu."""
    from flask import current_app

    pages = list(STAFF_PAGES)
    if current_user.is_authenticated and current_user.is_owner:
        pages += OWNER_PAGES
    return {
        "staff_nav_endpoints": [p for p in pages if p in current_app.view_functions],
        "staff_layout": _in_staff_area(),
    }


def _in_staff_area() -> bool:
    """Signed in on a workspace or sign-in page: shared pages (errors, two-step) look staff."""
    from flask import request

    if not current_user.is_authenticated:
        return False
    return request.blueprint == "auth" or request.path.split("/")[1] == "clinician"


# Importing the topic modules registers their routes on `bp`.
from portal.clinician import (  # noqa: E402, F401
    account,
    audit_log,
    exports,
    forms_editor,
    inbox,
    pipeline,
    settings,
    users,
)
