"""Home page, health check and the practice logo."""

from flask import Blueprint, abort, render_template, request, send_file
from sqlalchemy import text

from portal.db import db
from portal.practice import help_href
from portal.practice_logo import current_logo
from portal.security.access import public
from portal.shelf.queries import featured_articles

bp = Blueprint("main", __name__)
bp.add_app_template_filter(help_href, "help_href")
YEAR = 365 * 24 * 3600


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


@bp.get("/practice/logo.png")
@public
def logo():
    """The logo for the public header: kept a year under its ?v= hash, else revalidated."""
    found = current_logo()
    if found is None:
        abort(404)
    versioned = request.args.get("v") == found.version
    response = send_file(found.path, mimetype="image/png", etag=found.sha256)
    response.expires = None
    response.headers["Cache-Control"] = (
        f"public, max-age={YEAR}, immutable" if versioned else "public, no-cache"
    )
    return response
