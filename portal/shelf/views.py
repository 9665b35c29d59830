"""Public shelf pages."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from portal.db import db
from portal.models import Article
from portal.security.access import public
from portal.shelf.queries import featured_articles

bp = Blueprint("shelf", __name__, url_prefix="/shelf")


@bp.get("/")
@public
def index():
    """Published articles."""
    return render_template("shelf/index.html", articles=featured_articles(limit=50))


@bp.get("/<slug>")
@public
def article(slug: str):
    """One published article; drafts are not found."""
    found = db.session.scalar(select(Article).where(Article.slug == slug))
    if found is None or found.status == "draft":
        abort(404)
    return render_template("shelf/article.html", article=found)
