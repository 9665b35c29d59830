"""The import page: upload files or paste text, review what was read, then save or publish."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.db import db
from portal.shelf import markdown
from portal.shelf.curation import bp
from portal.shelf.forms import LICENCES, ImportReviewForm, ImportUploadForm, comma_list, lines
from portal.shelf.importer import (
    MAX_FILE_BYTES,
    PASTED_NAME,
    Batch,
    ImportProblem,
    ParsedArticle,
    SkippedItem,
    read_upload,
)
from portal.shelf.importer import report as words
from portal.shelf.importer.save import FileResult, existing_article, save_batch

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
    """Upload files or paste text; each is read (nothing saved yet) and shown for review."""
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_template("curation/import.html", form=form)
    results = _read_files(form.files.data) + _read_pasted(form.pasted.data)
    parsed = [(article, result.name) for result in results for article in result.parsed]
    review = ImportReviewForm(
        formdata=None,
        data={"items": [_item_data(p) for p, _ in parsed], "skipped": _skipped_json(results)},
    )
    return _review(review, results)


@dataclass
class _Read(FileResult):
    """A file's read result for the review page: the parsed articles beside the skipped items."""

    parsed: list[ParsedArticle] = field(default_factory=list)


def _read(name: str, data: bytes) -> _Read:
    """One file read into articles and skipped items, or the reason it could not be read."""
    result = _Read(name)
    try:
        batch = read_upload(name, data)
    except ImportProblem as problem:
        result.error = str(problem)
        return result
    result.parsed, result.skipped, result.notes = batch.articles, batch.skipped, batch.notes
    result.images_dropped = sum(a.images_dropped for a in batch.articles)
    return result


def _read_files(files) -> list[_Read]:
    """Every chosen file read; past MAX_FILES the rest are named as not read."""
    chosen = [f for f in files or [] if getattr(f, "filename", "")]
    results = [_read(f.filename, f.stream.read(UPLOAD_LIMIT)) for f in chosen[:MAX_FILES]]
    for extra in chosen[MAX_FILES:]:
        reason = f"not read, because only {MAX_FILES} files are read at once; import it separately"
        results.append(_Read(extra.filename, error=f"{extra.filename}: {reason}"))
    return results


def _read_pasted(pasted: str | None) -> list[_Read]:
    """Pasted text read as text copied from a blog page."""
    if not (pasted or "").strip():
        return []
    return [_read(PASTED_NAME, pasted.encode("utf-8"))]


def _skipped_json(results: list[FileResult]) -> str:
    """The skipped items of every file, carried through the review form for the result page."""
    return json.dumps(
        [[r.name, s.label, s.reason, s.kind] for r in results for s in r.skipped],
        ensure_ascii=False,
    )


def _item_data(parsed: ParsedArticle) -> dict:
    """A parsed article in the shape of one review item."""
    existing = existing_article(parsed)
    return {
        **parsed.fields(),
        # unstated: an update keeps its article's language, a new article is English
        "language": parsed.language or (existing.language if existing else "en"),
        "include": True,
        "slug": parsed.slug,
        "licence": parsed.licence if parsed.licence in LICENCES else "",
        "topics": ", ".join(parsed.topics),
        "prompts": "\n".join(parsed.prompts),
        "published_at": parsed.published_at.isoformat() if parsed.published_at else "",
        "filename": parsed.filename,
        "source_id": parsed.source_id,
        "hold_reason": parsed.hold_reason,
        "summary_from_body": "1" if parsed.summary_from_body else "",
        "images_dropped": str(parsed.images_dropped),
        "notes": json.dumps(parsed.notes, ensure_ascii=False),
    }


def _review(review: ImportReviewForm, results: list[FileResult]):
    """The review page: what each file held, then each article's fields and a preview."""
    items = [
        {
            "form": entry.form,
            "preview": markdown.render(entry.form.body_md.data or ""),
            "existing": existing_article(_parsed(entry.form)),
            "notes": _notes(entry.form),
        }
        for entry in review.items
    ]
    summary = words.summary(results) if results else ""
    return render_template(
        "curation/import_review.html",
        review=review,
        items=items,
        problems=[r.error for r in results if r.error],
        skipped=words.skipped_lines(results),
        file_notes=[n for r in results for n in r.notes],
        summary=summary,
    )


def _notes(item) -> list[str]:
    """An item's notes (images not imported, shortcodes removed), from its hidden field."""
    try:
        notes = json.loads(item.notes.data or "[]")
    except json.JSONDecodeError:
        notes = []
    images = _number(item.images_dropped.data)
    if images:
        notes.append(f"{images} image{'s' if images != 1 else ''} not imported (alt text kept)")
    return [str(n) for n in notes if isinstance(n, str)]


def _number(value) -> int:
    """A small whole number from a hidden field (0 when it is not one)."""
    return int(value) if str(value or "").isdigit() and len(str(value)) < 6 else 0


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
    parsed.licence = item.licence.data if item.licence.data in LICENCES else ""
    parsed.published_at = published_at
    parsed.filename = item.filename.data or ""
    parsed.source_id = (item.source_id.data or "").strip()[:500]
    parsed.hold_reason = (item.hold_reason.data or "").strip()[:300]
    parsed.summary_from_body = item.summary_from_body.data == "1"
    parsed.images_dropped = _number(item.images_dropped.data)
    return parsed


def _carried_skips(review: ImportReviewForm) -> list[FileResult]:
    """The skipped items carried from the upload, grouped by file, for the result page."""
    try:
        rows = json.loads(review.skipped.data or "[]")
    except json.JSONDecodeError:
        rows = []
    results: dict[str, FileResult] = {}
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, list) and len(row) == 4 and all(isinstance(x, str) for x in row):
            results.setdefault(row[0], FileResult(row[0])).skipped.append(SkippedItem(*row[1:]))
    return list(results.values())


@bp.post("/import/save")
def import_save():
    """Save the ticked articles (drafts, or published), or refresh the preview."""
    review = ImportReviewForm()
    action = request.form.get("action")
    if action not in ("draft", "publish") or not review.validate():
        return _review(review, [])
    chosen = [_parsed(e.form) for e in review.items if e.form.include.data]
    if not chosen:
        flash("No articles were ticked, so nothing was imported.")
        return redirect(url_for("curation.import_upload"))
    result = save_batch(Batch("the import", chosen), action == "publish", [], current_user.id)
    db.session.commit()
    unticked = FileResult("the review page")
    unticked.skipped = [
        SkippedItem(e.form.title.data or "Untitled", "not ticked for import", "unticked")
        for e in review.items
        if not e.form.include.data
    ]
    results = [result, *_carried_skips(review), unticked]
    return render_template(
        "curation/import_result.html",
        result=result,
        summary=words.summary(results),
        skipped=words.skipped_lines(results),
    )
