"""The import page: upload files, review what was parsed, fix it, then save as drafts or publish."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.db import db
from portal.shelf import markdown
from portal.shelf.curation import bp
from portal.shelf.forms import ImportReviewForm, ImportUploadForm, comma_list, lines
from portal.shelf.importer import MAX_FILE_BYTES, ImportProblem, ParsedArticle, parse_upload
from portal.shelf.importer.save import existing_article, save_batch

MAX_FILES = 20
UPLOAD_LIMIT = MAX_FILES * MAX_FILE_BYTES // 4  # 40 MB a request: an oversized file gets a message
REVIEW_FORM_PARTS = 5_000


@bp.url_value_preprocessor
def _allow_large_import(endpoint, values) -> None:
    """Let signed-in staff send several files (runs before the CSRF check reads the form)."""
    if endpoint not in ("curation.import_upload", "curation.import_save"):
        return
    if current_user.is_authenticated:
        request.max_content_length = UPLOAD_LIMIT
        request.max_form_parts = REVIEW_FORM_PARTS


@bp.route("/import", methods=["GET", "POST"])
def import_upload():
    """Upload files; each is parsed (nothing saved yet) and shown for review."""
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_template("curation/import.html", form=form)
    parsed, problems = _parse_files(form.files.data)
    review = ImportReviewForm(formdata=None, data={"items": [_item_data(p) for p in parsed]})
    return _review(review, problems)


def _parse_files(files) -> tuple[list[ParsedArticle], list[str]]:
    """Parsed articles from every readable file, and one message per file that was not."""
    parsed: list[ParsedArticle] = []
    problems: list[str] = []
    chosen = [f for f in files if f.filename][:MAX_FILES]
    if len([f for f in files if f.filename]) > MAX_FILES:
        problems.append(f"Only the first {MAX_FILES} files were read; import the rest separately")
    for upload in chosen:
        try:
            parsed += parse_upload(upload.filename, upload.stream.read(UPLOAD_LIMIT))
        except ImportProblem as problem:
            problems.append(str(problem))
    return parsed, problems


def _item_data(parsed: ParsedArticle) -> dict:
    """A parsed article in the shape of one review item."""
    return {
        **parsed.fields(),
        "include": True,
        "slug": parsed.slug,
        "topics": ", ".join(parsed.topics),
        "prompts": "\n".join(parsed.prompts),
        "published_at": parsed.published_at.isoformat() if parsed.published_at else "",
        "filename": parsed.filename,
    }


def _review(review: ImportReviewForm, problems: list[str]):
    """The review page: per-file problems, then each article's fields and a rendered preview."""
    items = [
        {
            "form": entry.form,
            "preview": markdown.render(entry.form.body_md.data or ""),
            "existing": existing_article(_parsed(entry.form)),
        }
        for entry in review.items
    ]
    return render_template(
        "curation/import_review.html", review=review, items=items, problems=problems
    )


def _parsed(item) -> ParsedArticle:
    """A review item's (possibly corrected) values as a parsed article."""
    fields = item.article_fields()
    when = (item.published_at.data or "").strip()
    try:
        published_at = datetime.fromisoformat(when) if when else None
    except ValueError:
        published_at = None
    parsed = ParsedArticle(**{**fields, "topics": comma_list(item.topics.data)})
    parsed.prompts = lines(item.prompts.data)
    parsed.slug = (item.slug.data or "").strip()
    parsed.licence = (item.licence.data or "Own work").strip()[:200]
    parsed.published_at = published_at
    parsed.filename = item.filename.data or ""
    return parsed


@bp.post("/import/save")
def import_save():
    """Save the ticked articles together (drafts, or published), or refresh the preview."""
    review = ImportReviewForm()
    action = request.form.get("action")
    if action not in ("draft", "publish") or not review.validate():
        return _review(review, [])
    chosen = [_parsed(e.form) for e in review.items if e.form.include.data]
    if not chosen:
        flash("No articles were ticked, so nothing was imported.")
        return redirect(url_for("curation.import_upload"))
    result = save_batch("the import", chosen, action == "publish", [], current_user.id)
    if result.error:
        return _review(review, [result.error])
    db.session.commit()
    done = "Published" if action == "publish" else "Saved as drafts:"
    flash(f"{done} {len(result.saved)} article{'s' if len(result.saved) != 1 else ''}.")
    status = "published" if action == "publish" else "draft"
    return redirect(url_for("curation.index", status=status))
