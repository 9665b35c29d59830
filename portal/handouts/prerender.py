"""Render an article's generic handouts (Letter and A4) in the background once it is published.

Publishing or revising a published article, in a request, queues its id; after the commit a
background thread of this process renders both papers into the handout cache, so the first
person to click "Print" is served a cached file. A failure is logged (ids and reason only)
and never reaches the request that published. HANDOUT_PRERENDER turns it on or off (default:
on, except under TESTING).
"""

from __future__ import annotations

import logging
import os
import queue
import threading

from flask import Flask, current_app, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.db import db, read_only
from portal.handouts import engine, service
from portal.models import Article

PENDING = "handouts_prerender"
log = logging.getLogger("portal.handouts")
_queue: queue.Queue | None = None
_queue_lock = threading.Lock()


def enabled(app: Flask) -> bool:
    """HANDOUT_PRERENDER, or when unset: on unless the app is under test."""
    setting = app.config.get("HANDOUT_PRERENDER")
    return (not app.testing) if setting is None else bool(setting)


def _note_published(session: Session, flush_context) -> None:
    """Remember published articles this transaction wrote (new or changed)."""
    if not has_request_context():
        return  # a CLI command exits before a background render could finish
    written = [*session.new, *session.dirty]
    ids = {obj.id for obj in written if isinstance(obj, Article) and obj.status == "published"}
    if ids:
        session.info.setdefault(PENDING, set()).update(ids)


def _queue_after_commit(session: Session) -> None:
    """Once the change is durable, hand the ids to the background thread."""
    ids = session.info.pop(PENDING, None)
    if ids and has_app_context() and enabled(current_app):
        schedule(current_app._get_current_object(), sorted(ids))


def _forget(session: Session) -> None:
    """A rolled-back publish published nothing."""
    if not session.in_transaction():
        session.info.pop(PENDING, None)


LISTENERS = {
    "after_flush": _note_published,
    "after_commit": _queue_after_commit,
    "after_rollback": _forget,
}


def listen() -> None:
    """Watch every session for published articles (once per process, however many apps)."""
    for name, function in LISTENERS.items():
        if not event.contains(Session, name, function):
            event.listen(Session, name, function)


def schedule(app: Flask, article_ids: list[int]) -> None:
    """Queue these articles for rendering, starting this process's render thread if needed."""
    global _queue
    with _queue_lock:
        if _queue is None:
            _queue = queue.Queue()
            thread = threading.Thread(target=_run, args=(_queue,), name="handout-prerender")
            thread.daemon = True
            thread.start()
        _queue.put((app, article_ids))


def wait() -> None:
    """Block until everything queued so far is rendered (tests and the benchmark)."""
    if _queue is not None:
        _queue.join()


def _run(jobs: queue.Queue) -> None:
    """Render queued articles one after another, forever."""
    while True:
        app, article_ids = jobs.get()
        try:
            with app.app_context():
                for article_id in article_ids:
                    render_generic(article_id)
        finally:
            jobs.task_done()


def render_generic(article_id: int) -> int:
    """Render one article's generic Letter and A4 handouts into the cache; how many were made."""
    timeout = float(current_app.config.get("HANDOUT_RENDER_TIMEOUT", 30))
    made = 0
    for paper, job in _jobs(article_id):
        try:
            engine.render_pdf(**job, slot_wait=timeout)  # in the background: wait for a slot
            made += 1
        except Exception as exc:  # noqa: BLE001  (a pre-render must never take anything down)
            log.warning(
                "handout pre-render failed article_id=%s paper=%s reason=%s",
                article_id,
                paper,
                exc,
            )
    return made


def _jobs(article_id: int) -> list[tuple[str, dict]]:
    """(paper, what to render) for each paper, read in one short read-only transaction."""
    with read_only():
        try:
            article = db.session.get(Article, article_id)
            if article is None or article.status != "published":
                return []
            papers = service.PAPERS
            return [(p, service.render_job([article], service.Options(paper=p))) for p in papers]
        except Exception as exc:  # noqa: BLE001  (the publish is done; never fail it late)
            log.warning("handout pre-render failed article_id=%s reason=%s", article_id, exc)
            return []
        finally:
            db.session.remove()  # hold no transaction (or SQLite lock) while rendering


def _reset_after_fork() -> None:
    """A forked server worker starts its own thread when it first needs one."""
    global _queue, _queue_lock
    _queue = None
    _queue_lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_after_fork)
