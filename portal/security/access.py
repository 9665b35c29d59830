"""Access control that cannot be forgotten: staff blueprints guarded whole, public views marked."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, g, redirect, request, url_for
from flask_login import current_user

from portal.auth import sessions

# While an owner-issued temporary password is in use, only the password change page opens.
PASSWORD_CHANGE_ENDPOINTS = frozenset({"clinician.account_password"})


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
    if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("clinician.account_password"))
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
    """Risky actions need a recent sign-in from this browser, with the second factor if enrolled.

    A session used from another browser than the one that signed in (a copied cookie) is never
    recent: it is sent to confirm the password, and the code, first.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        staff_session = getattr(g, "staff_session", None)
        if (
            staff_session is None
            or not g.get("session_bound")
            or not sessions.is_recent(staff_session, with_second_factor=current_user.has_totp)
        ):
            return _confirm_first()
        return view(*args, **kwargs)

    return wrapper


def bound_session_required(view):
    """Exports open only in the browser that signed in; a copied cookie must sign in again."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if getattr(g, "staff_session", None) is None or not g.get("session_bound"):
            return _confirm_first()
        return view(*args, **kwargs)

    return wrapper


def _confirm_first():
    """Send the person to confirm who they are, then back to what they were doing."""
    back = request.form.get("next") or request.full_path.rstrip("?")  # keep the query string
    return redirect(url_for("auth.reauthenticate", next=back))
