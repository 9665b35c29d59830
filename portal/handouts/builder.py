"""The builder's state: which articles are chosen, in what order, and what the search found."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import db
from portal.handouts.service import Options
from portal.models import Article

MAX_CHOSEN = 20


def published_titles(slugs: list[str]) -> list[dict]:
    """Chosen slugs that are still published, in order, with their titles (plain values)."""
    unique = list(dict.fromkeys(s for s in slugs if s))[:MAX_CHOSEN]
    rows = db.session.execute(
        select(Article.slug, Article.title).where(
            Article.slug.in_(unique), Article.status == "published"
        )
    )
    titles = {slug: title for slug, title in rows}
    return [{"slug": s, "title": titles[s]} for s in unique if s in titles]


def apply_action(chosen: list[str], action: str, added: list[str]) -> list[str]:
    """Add, move up, move down or remove an article; other actions leave the list alone."""
    chosen = list(dict.fromkeys(chosen))
    verb, _, slug = action.partition(":")
    if verb == "add":
        chosen += [s for s in added if s not in chosen]
    elif verb == "remove" and slug in chosen:
        chosen.remove(slug)
    elif verb in ("up", "down") and slug in chosen:
        index = chosen.index(slug)
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(chosen):
            chosen[index], chosen[other] = chosen[other], chosen[index]
    return chosen[:MAX_CHOSEN]


def find_articles(query: str, per_page: int = 20) -> list[dict]:
    """Published articles matching the words (the shelf's search), as slug/title/summary."""
    try:
        from portal.shelf.search import search_articles
    except ImportError:  # the shelf search is optional: fall back to a plain listing
        search_articles = None
    if search_articles is not None:
        hits = search_articles(query or "", per_page=per_page).items
        return [_hit_values(h.article) for h in hits]
    rows = db.session.scalars(
        select(Article).where(Article.status == "published").order_by(Article.title).limit(per_page)
    )
    return [_hit_values(a) for a in rows]


def _hit_values(article: Article) -> dict:
    """A search result as plain values."""
    return {"slug": article.slug, "title": article.title, "summary": article.summary or ""}


def options_from(data: dict, clinician: str) -> Options:
    """Print options from the builder form's data."""
    return Options(
        paper=data.get("paper") or "",
        large_print=bool(data.get("large_print")),
        client_name=data.get("client_name") or "",
        note=data.get("note") or "",
        show_for_line=bool(data.get("show_for_line")),
        notes_page=bool(data.get("notes_page")),
        fillable=bool(data.get("fillable")),
        packet_title=data.get("packet_title") or "",
        clinician=clinician,
    )
