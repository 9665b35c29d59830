"""Shelf curation under /clinician/shelf: list, edit with preview, publish, archive, revisions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.db import db
from portal.models import Article
from portal.security.access import guard_staff
from portal.shelf import markdown, queries, service
from portal.shelf.forms import ArchiveForm, ArticleForm, article_form_data
from portal.shelf.service import ArticleError

bp = Blueprint("curation", __name__, url_prefix="/clinician/shelf")
guard_staff(bp)
STATUSES = {"draft": "Drafts", "published": "Published", "archived": "Archived"}


def _article(article_id: int) -> Article:
    """The article with this id, or 404."""
    return db.session.get(Article, article_id) or abort(404)


def _back(article: Article | None = None, message: str | None = None):
    """Flash a message and go back to the list (filtered to the article's status)."""
    if message:
        flash(message)
    status = request.form.get("status_filter") or None
    return redirect(url_for("curation.index", status=status if status in STATUSES else None))


@bp.get("/")
def index():
    """Every article, filterable by status, with its actions."""
    status = request.args.get("status")
    status = status if status in STATUSES else None
    return render_template(
        "curation/index.html",
        articles=queries.curation_list(status),
        counts=queries.status_counts(),
        status=status,
        statuses=STATUSES,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Write a new article; Preview renders it without saving, Save keeps it as a draft."""
    form = ArticleForm(data={"licence": "Own work"} if request.method == "GET" else None)
    return _editor(form, None)


@bp.route("/<int:article_id>/edit", methods=["GET", "POST"])
def edit(article_id: int):
    """Change an article; every save keeps a revision."""
    article = _article(article_id)
    form = ArticleForm(data=article_form_data(article) if request.method == "GET" else None)
    return _editor(form, article)


def _editor(form: ArticleForm, article: Article | None):
    """Show the editor, a server-side preview, or save and go back to the list."""
    preview = None
    if form.validate_on_submit():
        if request.form.get("action") == "preview":
            preview = markdown.render(form.body_md.data)
        else:
            try:
                saved = service.save_article(article, form.article_fields(), current_user.id)
            except ArticleError as problem:
                form.title.errors.append(str(problem))
            else:
                db.session.commit()
                return _back(saved, f"Saved “{saved.title}” (revision {saved.revision}).")
    return render_template("curation/edit.html", form=form, article=article, preview=preview)


@bp.post("/<int:article_id>/status")
def change_status(article_id: int):
    """Publish or unpublish (back to draft)."""
    article = _article(article_id)
    status = request.form.get("to")
    if status not in ("published", "draft"):
        abort(400)
    service.set_status(article, status, current_user.id)
    db.session.commit()
    verb = "Published" if status == "published" else "Moved back to drafts:"
    return _back(article, f"{verb} “{article.title}”.")


@bp.route("/<int:article_id>/archive", methods=["GET", "POST"])
def archive(article_id: int):
    """Archive an article, optionally naming the article that replaces it."""
    article = _article(article_id)
    form = ArchiveForm()
    choices = queries.replacement_choices(article)
    form.replacement.choices = [(0, "No replacement"), *((a.id, a.title) for a in choices)]
    if form.validate_on_submit():
        chosen = form.replacement.data
        replacement = db.session.get(Article, chosen) if chosen else None
        service.set_status(article, "archived", current_user.id, replacement)
        db.session.commit()
        return _back(article, f"Archived “{article.title}”.")
    return render_template("curation/archive.html", form=form, article=article)


@bp.post("/<int:article_id>/feature")
def feature(article_id: int):
    """Put an article on the featured list, or take it off."""
    article = _article(article_id)
    featured = request.form.get("featured") == "1"
    service.set_featured(article, featured, current_user.id)
    db.session.commit()
    done = "Featured" if featured else "No longer featured:"
    return _back(article, f"{done} “{article.title}”.")


@bp.post("/<int:article_id>/move")
def move(article_id: int):
    """Move a featured article up or down the featured order."""
    article = _article(article_id)
    try:
        service.move(article, -1 if request.form.get("direction") == "up" else 1, current_user.id)
    except ArticleError as problem:
        return _back(article, str(problem))
    db.session.commit()
    return _back(article, f"Moved “{article.title}”.")


@bp.post("/<int:article_id>/delete")
def delete(article_id: int):
    """Delete a draft (published articles are archived instead)."""
    article = _article(article_id)
    title = article.title
    try:
        service.delete_article(article, current_user.id)
    except ArticleError as problem:
        return _back(article, str(problem))
    db.session.commit()
    return _back(None, f"Deleted the draft “{title}”.")


@bp.get("/<int:article_id>/revisions")
def revisions(article_id: int):
    """Every saved version of an article, newest first, each restorable."""
    article = _article(article_id)
    return render_template(
        "curation/revisions.html", article=article, revisions=queries.revisions(article)
    )


@bp.post("/<int:article_id>/revisions/<int:number>/restore")
def restore(article_id: int, number: int):
    """Bring an earlier version back as a new revision."""
    article = _article(article_id)
    try:
        service.restore_revision(article, number, current_user.id)
    except ArticleError as problem:
        flash(str(problem))
        return redirect(url_for("curation.revisions", article_id=article.id))
    db.session.commit()
    flash(f"Restored revision {number}; it is now revision {article.revision}.")
    return redirect(url_for("curation.revisions", article_id=article.id))


from portal.shelf import curation_import  # noqa: E402, F401  (registers the import pages)
