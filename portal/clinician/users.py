"""Owner page for staff accounts: add, deactivate, unlock, reset a password or a second factor."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.auth import service as accounts
from portal.clinician import settings_service
from portal.clinician.forms import PracticeSecurityForm, UserForm
from portal.clinician.views import bp
from portal.db import db
from portal.models import User
from portal.models.base import utcnow
from portal.practice import get_practice
from portal.security import audit
from portal.security.access import owner_required, recent_login_required


def _page(form: UserForm | None = None, status: int = 200):
    """The users page with the add form and the practice-wide rules."""
    practice = get_practice()
    rules = PracticeSecurityForm(
        assigned_only=practice.assigned_only, require_totp=practice.require_totp
    )
    staff = db.session.scalars(select(User).order_by(User.role.desc(), User.email)).all()
    return render_template(
        "clinician/users.html",
        staff=staff,
        form=form or UserForm(),
        rules=rules,
        now=utcnow(),
    ), status


@bp.get("/users")
@owner_required
def users():
    """Everyone who can sign in, with what they may do."""
    return _page()


@bp.post("/users")
@owner_required
@recent_login_required
def add_user():
    """Add a staff account with a first password the person changes."""
    form = UserForm()
    if not form.validate():
        return _page(form)
    try:
        user = accounts.create_user(
            form.email.data, form.password.data, form.role.data, form.display_name.data.strip()
        )
    except accounts.AccountError as exc:
        target = form.password if "assword" in str(exc) else form.email
        target.errors = [str(exc)]
        return _page(form)
    user.totp_required = bool(form.require_totp.data)
    db.session.commit()
    flash(f"Account added for {user.email}.")
    return redirect(url_for("clinician.users"))


def _other_user(user_id: int) -> User:
    """A staff account other than the owner's own (you cannot lock yourself out here)."""
    user = db.session.get(User, user_id)
    if user is None or user.id == current_user.id:
        abort(404)
    return user


def _act_on(user_id: int, action: Callable[[User, int], object], said: Callable[[User], str]):
    """One owner action on another account: do it, commit, say what changed, back to the list."""
    user = _other_user(user_id)
    action(user, current_user.id)
    db.session.commit()
    flash(said(user))
    return redirect(url_for("clinician.users"))


def _flip_enabled(user: User, by: int) -> None:
    """Deactivate an enabled account (its sessions end) or reactivate a disabled one."""
    accounts.set_enabled(user, not user.is_enabled, by)


def _flip_totp_required(user: User, by: int) -> None:
    """Require a second factor of one account, or stop requiring it; audited."""
    user.totp_required = not user.totp_required
    audit.record("user.totp_required", by, "user", user.id, {"required": user.totp_required})


@bp.post("/users/<int:user_id>/enabled")
@owner_required
@recent_login_required
def toggle_enabled(user_id: int):
    """Deactivate (their sessions end at once) or reactivate an account."""
    return _act_on(
        user_id,
        _flip_enabled,
        lambda user: f"{user.name} can {'now' if user.is_enabled else 'no longer'} sign in.",
    )


@bp.post("/users/<int:user_id>/totp-required")
@owner_required
def toggle_totp_required(user_id: int):
    """Require (or stop requiring) a second factor for one account."""
    return _act_on(
        user_id,
        _flip_totp_required,
        lambda user: (
            f"Second factor {'required' if user.totp_required else 'optional'} for {user.name}."
        ),
    )


@bp.post("/users/<int:user_id>/totp-reset")
@owner_required
@recent_login_required
def reset_totp(user_id: int):
    """Remove a lost authenticator; the person enrols again at their next sign-in."""
    return _act_on(
        user_id,
        accounts.reset_totp,
        lambda user: f"Second factor reset for {user.name}; their sessions have ended.",
    )


@bp.post("/users/<int:user_id>/unlock")
@owner_required
def unlock(user_id: int):
    """Lift the pause after too many wrong passwords or codes, before it ends by itself."""
    return _act_on(user_id, accounts.unlock, lambda user: f"{user.name} can sign in again.")


@bp.post("/users/<int:user_id>/password-reset")
@owner_required
@recent_login_required
def reset_password(user_id: int):
    """Give a one-time password to hand over; they must choose their own at the next sign-in."""
    user = _other_user(user_id)
    temporary = accounts.reset_password(user, current_user.id)
    db.session.commit()
    return render_template("clinician/user_password_reset.html", user=user, temporary=temporary)


@bp.post("/users/access")
@owner_required
def access_rules():
    """Practice-wide rules: assigned-only mode and a required second factor."""
    form = PracticeSecurityForm()
    if form.validate():
        settings_service.set_access_rules(
            bool(form.assigned_only.data), bool(form.require_totp.data), current_user.id
        )
        db.session.commit()
        flash("Access rules saved.")
    return redirect(url_for("clinician.users"))
