"""Sign-in, second factor, re-authentication and sign-out views."""

from __future__ import annotations

import time

import pyotp
import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from portal.auth import factor, service, sessions
from portal.auth.forms import CODE_HINT, LoginForm, PasswordConfirmForm, TotpForm
from portal.auth.redirects import safe_next
from portal.db import db
from portal.extensions import limiter
from portal.models import User
from portal.security import audit
from portal.security.access import public, staff_required

bp = Blueprint("auth", __name__, url_prefix="/auth")

FAILED = (
    "The email address or password is not right. After many failed attempts, "
    "sign-in pauses for 15 minutes."
)
WRONG_CODE = "The code is not right or was already used. Enter the newest code"
PAUSED = (
    "Too many wrong codes: sign-in to this account is paused for 15 minutes. "
    "The practice owner can lift the pause sooner."
)
PENDING_SECONDS = 300


def _login_limit() -> str:
    """Per-IP throttle for password and code posts, from configuration."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def _dashboard() -> str:
    """Where staff land after signing in."""
    return url_for("clinician.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Password step; a second factor follows when enrolled or required."""
    form = LoginForm()
    if form.validate_on_submit():
        result = service.check_password(form.email.data, form.password.data)
        db.session.commit()
        if result.user is None:
            form.password.errors.append(FAILED)
            return render_template("auth/login.html", form=form, failed=True), 200
        if result.needs_totp or result.needs_enrolment:
            session.clear()
            session["pending_uid"] = result.user.id
            session["pending_at"] = int(time.time())
            session["pending_step"] = "totp" if result.needs_totp else "enrol"
            endpoint = "auth.totp" if result.needs_totp else "auth.totp_setup"
            return redirect(url_for(endpoint, next=form.next.data or None))
        _complete(result.user, None)
        return redirect(safe_next(form.next.data, _dashboard()))
    if not form.is_submitted():
        form.next.data = safe_next(request.args.get("next"), "")
    return render_template("auth/login.html", form=form)


@bp.route("/totp", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["TOTP_RATE_LIMIT"], methods=["POST"])
def totp():
    """Second step: a code from the authenticator app, or a one-time recovery code."""
    user = _pending_user("totp")
    if user is None:
        return redirect(url_for("auth.login"))
    form = TotpForm()
    if form.validate_on_submit():
        kind = None if factor.is_locked(user) else factor.check_second_factor(user, form.code.data)
        if kind:
            _complete(user, kind)
            if kind == "recovery":
                flash(_recovery_left_message(user))
            return redirect(safe_next(form.next.data, _dashboard()))
        if factor.is_locked(user) or factor.note_failure(user):
            audit.record("totp.locked", user.id, "user", user.id)
            form.code.errors.append(PAUSED)
        else:
            form.code.errors.append(WRONG_CODE)
        db.session.commit()
    if not form.is_submitted():
        form.next.data = safe_next(request.args.get("next"), "")
    return render_template("auth/totp.html", form=form, hint=CODE_HINT)


@bp.route("/totp/setup", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["TOTP_RATE_LIMIT"], methods=["POST"])
def totp_setup():
    """First-time enrolment during sign-in, only for an account that has no second factor yet.

    An account that already has one never reaches this page from the half-signed-in state;
    signed-in staff change their factor from their account page, after a recent sign-in.
    """
    if current_user.is_authenticated:
        return redirect(url_for("clinician.account_two_step"))
    user = _pending_user("enrol")
    if user is None or user.has_totp:
        return redirect(url_for("auth.login"))
    secret = setup_secret(user)
    form = TotpForm()
    if form.validate_on_submit() and factor.check_totp(user, form.code.data, secret):
        factor.enrol(user, secret)
        codes = factor.new_recovery_codes(user)
        _complete(user, "totp")
        return render_template(
            "auth/recovery_codes.html",
            codes=codes,
            continue_to=safe_next(form.next.data, _dashboard()),
        )
    if form.is_submitted():
        form.code.errors.append("The code is not right. Enter the newest code from your app")
    return render_template("auth/totp_setup.html", form=form, **setup_picture(user, secret))


def setup_secret(user: User) -> str:
    """The secret being set up in this browser (kept encrypted in the session until confirmed)."""
    secret = factor.secret_from_session(session.get("totp_setup_secret"), user.id)
    if secret is None:
        secret = pyotp.random_base32()
        session["totp_setup_secret"] = factor.secret_for_session(secret, user.id)
    return secret


def setup_picture(user: User, secret: str) -> dict:
    """The QR code and typed key for an authenticator app."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Practice Portal")
    return {"secret": secret, "qr": segno.make(uri, error="m").svg_data_uri(scale=5)}


@bp.route("/reauthenticate", methods=["GET", "POST"])
@staff_required
@limiter.limit(_login_limit, methods=["POST"])
def reauthenticate():
    """Confirm the password (and current code) again before a risky action; throttled, audited."""
    form = PasswordConfirmForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        kind = _confirm(user, form)
        if kind is not False:
            audit.record("login.reauthenticate", user.id, "user", user.id)
            _rotate(second_factor=kind is not None)
            return redirect(safe_next(form.next.data, _dashboard()))
        db.session.commit()
    if not form.is_submitted():
        form.next.data = safe_next(request.args.get("next"), "")
    return render_template("auth/reauthenticate.html", form=form, needs_code=user.has_totp)


def _confirm(user: User, form: PasswordConfirmForm):
    """Check the form; the factor kind (None without TOTP) on success, False on any failure."""
    if not service.check_current_password(user, form.password.data):
        form.password.errors.append("The password is not right")
        return False
    if not user.has_totp:
        return None
    kind = factor.check_second_factor(user, form.code.data or "")
    if kind is None:
        factor.note_failure(user)
        form.code.errors.append(WRONG_CODE)
        return False
    return kind


@bp.route("/logout", methods=["POST"])
@public
def logout():
    """Sign out: the server forgets the session, so a copied cookie stops working."""
    user_id = current_user.id if current_user.is_authenticated else None
    sessions.end(session.get("sid"))
    audit.record("logout", user_id, "user", user_id or "")
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.login"))


def _complete(user: User, factor_kind: str | None) -> None:
    """Start a fresh session (never reuse the pre-login one) for a fully signed-in user."""
    session.clear()
    token = service.open_session(user, request.headers.get("User-Agent"), factor_kind)
    db.session.commit()
    login_user(user)
    session["sid"] = token
    session.permanent = True


def _rotate(second_factor: bool = False) -> None:
    """Give this browser a new session id after a privilege change, and commit."""
    token = sessions.rotate(g.staff_session, request.headers.get("User-Agent"), second_factor)
    db.session.commit()
    session["sid"] = token


def _recovery_left_message(user: User) -> str:
    """What a person signing in with a recovery code should know next."""
    left = factor.recovery_codes_left(user.id)
    return (
        f"You signed in with a recovery code. You have {left} left: set up your authenticator "
        "app again or make new codes from My account."
    )


def _pending_user(step: str) -> User | None:
    """The user who passed the password step in the last few minutes and must now do `step`."""
    uid = session.get("pending_uid")
    if not uid or session.get("pending_step") != step:
        return None
    if time.time() - session.get("pending_at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, uid)
    return user if user and user.is_enabled else None
