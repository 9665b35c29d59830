"""Home page and health check."""

from flask import Blueprint, render_template
from sqlalchemy import text

from portal.db import db
from portal.security.access import public
from portal.shelf.queries import featured_articles

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def home():
    """Welcome, start an intake, browse the shelf, urgent help."""
    return render_template("main/home.html", articles=featured_articles(limit=6))


@bp.get("/healthz")
@public
def healthz():
    """200 "ok" when the database answers, for load balancers and uptime checks."""
    db.session.execute(text("SELECT 1"))
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
