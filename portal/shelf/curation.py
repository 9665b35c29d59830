"""Shelf curation under /clinician/shelf: list, edit, preview, publish, import."""

from flask import Blueprint

from portal.security.access import guard_staff

bp = Blueprint("curation", __name__, url_prefix="/clinician/shelf")
guard_staff(bp)
