"""Fixtures for the shelf tests: an article factory that saves through the real service."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.db import db

ROOT = Path(__file__).resolve().parents[1]


def find_seeds() -> Path | None:
    """PORTAL_SEEDS_DIR, else the nearest shared/seeds beside the checkout or above it."""
    if os.environ.get("PORTAL_SEEDS_DIR"):
        return Path(os.environ["PORTAL_SEEDS_DIR"])
    for folder in ROOT.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return None


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
    """The folder of real blog texts the team shares; tests skip when it is missing."""
    seeds = find_seeds()
    if seeds is None or not any(seeds.glob("*.txt")):
        pytest.skip("no shared/seeds folder above the checkout (or set PORTAL_SEEDS_DIR)")
    return seeds


@pytest.fixture
def staff(client, clinician, login_as):
    """A signed-in clinician's browser."""
    login_as(clinician)
    return client


def page_of(response) -> BeautifulSoup:
    """A response as a parsed page."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


# Demo words written for these tests.
SPANISH_BODY = """Hay días en que todo pesa un poco más, y está bien ir despacio.

## Un paso pequeño

Respire despacio y nombre tres cosas que puede ver a su alrededor.

## Para esta semana

- Escriba una cosa que hizo hoy y que le costó esfuerzo.
- Dé un paseo corto sin el teléfono.
"""


@pytest.fixture
def spanish_article(make_article):
    """A published Spanish article with a topic, prompts and an author, ready to print."""
    return make_article(
        "Respirar en los días difíciles",
        body_md=SPANISH_BODY,
        summary="Una práctica breve para los días que van demasiado rápido.",
        prompts=["¿Qué nota en su cuerpo ahora?", "¿Cuál es un paso pequeño?"],
        author="Dra. Inés Carvajal",
        language="es",
        topics=["Ansiedad"],
    )
