"""Read-only queries over published articles, shared by the home page and the shelf."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import db
from portal.models import Article


def featured_articles(limit: int = 6) -> list[Article]:
    """Published articles, featured first, then by the curator's order and newest."""
    query = (
        select(Article)
        .where(Article.status == "published")
        .order_by(Article.is_featured.desc(), Article.position, Article.published_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
