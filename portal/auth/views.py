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

from portal.auth import service
from portal.auth.forms import LoginForm, PasswordConfirmForm, TotpForm
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
        if result.user is None:
            db.session.commit()
            form.password.errors.append(FAILED)
            return render_template("auth/login.html", form=form, failed=True), 200
        db.session.commit()
        if result.needs_totp or result.needs_enrolment:
            session.clear()
            session["pending_uid"] = result.user.id
            session["pending_at"] = int(time.time())
            endpoint = "auth.totp" if result.needs_totp else "auth.totp_setup"
            return redirect(url_for(endpoint, next=form.next.data or None))
        return _complete(result.user, form.next.data)
    if not form.is_submitted():
        form.next.data = safe_next(request.args.get("next"), "")
    return render_template("auth/login.html", form=form)


@bp.route("/totp", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["TOTP_RATE_LIMIT"], methods=["POST"])
def totp():
    """Second step: a code from the authenticator app."""
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    form = TotpForm()
    if form.validate_on_submit():
        if service.check_totp(user, form.code.data):
            return _complete(user, form.next.data)
        audit.record("totp.failure", user.id, "user", user.id)
        db.session.commit()
        form.code.errors.append("The code is not right or was already used. Enter the newest code")
    if not form.is_submitted():
        form.next.data = safe_next(request.args.get("next"), "")
    return render_template("auth/totp.html", form=form)


@bp.route("/totp/setup", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["TOTP_RATE_LIMIT"], methods=["POST"])
def totp_setup():
    """Enrol an authenticator app: scan the code, then confirm one code."""
    user = current_user if current_user.is_authenticated else _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    secret = session.get("totp_setup_secret") or pyotp.random_base32()
    session["totp_setup_secret"] = secret
    form = TotpForm()
    if form.validate_on_submit() and service.check_totp(user, form.code.data, secret):
        service.enrol_totp(user, secret)
        session.pop("totp_setup_secret", None)
        if current_user.is_authenticated:
            db.session.commit()
            flash("Two-step sign-in is on for your account.")
            return redirect(_dashboard())
        return _complete(user, form.next.data)
    if form.is_submitted():
        form.code.errors.append("The code is not right. Enter the newest code from your app")
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Practice Portal")
    qr = segno.make(uri, error="m").svg_data_uri(scale=5)
    return render_template("auth/totp_setup.html", form=form, secret=secret, qr=qr)


@bp.route("/reauthenticate", methods=["GET", "POST"])
@staff_required
def reauthenticate():
    """Confirm the password again before a destructive action."""
    form = PasswordConfirmForm()
    if form.validate_on_submit():
        if service.passwords.verify_password(current_user.password_hash, form.password.data):
            service.touch_session(g.staff_session)
            audit.record("login.reauthenticate", current_user.id, "user", current_user.id)
            db.session.commit()
            return redirect(safe_next(form.next.data, _dashboard()))
        form.password.errors.append("The password is not right")
    if not form.is_submitted():
        form.next.data = safe_next(request.args.get("next"), "")
    return render_template("auth/reauthenticate.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    """Sign out: the server forgets the session, so a copied cookie stops working."""
    user_id = current_user.id if current_user.is_authenticated else None
    service.end_session(session.get("sid"), user_id)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.login"))


def _complete(user: User, next_url: str | None):
    """Start a fresh session (never reuse the pre-login one) and go where the user was going."""
    session.clear()
    token = service.start_session(user)
    db.session.commit()
    login_user(user)
    session["sid"] = token
    session.permanent = True
    return redirect(safe_next(next_url, _dashboard()))


def _pending_user() -> User | None:
    """The user who passed the password step in the last few minutes."""
    uid = session.get("pending_uid")
    if not uid or time.time() - session.get("pending_at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, uid)
    return user if user and user.is_enabled else None
