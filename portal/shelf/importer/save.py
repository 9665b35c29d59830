"""Save parsed articles: update the one with the same source address or slug, else create."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from portal.db import db
from portal.models import Article
from portal.shelf.importer import ImportProblem, ParsedArticle, parse_upload
from portal.shelf.service import ArticleError, save_article, slugify


@dataclass
class SavedArticle:
    """An article the import saved, and whether it was new or an update."""

    article: Article
    created: bool


@dataclass
class FileResult:
    """What happened to one file: the articles saved from it, or why none were."""

    name: str
    saved: list[SavedArticle] = field(default_factory=list)
    error: str = ""


def existing_article(parsed: ParsedArticle) -> Article | None:
    """The article this one re-imports: same source address first, then same slug (or title)."""
    if parsed.source_url:
        query = select(Article).where(Article.source_url == parsed.source_url)
        found = db.session.scalars(query.order_by(Article.id).limit(1)).first()
        if found is not None:
            return found
    slug = slugify(parsed.slug or parsed.title)
    return db.session.scalar(select(Article).where(Article.slug == slug))


def save_parsed(
    parsed: ParsedArticle, publish: bool, extra_topics: Iterable[str], actor_id: int | None
) -> SavedArticle:
    """Create or update one article from parsed values; a published one stays published."""
    existing = existing_article(parsed)
    fields = parsed.fields()
    fields["topics"] = list(dict.fromkeys([*fields["topics"], *extra_topics]))
    if existing is None:
        fields["slug"] = parsed.slug or parsed.title
        fields["status"] = "published" if publish else "draft"
    else:  # an update never blanks what the curator added, and keeps existing topics
        fields = {name: value for name, value in fields.items() if value}
        fields["topics"] = [t.name for t in existing.topics] + fields.get("topics", [])
        if publish:
            fields["status"] = "published"
    article = save_article(existing, fields, actor_id, action="article.import")
    if existing is None and parsed.published_at and article.status == "published":
        article.published_at = parsed.published_at
    return SavedArticle(article, existing is None)


def import_file(
    name: str, data: bytes, publish: bool, topics: Iterable[str], actor_id: int | None
) -> FileResult:
    """Parse and save one file inside a savepoint, so a failure leaves nothing half-saved."""
    try:
        parsed = parse_upload(name, data)
    except ImportProblem as problem:
        return FileResult(name, error=str(problem))
    return save_batch(name, parsed, publish, list(topics), actor_id)


def save_batch(
    name: str,
    parsed: list[ParsedArticle],
    publish: bool,
    topics: list[str],
    actor_id: int | None,
) -> FileResult:
    """Save several parsed articles all-or-nothing (a savepoint the caller's commit keeps)."""
    try:
        with db.session.begin_nested():
            saved = [save_parsed(p, publish, topics, actor_id) for p in parsed]
    except ArticleError as problem:
        return FileResult(name, error=f"{name}: {problem}")
    return FileResult(name, saved)
