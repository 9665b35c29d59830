"""The public shelf listing, served from memory until the shelf or the practice changes.

Building the listing takes six queries and most of a request's time, and visitors mostly see
the same page. This WSGI layer sits in front of the app: for a GET of the shelf from a visitor
with no cookie at all (so no session, nobody signed in, nothing personal), it asks the
database one cheap question instead: how many articles there are, when one last changed and
when the practice settings last changed. That stamp is part of the cache key, so a publish, an
edit or a new setting shows on the very next request, on every worker and every server (each
keeps its own copy; none needs another's). A miss goes through the app as usual, and only a
plain 200 page that sets no cookie is kept, with the headers the app gave it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from threading import Lock
from urllib.parse import parse_qsl

from flask import Flask
from sqlalchemy import event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portal.db import db, read_only
from portal.models import Article, Practice
from portal.models.base import utcnow

PATHS = frozenset({"/shelf/"})
QUERY_NAMES = frozenset({"topic", "page", "language"})  # a search (?q=) is never cached
# Everything in a request that can change the page or its links (with ProxyFix configured);
# the browser's languages choose the page's own language when no session has chosen.
KEYED = (
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_ACCEPT_LANGUAGE",
    "SCRIPT_NAME",
    "HTTP_HOST",
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PREFIX",
)
MAX_PAGES = 64
# Built once: composing the statement would cost as much as running it.
STAMP = select(
    select(func.count(Article.id)).scalar_subquery(),
    select(func.max(Article.updated_at)).scalar_subquery(),
    select(func.max(Practice.updated_at)).scalar_subquery(),
)


def shelf_stamp(connection) -> tuple:
    """One query: article count, newest article change, newest settings change."""
    return tuple(connection.execute(STAMP).one())


def anonymous_get(environ: dict) -> bool:
    """A shelf listing asked for with no cookie and no credentials, by GET."""
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") not in PATHS:
        return False
    if environ.get("HTTP_COOKIE") or environ.get("HTTP_AUTHORIZATION"):
        return False
    names = {name for name, _ in parse_qsl(environ.get("QUERY_STRING", ""), True)}
    return names <= QUERY_NAMES


class ShelfPageCache:
    """WSGI middleware serving repeat anonymous shelf listings from memory."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        """Wrap the app's WSGI callable; the cache starts empty."""
        self.app = app
        self.wsgi_app = wsgi_app
        self.pages: OrderedDict[tuple, tuple[str, list, bytes]] = OrderedDict()
        self.lock = Lock()
        self.engine = None  # the app's engine, in autocommit mode (made on first use)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Answer from the cache when the request allows it, else from the app."""
        if not anonymous_get(environ):
            return self.wsgi_app(environ, start_response)
        try:
            key = (*(environ.get(name) for name in KEYED), *self.stamp())
        except SQLAlchemyError:  # the app answers, with its own error page if it must
            return self.wsgi_app(environ, start_response)
        with self.lock:
            hit = self.pages.get(key)
            if hit is not None:
                self.pages.move_to_end(key)
        if hit is not None:
            status, headers, body = hit
            start_response(status, list(headers))
            return [body]
        return self.fill(key, environ, start_response)

    def stamp(self) -> tuple:
        """The shelf's stamp, read outside any transaction: no BEGIN, no ROLLBACK, no lock."""
        if self.engine is None:
            with self.app.app_context():
                self.engine = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        with read_only(), self.engine.connect() as connection:
            return shelf_stamp(connection)

    def fill(self, key: tuple, environ: dict, start_response: Callable) -> list[bytes]:
        """Let the app answer, pass its answer on, and keep it if it is a plain public page."""
        seen: dict = {}

        def remember(status, headers, exc_info=None):
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, remember)
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        names = {name.lower() for name, _ in seen.get("headers", [])}
        if seen.get("status", "").startswith("200") and "set-cookie" not in names:
            with self.lock:
                self.pages[key] = (seen["status"], list(seen["headers"]), body)
                while len(self.pages) > MAX_PAGES:
                    self.pages.popitem(last=False)
        return [body]

    def clear(self) -> None:
        """Forget every cached page (a template change restarts the server anyway)."""
        with self.lock:
            self.pages.clear()


def init_app(app: Flask) -> None:
    """Put the cache in front of the app (outermost, so a hit costs almost nothing)."""
    app.wsgi_app = ShelfPageCache(app, app.wsgi_app)
    app.extensions["shelf_page_cache"] = app.wsgi_app


@event.listens_for(Session, "before_flush")
def _touch_changed_articles(session: Session, flush_context, instances) -> None:
    """Move updated_at on any change to an article, its topics included (a collection change
    alone would not), so the stamp above sees every edit."""
    for obj in session.dirty:
        if isinstance(obj, Article) and session.is_modified(obj):
            obj.updated_at = utcnow()
