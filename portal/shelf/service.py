"""Saving articles: Markdown rendered and sanitised, topics linked, indexed, a revision per save."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy import select

from portal.db import db
from portal.models import Article, ArticleRevision, Topic
from portal.models.base import utcnow
from portal.security import audit
from portal.shelf import markdown, search

EDITABLE = (
    "title",
    "summary",
    "body_md",
    "author",
    "author_bio",
    "source_name",
    "source_url",
    "licence",
    "audience",
    "language",
    "prompts",
    "status",
    "is_featured",
    "position",
    "replacement_id",
    "last_reviewed_on",
    "next_review_on",
)
DATE_FIELDS = ("last_reviewed_on", "next_review_on")
NOT_RESTORED = ("status", "is_featured", "position", "replacement_id")  # shelf state, not content
MAX_BODY_CHARS = 200_000
LANGUAGE_TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$")


class ArticleError(ValueError):
    """An article cannot be saved as given; the message says what to change."""


def slugify(text: str) -> str:
    """A lower-case, hyphenated, ASCII slug for URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100].strip("-") or "article"


def unique_slug(base: str) -> str:
    """The slug itself, or with -2, -3… added, so a new article never takes another's address."""
    slug, number = slugify(base), 1
    candidate = slug
    while db.session.scalar(select(Article.id).where(Article.slug == candidate)) is not None:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def base_language(tag: str | None) -> str:
    """The base code a language is stored as ("es" from "es-MX" or "es_419"), "" if not one.

    Articles are stored like LANGUAGES and the catalogues name languages: by base code.
    """
    match = LANGUAGE_TAG.match((tag or "").strip())
    return match.group(1).lower() if match else ""


def topics_for(names: list[str]) -> list[Topic]:
    """Find or create topics by name."""
    found = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        slug = slugify(name)[:80]
        topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
        if topic is None:
            topic = Topic(slug=slug, name=name[:80])
            db.session.add(topic)
            db.session.flush()
        found.append(topic)
    return found


def _check(fields: dict) -> None:
    """Refuse what would make a broken article: no title, an oversized body, a bad status."""
    if "title" in fields and not (fields["title"] or "").strip():
        raise ArticleError("Enter a title")
    if len(fields.get("body_md") or "") > MAX_BODY_CHARS:
        raise ArticleError("The article text is too long; split it into shorter articles")
    if fields.get("source_url") and not re.match(r"^https?://\S+$", fields["source_url"], re.I):
        raise ArticleError("Enter a source web address starting with https://")
    if "language" in fields and not base_language(fields["language"]):
        raise ArticleError("Choose the language the article is written in")
    if fields.get("status", "draft") not in ("draft", "published", "archived"):
        raise ArticleError("Choose draft, published or archived")


def save_article(
    article: Article | None, fields: dict, actor_id: int | None, action: str | None = None
) -> Article:
    """Create or update an article from plain values, index it, and keep a revision."""
    _check(fields)
    if "language" in fields:  # "es-MX" is kept as "es", as the catalogues name it
        fields = {**fields, "language": base_language(fields["language"])}
    is_new = article is None
    if article is None:
        slug = fields.get("slug") or fields["title"]
        article = Article(slug=unique_slug(slug), title=fields["title"], revision=0)
        db.session.add(article)
    if "summary" in fields and fields["summary"] != article.summary:
        article.is_summary_from_body = False  # someone wrote it: print it (the importer resets)
    for name in EDITABLE:
        if name in fields:
            setattr(article, name, fields[name])
    if "topics" in fields:
        article.topics = topics_for(fields["topics"])
    article.body_html = markdown.render(article.body_md)
    article.reading_minutes = markdown.reading_minutes(article.body_md)
    if article.status == "published" and article.published_at is None:
        article.published_at = utcnow()
    article.updated_at = utcnow()
    article.revision = (article.revision or 0) + 1
    db.session.flush()
    search.index_article(article)
    db.session.add(
        ArticleRevision(
            article_id=article.id,
            number=article.revision,
            author_id=actor_id,
            snapshot=snapshot(article),
        )
    )
    name = action or ("article.create" if is_new else "article.update")
    audit.record(name, actor_id, "article", article.id, {"revision": article.revision})
    return article


def snapshot(article: Article) -> dict:
    """The saved state of an article as JSON-safe values, for its revision history."""
    data = {name: getattr(article, name) for name in EDITABLE}
    for name in DATE_FIELDS:
        data[name] = data[name].isoformat() if data[name] else None
    data["topics"] = [t.name for t in article.topics]
    data["slug"] = article.slug
    return data


def fields_from_snapshot(data: dict) -> dict:
    """Turn a revision snapshot back into fields save_article accepts (shelf state left alone)."""
    fields = {name: data[name] for name in EDITABLE if name in data and name not in NOT_RESTORED}
    for name in DATE_FIELDS:
        if fields.get(name):
            fields[name] = date.fromisoformat(fields[name])
    fields["topics"] = data.get("topics", [])
    return fields


def set_status(
    article: Article, status: str, actor_id: int | None, replacement: Article | None = None
) -> Article:
    """Publish, unpublish (back to draft) or archive, pointing an archived one to its successor."""
    if replacement is not None and replacement.id == article.id:
        raise ArticleError("An article cannot replace itself; choose a different one")
    fields: dict = {"status": status}
    if status == "archived":
        fields["replacement_id"] = replacement.id if replacement else None
        fields["is_featured"] = False
    elif status == "published":
        fields["replacement_id"] = None
    verb = {"published": "publish", "draft": "unpublish", "archived": "archive"}[status]
    return save_article(article, fields, actor_id, action=f"article.{verb}")


def set_featured(article: Article, featured: bool, actor_id: int | None) -> Article:
    """Feature an article at the end of the featured list, or take it off the list."""
    position = article.position
    if featured and not article.is_featured:
        position = _last_featured_position() + 1
    fields = {"is_featured": featured, "position": position}
    return save_article(article, fields, actor_id, action="article.feature")


def _featured() -> list[Article]:
    """Featured articles in the curator's order."""
    query = select(Article).where(Article.is_featured.is_(True))
    return list(db.session.scalars(query.order_by(Article.position, Article.id)))


def _last_featured_position() -> int:
    """The highest position among featured articles (or -1 when there are none)."""
    featured = _featured()
    return max((a.position for a in featured), default=-1)


def move(article: Article, step: int, actor_id: int | None) -> None:
    """Move a featured article up (-1) or down (+1) the featured order; positions stay tidy."""
    order = _featured()
    if article not in order:
        raise ArticleError("Only featured articles have an order; feature it first")
    index = order.index(article)
    target = max(0, min(len(order) - 1, index + step))
    order.insert(target, order.pop(index))
    for position, item in enumerate(order):
        item.position = position
    db.session.flush()
    audit.record("article.reorder", actor_id, "article", article.id, {"position": target})


def restore_revision(article: Article, number: int, actor_id: int | None) -> Article:
    """Bring back an earlier version's text and details as a new revision."""
    revision = db.session.scalar(
        select(ArticleRevision).where(
            ArticleRevision.article_id == article.id, ArticleRevision.number == number
        )
    )
    if revision is None:
        raise ArticleError(f"Revision {number} of this article does not exist")
    fields = fields_from_snapshot(revision.snapshot)
    return save_article(article, fields, actor_id, action="article.restore")


def delete_article(article: Article, actor_id: int | None) -> None:
    """Delete a draft for good (published work is archived instead, so links keep working)."""
    if article.status != "draft":
        raise ArticleError("Only drafts can be deleted; archive a published article instead")
    search.remove_article(article.id)
    audit.record("article.delete", actor_id, "article", article.id)
    db.session.delete(article)
    db.session.flush()
