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


@bp.get("/privacy")
@public
def privacy():
    """The practice's privacy notice, with how long each kind of record is kept."""
    from portal.practice import DEFAULT_RETENTION, get_practice

    retention = {**DEFAULT_RETENTION, **(get_practice().retention or {})}
    return render_template("main/privacy.html", page_title="Privacy notice", retention=retention)


@bp.get("/accessibility")
@public
def accessibility():
    """The accessibility statement: standard, how it was tested, known issues, how to report."""
    return render_template("main/accessibility.html", page_title="Accessibility statement")


@bp.get("/contact")
@public
def contact():
    """How to reach the practice, and where to turn in a crisis instead."""
    return render_template("main/contact.html", page_title="Contact us")
