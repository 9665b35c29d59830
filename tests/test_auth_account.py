"""My account, owner resets, re-authentication limits, and the session cases of security.md."""

from __future__ import annotations

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select

from portal.db import db
from portal.models import AuditEvent, User
from tests.conftest import PASSWORD
from tests.fixtures_auth import browser, password_step
from tests.fixtures_clinician import audit_count, page_text
from tests.test_access import sample_url, staff_rules

DASHBOARD = "/clinician/"
ACCOUNT = "/clinician/account"
PASSWORD_PAGE = "/clinician/account/password"
REAUTH = "/auth/reauthenticate"
NEW_PASSWORD = "a fresh passphrase nobody knows"


def fresh(user_id: int) -> User:
    """The account as stored now."""
    db.session.expire_all()
    return db.session.get(User, user_id)


def test_change_my_password_needs_the_current_one_and_ends_other_sessions(
    app, client, clinician, login_as
):
    login_as(clinician)
    other = browser(app, "10.1.1.1", "Other browser")
    other.post_form("/auth/login", {"email": clinician.email, "password": PASSWORD})
    wrong = client.post_form(
        PASSWORD_PAGE,
        {"current_password": "not my password", "new_password": NEW_PASSWORD},
        token_page=PASSWORD_PAGE,
    )
    assert "The current password is not right" in page_text(wrong)
    assert audit_count("password.change") == 0
    ok = client.post_form(
        PASSWORD_PAGE,
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        token_page=PASSWORD_PAGE,
    )
    assert ok.headers["Location"] == ACCOUNT
    assert "Every other browser has been signed out" in page_text(client.get(ACCOUNT))
    assert other.get(DASHBOARD).status_code == 302
    assert audit_count("password.change") == 1
    client.post_form("/auth/logout", token_page=DASHBOARD)
    assert (
        client.post_form(
            "/auth/login", {"email": clinician.email, "password": NEW_PASSWORD}
        ).headers["Location"]
        == DASHBOARD
    )


def test_account_page_shows_time_outs_and_signs_out_everywhere(app, client, clinician, login_as):
    login_as(clinician)
    other = browser(app, "10.1.1.2", "Other browser")
    other.post_form("/auth/login", {"email": clinician.email, "password": PASSWORD})
    text = page_text(client.get(ACCOUNT))
    assert "signed in on 2 browsers" in text
    assert "after 30 minutes without activity, and 12 hours after signing in" in text
    response = client.post_form(f"{ACCOUNT}/sign-out-everywhere", token_page=ACCOUNT)
    assert response.headers["Location"] == "/auth/login"
    assert client.get(DASHBOARD).status_code == 302
    assert other.get(DASHBOARD).status_code == 302
    assert audit_count("session.revoke_all") == 1


def test_owner_reset_forces_a_new_password_and_keeps_the_second_factor(
    app, enrolled, owner_browser
):
    user, secret = enrolled
    page = owner_browser.post_form(
        f"/clinician/users/{user.id}/password-reset",
        {"next": "/clinician/users"},
        token_page=DASHBOARD,
    )
    text = page_text(page)
    temporary = page.get_data(as_text=True).split("<code>")[1].split("</code>")[0]
    assert "choose a new password that only they know" in text
    assert audit_count("password.reset") == 1 and fresh(user.id).must_change_password
    theirs = browser(app, "10.1.1.3")
    response = password_step(theirs, user, temporary)
    assert response.headers["Location"].startswith("/auth/totp")  # still needs the app
    assert theirs.get(DASHBOARD).status_code == 302
    theirs.post_form("/auth/totp", {"code": pyotp.TOTP(secret).now()}, token_page="/auth/totp")
    assert theirs.get(DASHBOARD).headers["Location"] == PASSWORD_PAGE
    assert theirs.get("/clinician/intakes").headers["Location"] == PASSWORD_PAGE
    changed = theirs.post_form(
        PASSWORD_PAGE,
        {"current_password": temporary, "new_password": NEW_PASSWORD},
        token_page=PASSWORD_PAGE,
    )
    assert changed.headers["Location"] == ACCOUNT
    assert theirs.get(DASHBOARD).status_code == 200
    assert fresh(user.id).must_change_password is False


def test_recovery_codes_are_hashed_and_work_once(app, client, enrolled):
    from portal.auth import factor
    from portal.models import RecoveryCode

    user, secret = enrolled
    codes = factor.new_recovery_codes(user)
    db.session.commit()
    stored = " ".join(db.session.scalars(select(RecoveryCode.code_hash)).all())
    assert all(code not in stored and code.replace("-", "") not in stored for code in codes)
    password_step(client, user)
    ok = client.post_form("/auth/totp", {"code": codes[0].upper()}, token_page="/auth/totp")
    assert ok.headers["Location"] == DASHBOARD
    assert "You have 9 left" in page_text(client.get(DASHBOARD))
    client.post_form("/auth/logout", token_page=DASHBOARD)
    password_step(client, user)
    again = client.post_form("/auth/totp", {"code": codes[0]}, token_page="/auth/totp")
    assert "The code is not right" in page_text(again)
    assert client.get(DASHBOARD).status_code == 302


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "10 per minute"}])
def test_reauthenticate_is_throttled_and_audited_like_sign_in(client, clinician, login_as):
    login_as(clinician)
    statuses = [
        client.post_form(REAUTH, {"password": "wrong password here"}, token_page=REAUTH).status_code
        for _ in range(12)
    ]
    assert statuses[:9] == [200] * 9 and 429 in statuses
    reasons = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "login.failure")
    ).all()
    assert len(reasons) >= 9 and all(r == {"reason": "reauthenticate"} for r in reasons)


def test_reauthentication_rotates_the_session_id(client, clinician, login_as):
    login_as(clinician)
    before = client.get_cookie("portal_session").value
    client.post_form(REAUTH, {"password": PASSWORD}, token_page=REAUTH)
    assert client.get(DASHBOARD).status_code == 200
    stolen = client.get_cookie("portal_session").value
    assert stolen != before
    client.set_cookie("portal_session", before)
    assert client.get(DASHBOARD).status_code == 302  # the pre-change id no longer works


# --- security.md cases 3, 23, 29 --------------------------------------------------------------


def test_case_3_csrf_token_from_another_session_is_refused(app, client, clinician, login_as):
    other = browser(app, "10.1.1.4")
    foreign_token = other.csrf_token("/auth/login")
    refused = client.post(
        "/auth/login",
        data={"email": clinician.email, "password": PASSWORD, "csrf_token": foreign_token},
    )
    assert refused.status_code == 400
    assert client.get(DASHBOARD).status_code == 302
    login_as(clinician)
    changed = client.post(
        PASSWORD_PAGE,
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "csrf_token": foreign_token,
        },
    )
    assert changed.status_code == 400
    assert audit_count("password.change") == 0


def test_case_23_no_staff_route_opens_after_the_password_step_alone(app: Flask, client, enrolled):
    user, _ = enrolled
    password_step(client, user)
    token = client.csrf_token("/auth/totp")
    for rule in staff_rules(app):
        url = sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = None if method == "GET" else {"csrf_token": token, "next": "/clinician/"}
            response = client.open(url, method=method, data=data)
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.headers["Location"].startswith("/auth/login"), (method, url)
    setup = client.get("/auth/totp/setup")
    assert setup.status_code == 302 and "/clinician" not in setup.headers["Location"]


def test_case_29_copied_cookie_in_another_browser_is_not_fresh(
    app, client, signed_in_owner, make_intake
):
    intake = make_intake()
    pdf = f"/clinician/intakes/{intake.id}.pdf"
    assert client.get(pdf).headers["Content-Type"] == "application/pdf"
    cookie = client.get_cookie("portal_session").value
    thief = browser(app, "203.0.113.5", "Thief's browser")
    thief.set_cookie("portal_session", cookie)
    assert thief.get(DASHBOARD).status_code == 200  # still a session, but not a fresh one
    assert thief.get(pdf).headers["Location"].startswith(REAUTH)
    token = thief.csrf_token(DASHBOARD)
    add = thief.post(
        "/clinician/users",
        data={
            "csrf_token": token,
            "email": "x@example.org",
            "password": NEW_PASSWORD,
            "role": "clinician",
            "display_name": "X",
        },
    )
    assert add.headers["Location"].startswith(REAUTH)
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None
    exports = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "intake.export")
    ).all()
    assert len(exports) == 1 and len(exports[0].detail["session"]) == 16
