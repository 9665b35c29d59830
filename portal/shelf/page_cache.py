"""The public shelf listing, rendered once per change of the shelf or the practice (per process).

Building the listing takes five queries and most of a request's time; visitors mostly see the
same page. Each request asks the database one cheap question instead: how many articles there
are, when one last changed and when the practice settings last changed. That stamp is part of
the cache key, so a publish, an edit or a new setting shows on the very next request, on every
worker and every server (each keeps its own copy; none needs another's). Only anonymous
visitors with an empty session get the cached page, so nothing personal is ever shared.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from flask import session
from flask_login import current_user
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from portal.db import db
from portal.models import Article, Practice
from portal.models.base import utcnow

MAX_PAGES = 64
_pages: OrderedDict[tuple, str] = OrderedDict()
_lock = Lock()


# Built once: composing the statement would cost as much as running it.
STAMP = select(
    select(func.count(Article.id)).scalar_subquery(),
    select(func.max(Article.updated_at)).scalar_subquery(),
    select(func.max(Practice.updated_at)).scalar_subquery(),
)


def shelf_stamp() -> tuple:
    """One query: article count, newest article change, newest settings change."""
    return tuple(db.session.execute(STAMP).one())


def cacheable() -> bool:
    """Only an anonymous visitor with nothing in the session (no flash, no draft) shares a page."""
    return not session and not current_user.is_authenticated


def cached_page(parts: tuple, render: Callable[[], str]) -> str:
    """The page for these view arguments at the current stamp, rendered on a miss."""
    key = (*parts, *shelf_stamp())
    with _lock:
        page = _pages.get(key)
        if page is not None:
            _pages.move_to_end(key)
            return page
    page = render()
    with _lock:
        _pages[key] = page
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    return page


def clear() -> None:
    """Forget every cached page (tests; a template change restarts the server anyway)."""
    with _lock:
        _pages.clear()


@event.listens_for(Session, "before_flush")
def _touch_changed_articles(session: Session, flush_context, instances) -> None:
    """Move updated_at on any change to an article, its topics included (a collection change
    alone would not), so the stamp above sees every edit."""
    for obj in session.dirty:
        if isinstance(obj, Article) and session.is_modified(obj):
            obj.updated_at = utcnow()
