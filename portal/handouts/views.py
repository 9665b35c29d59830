"""Handout routes: the public generic handout PDF, and the staff handout builder."""

from flask import Blueprint

from portal.security.access import guard_staff

public_bp = Blueprint("handout_files", __name__)
bp = Blueprint("handouts", __name__, url_prefix="/clinician/handouts")
guard_staff(bp)
