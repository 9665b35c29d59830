"""Read-only queries over articles, shared by the home page, the shelf and curation."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.db import db
from portal.models import Article, ArticleRevision, Topic, article_topic


def featured_articles(limit: int = 6) -> list[Article]:
    """Published articles, featured first, then by the curator's order and newest."""
    query = (
        select(Article)
        .where(Article.status == "published")
        .order_by(Article.is_featured.desc(), Article.position, Article.published_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def public_article(slug: str) -> Article | None:
    """The article at this address if visitors may see it (published or archived)."""
    query = select(Article).where(Article.slug == slug, Article.status != "draft")
    return db.session.scalar(query)


def article_by_slug(slug: str) -> Article | None:
    """Any article at this address, whatever its status (for staff)."""
    return db.session.scalar(select(Article).where(Article.slug == slug))


def topics_in_use() -> list[tuple[Topic, int]]:
    """Topics that have published articles, with how many, for the shelf's topic filter."""
    count = func.count(Article.id)
    query = (
        select(Topic, count)
        .join(article_topic, article_topic.c.topic_id == Topic.id)
        .join(Article, Article.id == article_topic.c.article_id)
        .where(Article.status == "published")
        .group_by(Topic.id)
        .order_by(Topic.name)
    )
    return [(topic, n) for topic, n in db.session.execute(query).all()]


def languages_in_use(statuses: tuple[str, ...] = ("published",)) -> list[tuple[str, int]]:
    """The languages articles of these statuses are written in, with how many, most first."""
    count = func.count(Article.id)
    query = (
        select(Article.language, count)
        .where(Article.status.in_(statuses))
        .group_by(Article.language)
        .order_by(count.desc(), Article.language)
    )
    return [(code, n) for code, n in db.session.execute(query).all()]


def topic_by_slug(slug: str) -> Topic | None:
    """A topic by its URL slug."""
    return db.session.scalar(select(Topic).where(Topic.slug == slug))


def related_articles(article: Article, limit: int = 3) -> list[Article]:
    """Published articles sharing the most topics with this one, then the newest others."""
    topic_ids = [t.id for t in article.topics]
    shared = func.count(article_topic.c.topic_id)
    query = (
        select(Article)
        .join(article_topic, article_topic.c.article_id == Article.id)
        .where(Article.status == "published", Article.id != article.id)
        .where(article_topic.c.topic_id.in_(topic_ids or [-1]))
        .group_by(Article.id)
        .order_by(shared.desc(), Article.published_at.desc())
        .limit(limit)
    )
    found = list(db.session.scalars(query))
    if len(found) < limit:
        seen = [article.id, *(a.id for a in found)]
        others = (
            select(Article)
            .where(Article.status == "published", Article.id.not_in(seen))
            .order_by(Article.published_at.desc())
            .limit(limit - len(found))
        )
        found += list(db.session.scalars(others))
    return found


def curation_list(status: str | None = None) -> list[Article]:
    """Every article for the curation list, optionally one status, recently changed first."""
    query = select(Article).order_by(Article.updated_at.desc(), Article.id.desc())
    if status:
        query = query.where(Article.status == status)
    return list(db.session.scalars(query))


def status_counts() -> dict[str, int]:
    """How many articles each status has, for the curation filter labels."""
    rows = db.session.execute(
        select(Article.status, func.count(Article.id)).group_by(Article.status)
    )
    return dict(rows.all())


def revisions(article: Article) -> list[ArticleRevision]:
    """An article's saved versions, newest first."""
    query = (
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .order_by(ArticleRevision.number.desc())
    )
    return list(db.session.scalars(query))


def replacement_choices(article: Article) -> list[Article]:
    """Published articles that could replace this one when it is archived."""
    query = (
        select(Article)
        .where(Article.status == "published", Article.id != article.id)
        .order_by(Article.title)
    )
    return list(db.session.scalars(query))
