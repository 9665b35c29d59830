"""Save parsed articles: update the one with the same source id or address, else create.

Each article is saved in its own savepoint, so one that cannot be saved is skipped with its
reason and the rest are kept. An article whose source says it is not public (private,
password-protected, a front-matter draft, members only) is saved as a draft even when the
import publishes, and an article it updates is taken off the shelf.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from portal.db import db
from portal.models import Article
from portal.shelf.importer import Batch, ImportProblem, ParsedArticle, SkippedItem, read_upload
from portal.shelf.service import ArticleError, save_article


@dataclass
class SavedArticle:
    """An article the import saved, whether it was new, and why it is a draft if it had to be."""

    article: Article
    created: bool
    held: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    """What happened to one file: the articles saved, the items skipped, or why none were."""

    name: str
    saved: list[SavedArticle] = field(default_factory=list)
    error: str = ""
    skipped: list[SkippedItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    images_dropped: int = 0


def existing_article(parsed: ParsedArticle) -> Article | None:
    """The article this one re-imports: the same source id, else the same source address.

    Never by title or slug: two posts with the same title are different posts.
    """
    for column, value in ((Article.source_id, parsed.source_id),
                          (Article.source_url, parsed.source_url)):  # fmt: skip
        if value:
            query = select(Article).where(column == value).order_by(Article.id).limit(1)
            found = db.session.scalars(query).first()
            if found is not None:
                return found
    return None


def save_parsed(
    parsed: ParsedArticle, publish: bool, extra_topics: Iterable[str], actor_id: int | None
) -> SavedArticle:
    """Create or update one article from parsed values; a held one is never published."""
    existing = existing_article(parsed)
    fields = parsed.fields()
    fields["topics"] = list(dict.fromkeys([*fields["topics"], *extra_topics]))
    publish = publish and not parsed.hold_reason
    if existing is None:
        fields["slug"] = parsed.slug or parsed.title
        fields["status"] = "published" if publish else "draft"
    else:  # an update never blanks what the curator added, and keeps existing topics
        fields = {name: value for name, value in fields.items() if value}
        fields["topics"] = [t.name for t in existing.topics] + fields.get("topics", [])
        if publish:
            fields["status"] = "published"
        elif parsed.hold_reason and existing.status == "published":
            fields["status"] = "draft"  # the source took it private: so does the shelf
    article = save_article(existing, fields, actor_id, action="article.import")
    article.source_id = parsed.source_id[:500] or article.source_id
    if "summary" in fields or existing is None:
        article.is_summary_from_body = parsed.summary_from_body
    if existing is None and parsed.published_at and article.status == "published":
        article.published_at = parsed.published_at
    return SavedArticle(article, existing is None, parsed.hold_reason, list(parsed.notes))


def import_file(
    name: str, data: bytes, publish: bool, topics: Iterable[str], actor_id: int | None
) -> FileResult:
    """Read one file and save what it holds; a file that cannot be read saves nothing."""
    try:
        batch = read_upload(name, data)
    except ImportProblem as problem:
        return FileResult(name, error=str(problem))
    return save_batch(batch, publish, list(topics), actor_id)


def save_batch(batch: Batch, publish: bool, topics: list[str], actor_id: int | None) -> FileResult:
    """Save each article in its own savepoint (the caller's commit keeps them all)."""
    result = FileResult(batch.name, skipped=list(batch.skipped), notes=list(batch.notes))
    for parsed in batch.articles:
        try:
            with db.session.begin_nested():
                result.saved.append(save_parsed(parsed, publish, topics, actor_id))
        except ArticleError as problem:
            result.skipped.append(SkippedItem(parsed.title, str(problem)))
            continue
        result.images_dropped += parsed.images_dropped
    if not result.saved and not result.skipped:
        result.error = f"{batch.name}: nothing was imported"
    return result
