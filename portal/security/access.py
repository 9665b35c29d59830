"""Access control that cannot be forgotten: staff blueprints guarded whole, public views marked."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from flask_login import current_user

from portal.models.base import utcnow


def public(view):
    """Mark a view as open to anyone; the access test fails on views that are neither."""
    view.is_public = True
    return view


def guard_staff(bp: Blueprint) -> None:
    """Require a signed-in staff member for every view of the blueprint."""
    bp.before_request(_require_staff)


def _require_staff():
    """Send anonymous visitors to sign in, keeping where they were going (a local path)."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def staff_required(view):
    """A single staff-only view outside a guarded blueprint (e.g. confirming a password)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        redirect_response = _require_staff()
        return redirect_response or view(*args, **kwargs)

    wrapper.staff_only = True
    return wrapper


def owner_required(view):
    """Only the practice owner may use this view; others get 403."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated or not current_user.is_owner:
            abort(403)
        return view(*args, **kwargs)

    wrapper.owner_only = True
    return wrapper


def recent_login_required(view):
    """Destructive actions need a sign-in within RECENT_LOGIN_WINDOW; otherwise sign in again."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        staff_session = getattr(g, "staff_session", None)
        window = current_app.config["RECENT_LOGIN_WINDOW"]
        if staff_session is None or utcnow() - staff_session.authenticated_at > window:
            return redirect(
                url_for("auth.reauthenticate", next=request.form.get("next") or request.path)
            )
        return view(*args, **kwargs)

    return wrapper
