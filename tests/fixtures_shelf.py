"""Fixtures for the shelf tests: an article factory that saves through the real service."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.db import db

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture
def make_article(app):
    """Factory: save an article through service.save_article (indexed, revised), committed."""
    from portal.shelf.service import save_article

    counter = iter(range(1, 100_000))

    def factory(
        title: str | None = None,
        body_md: str = "A short article body.",
        status: str = "published",
        topics: list[str] | None = None,
        **fields,
    ):
        """Store one article with these values and return it."""
        values = {
            "title": title or f"Article {next(counter)}",
            "body_md": body_md,
            "status": status,
            "topics": topics or [],
            "summary": fields.pop("summary", "A summary for the shelf."),
            **fields,
        }
        article = save_article(None, values, actor_id=None)
        db.session.commit()
        return article

    return factory


@pytest.fixture
def seeds_dir() -> Path:
    """The folder of real blog texts beside the checkout; tests skip when it is missing."""
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip("the shared seeds folder (../shared/seeds) is not present")
    return SEEDS
