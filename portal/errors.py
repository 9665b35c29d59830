"""Friendly error pages (400, 403, 404, 405, 413, 429, 500, CSRF) that never show a stack trace."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("portal.errors")

MESSAGES = {
    400: (_l("Something went wrong with that request"), _l("Please go back and try again.")),
    403: (
        _l("You do not have access to this page"),
        _l("If you think you should, ask the practice owner."),
    ),
    404: (_l("Page not found"), _l("If you typed the web address, check it is correct.")),
    405: (
        _l("That action is not allowed here"),
        _l("Please go back and use the buttons on the page."),
    ),
    413: (
        _l("That was too large to send"),
        _l("Please shorten your answer or choose a smaller file, then try again."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Please wait a few minutes and try again. If you need help now, use the numbers below."),
    ),
    500: (_l("Sorry, there is a problem with the service"), _l("Please try again later.")),
    503: (_l("Sorry, the service is unavailable"), _l("Please try again in a few minutes.")),
}


def init_app(app: Flask) -> None:
    """Register handlers for HTTP errors, CSRF failures and unexpected exceptions."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)


def render_error(status: int, heading: str | None = None, body: str | None = None, **extra):
    """Render the shared error page with a status, a heading and what to do next."""
    default_heading, default_body = MESSAGES.get(status, MESSAGES[500])
    return (
        render_template(
            "errors/error.html",
            status=status,
            heading=heading or default_heading,
            body=body or default_body,
            **extra,
        ),
        status,
    )


def _http_error(error: HTTPException):
    """Known HTTP errors get the friendly page with the same status."""
    if error.code is None or error.code < 400:
        return error
    if request_ctx.url_adapter is None:  # an untrusted Host header: no page can be built for it
        return error.description or "Bad request", error.code, {"Content-Type": "text/plain"}
    return render_error(error.code)


def _csrf_error(error: CSRFError):
    """Log the failure (route only, never field values) and explain what happened."""
    log.warning("csrf_failure route=%s ip=%s", request.path, request.remote_addr)
    return render_error(
        400,
        _("Your session expired"),
        _("For your security the form timed out. Please go back, reload the page and try again."),
    )


def _database_unavailable(error: OperationalError):
    """A busy or unreachable database is a temporary 503, never a 500 with a stack trace."""
    from portal.db import db, read_only

    db.session.rollback()
    log.error("database unavailable route=%s error=%s", request.path, type(error.orig).__name__)
    retry = {"Retry-After": "5"}
    try:
        with read_only():
            page, _status = render_error(
                503, body=_("Nothing was changed. Please try again in a moment.")
            )
    except Exception:  # the page itself needs the database; fall back to plain words
        db.session.rollback()
        page = "The service is busy. Nothing was changed. Please try again in a moment."
        return page, 503, {**retry, "Content-Type": "text/plain; charset=utf-8"}
    return page, 503, retry


def _unexpected(error: Exception):
    """Anything unexpected: log it with a request id, show only the id."""
    if isinstance(error, HTTPException):
        return _http_error(error)
    request_id = secrets.token_hex(6)
    log.error("unhandled error request_id=%s route=%s", request_id, request.path, exc_info=error)
    return render_error(500, request_id=request_id)
