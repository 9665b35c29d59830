"""Articles on the resource shelf, their topics and their revisions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import db
from portal.models.base import utcnow

ARTICLE_STATUSES = ("draft", "published", "archived")

article_topic = Table(
    "article_topic",
    db.metadata,
    Column("article_id", ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True),
)


class Topic(db.Model):
    """A subject an article is filed under (anxiety, grief, self-compassion)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(80))


class Article(db.Model):
    """An essay on the shelf: Markdown source, sanitised HTML, metadata and status."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    author_bio: Mapped[str] = mapped_column(Text, default="", server_default="")
    source_name: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="", index=True)
    # the source's own id (WordPress guid, Ghost id): re-imports match it, never the title
    source_id: Mapped[str] = mapped_column(String(500), default="", server_default="", index=True)
    licence: Mapped[str] = mapped_column(String(200), default="Own work")
    audience: Mapped[str] = mapped_column(String(120), default="")
    # The language its words are written in: the page's and the handout's lang.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en", index=True)
    reading_minutes: Mapped[int] = mapped_column(default=1)
    prompts: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    is_featured: Mapped[bool] = mapped_column(default=False)
    # the summary is the body's first paragraph: a handout prints it once, in the body
    is_summary_from_body: Mapped[bool] = mapped_column(default=False, server_default=false())
    position: Mapped[int] = mapped_column(default=0)
    replacement_id: Mapped[int | None] = mapped_column(
        ForeignKey("article.id", ondelete="SET NULL")
    )
    revision: Mapped[int] = mapped_column(default=1)
    last_reviewed_on: Mapped[date | None]
    next_review_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    topics: Mapped[list[Topic]] = relationship(secondary=article_topic, order_by=Topic.name)
    replacement: Mapped[Article | None] = relationship(remote_side=[id])


class ArticleRevision(db.Model):
    """A saved version of an article, so a printed handout can say which one it came from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
