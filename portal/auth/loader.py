"""How Flask-Login finds the signed-in user: only through a live server-side session."""

from __future__ import annotations

from flask import Flask, g, request, session

from portal.auth import sessions
from portal.db import db
from portal.extensions import login_manager
from portal.models import User


def init_app(app: Flask) -> None:
    """Configure Flask-Login: our own session check, no remember-me cookie."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    # "basic" only marks a session non-fresh, and trusts a client-sent X-Forwarded-For; the
    # server-side browser binding below (g.session_bound) is what recent-sign-in routes check.
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)


def load_user(user_id: str) -> User | None:
    """Return the user only if their session row is live; otherwise they are signed out."""
    try:
        uid = int(user_id)
    except ValueError:
        return None
    row = sessions.load(session.get("sid"), uid)
    if row is None:
        session.clear()
        return None
    user = db.session.get(User, uid)
    if user is None or not user.is_enabled:
        session.clear()
        return None
    g.staff_session = row
    g.session_bound = sessions.is_bound(row, request.headers.get("User-Agent"))
    return user
