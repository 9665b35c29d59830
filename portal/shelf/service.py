"""Saving articles: Markdown rendered and sanitised, topics linked, a revision kept per save."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from portal.db import db
from portal.models import Article, ArticleRevision, Topic
from portal.models.base import utcnow
from portal.security import audit
from portal.shelf import markdown

EDITABLE = (
    "title",
    "summary",
    "body_md",
    "author",
    "source_name",
    "source_url",
    "licence",
    "audience",
    "prompts",
    "status",
    "is_featured",
    "position",
)


def slugify(text: str) -> str:
    """A lower-case, hyphenated, ASCII slug for URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100] or "article"


def topics_for(names: list[str]) -> list[Topic]:
    """Find or create topics by name."""
    found = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        slug = slugify(name)
        topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
        if topic is None:
            topic = Topic(slug=slug, name=name[:80])
            db.session.add(topic)
        found.append(topic)
    return found


def save_article(article: Article | None, fields: dict, actor_id: int | None) -> Article:
    """Create or update an article from plain values and keep a revision of what was saved."""
    is_new = article is None
    if article is None:
        article = Article(slug=fields.get("slug") or slugify(fields["title"]), revision=0)
        db.session.add(article)
    for name in EDITABLE:
        if name in fields:
            setattr(article, name, fields[name])
    if "topics" in fields:
        article.topics = topics_for(fields["topics"])
    article.body_html = markdown.render(article.body_md)
    article.reading_minutes = markdown.reading_minutes(article.body_md)
    if article.status == "published" and article.published_at is None:
        article.published_at = utcnow()
    article.revision = (article.revision or 0) + 1
    db.session.flush()
    db.session.add(
        ArticleRevision(
            article_id=article.id,
            number=article.revision,
            author_id=actor_id,
            snapshot=snapshot(article),
        )
    )
    audit.record("article.create" if is_new else "article.update", actor_id, "article", article.id)
    return article


def snapshot(article: Article) -> dict:
    """The saved state of an article, for its revision history."""
    data = {name: getattr(article, name) for name in EDITABLE}
    data["topics"] = [t.name for t in article.topics]
    data["slug"] = article.slug
    return data
