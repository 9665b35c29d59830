"""My account: change my password, two-step sign-in, recovery codes, sign out everywhere."""

from __future__ import annotations

import logging

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from portal.auth import factor, service, sessions
from portal.auth.forms import ChangePasswordForm, TotpForm
from portal.auth.views import setup_picture, setup_secret
from portal.clinician.views import bp
from portal.db import db
from portal.extensions import limiter
from portal.mail import outbox
from portal.security import audit
from portal.security.access import recent_login_required

log = logging.getLogger("portal.auth")


def _me():
    """The signed-in user as a plain model object (not the Flask-Login proxy)."""
    return current_user._get_current_object()


def _duration(value) -> str:
    """A time-out in words: "30 minutes", "12 hours"."""
    minutes = int(value.total_seconds() // 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@bp.get("/account")
def account():
    """What protects my account: password, two-step sign-in, recovery codes, my sessions."""
    me = _me()
    config = current_app.config
    return render_template(
        "clinician/account.html",
        codes_left=factor.recovery_codes_left(me.id) if me.has_totp else 0,
        live_sessions=sessions.live_count(me.id),
        idle=_duration(config["STAFF_IDLE_TIMEOUT"]),
        absolute=_duration(config["STAFF_ABSOLUTE_TIMEOUT"]),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def account_password():
    """Change my own password: the current one first; every other session ends."""
    me = _me()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not service.check_current_password(me, form.current_password.data):
            form.current_password.errors.append("The current password is not right")
        else:
            try:
                service.change_password(me, form.new_password.data)
            except service.AccountError as exc:
                form.new_password.errors.append(str(exc))
            else:
                _keep_this_browser()
                flash("Your password has been changed. Every other browser has been signed out.")
                return redirect(url_for("clinician.account"))
        db.session.commit()  # keep the audit row of a wrong current password
    return render_template(
        "clinician/account_password.html", form=form, forced=me.must_change_password
    )


def _keep_this_browser() -> None:
    """After every session ended, give this browser a new one (a new id) and commit."""
    token = sessions.rotate(g.staff_session, request.headers.get("User-Agent"))
    db.session.commit()
    session["sid"] = token


@bp.route("/account/two-step", methods=["GET", "POST"])
@recent_login_required
def account_two_step():
    """Turn on, or replace, my authenticator app; replacing needs the current factor just now."""
    me = _me()
    if not factor.may_enrol(me, g.staff_session):
        return redirect(url_for("auth.reauthenticate", next=request.path))
    secret = setup_secret(me)
    form = TotpForm()
    if form.validate_on_submit() and factor.check_totp(me, form.code.data, secret):
        return _enrolled(me, secret)
    if form.is_submitted():
        form.code.errors.append("The code is not right. Enter the newest code from your app")
    return render_template(
        "clinician/account_two_step.html",
        form=form,
        replacing=me.has_totp,
        **setup_picture(me, secret),
    )


def _enrolled(me, secret: str):
    """Save the new factor, end other sessions if one was replaced, show new recovery codes."""
    replaced = factor.enrol(me, secret)
    session.pop("totp_setup_secret", None)
    if replaced:
        sessions.revoke_all(me.id)
    codes = factor.new_recovery_codes(me)
    token = sessions.rotate(g.staff_session, request.headers.get("User-Agent"), second_factor=True)
    message = factor.queue_factor_changed(me) if replaced else None
    db.session.commit()
    session["sid"] = token
    if message is not None:
        outbox.deliver(message.id)  # the send-mail timer retries if this attempt fails
    return render_template(
        "auth/recovery_codes.html", codes=codes, continue_to=url_for("clinician.account")
    )


@bp.post("/account/recovery-codes")
@recent_login_required
def account_recovery_codes():
    """Make a new set of recovery codes (the old ones stop working); shown once."""
    me = _me()
    if not me.has_totp:
        flash("Turn on two-step sign-in first; recovery codes stand in for the app.")
        return redirect(url_for("clinician.account"))
    codes = factor.new_recovery_codes(me)
    db.session.commit()
    return render_template(
        "auth/recovery_codes.html", codes=codes, continue_to=url_for("clinician.account")
    )


@bp.post("/account/sign-out-everywhere")
def account_sign_out_everywhere():
    """End every session of mine, this one included (a lost laptop, a shared computer)."""
    me = _me()
    ended = sessions.revoke_all(me.id)
    audit.record("session.revoke_all", me.id, "user", me.id, {"sessions": ended})
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have been signed out on every browser, this one included.")
    return redirect(url_for("auth.login"))
