"""Intake pages."""

from flask import Blueprint, render_template

from portal.security.access import public

bp = Blueprint("intake", __name__, url_prefix="/intake")


@bp.get("/")
@public
def start():
    """The start page: who it is for, how long it takes, urgent help, Start now."""
    return render_template("intake/start.html")
