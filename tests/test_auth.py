"""Staff sign-in: passwords, the same answer for unknown users, rehashing, TOTP, sign-out."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from portal.auth import passwords, service
from portal.auth.service import AccountError
from portal.db import db
from portal.models import AuditEvent, Practice, StaffSession, User
from tests.conftest import PASSWORD

DASHBOARD = "/clinician/"
TWO_STEP = "/clinician/account/two-step"
FAILED_TEXT = "The email address or password is not right"


def audit_actions() -> list[str]:
    """Audit actions in the order they were written."""
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def login_page(client, email: str, password: str):
    """Post the sign-in form and return the response."""
    return client.post_form("/auth/login", {"email": email, "password": password})


def test_sign_in_lands_on_dashboard_and_sign_out_returns_to_login(client, clinician):
    response = login_page(client, clinician.email, PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200

    response = client.post_form("/auth/logout", token_page=DASHBOARD)
    assert response.headers["Location"] == "/auth/login"
    assert "You have signed out" in client.get("/auth/login").get_data(as_text=True)
    assert client.get(DASHBOARD).status_code == 302
    assert audit_actions()[-2:] == ["login.success", "logout"]


def test_email_is_matched_case_insensitively(client, clinician):
    response = login_page(client, "  CLINICIAN@Example.ORG ", PASSWORD)
    assert response.headers["Location"] == DASHBOARD


def strip_tokens(html: str) -> str:
    """A page without its per-request CSRF token and echoed email, for comparing two answers."""
    html = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)
    return re.sub(r'value="[^"]*@[^"]*"', "", html)


def test_unknown_user_and_wrong_password_look_the_same(client, clinician, monkeypatch):
    checked = []
    real_verify = passwords.verify_password
    monkeypatch.setattr(
        passwords, "verify_password", lambda h, p: checked.append(h) or real_verify(h, p)
    )
    unknown = login_page(client, "nobody@example.org", PASSWORD)
    wrong = login_page(client, clinician.email, "not the right password")
    assert unknown.status_code == wrong.status_code == 200
    assert FAILED_TEXT in unknown.get_data(as_text=True)
    assert strip_tokens(unknown.get_data(as_text=True)) == strip_tokens(
        wrong.get_data(as_text=True)
    )
    # Both paths pay for one full argon2 verification, so timing does not tell them apart.
    assert len(checked) == 2
    assert all(h.startswith("$argon2id$") for h in checked)
    assert audit_actions()[-2:] == ["login.failure", "login.failure"]


def test_disabled_account_cannot_sign_in(client, make_user):
    user = make_user("gone@example.org", is_enabled=False)
    response = login_page(client, user.email, PASSWORD)
    assert FAILED_TEXT in response.get_data(as_text=True)
    assert client.get(DASHBOARD).status_code == 302


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short pass", "at least 12 characters"),
        ("q1w2e3r4t5y6", "too common"),
        ("x" * 257, "256 characters or fewer"),
    ],
)
def test_password_policy_refuses_with_a_reason(app, password, problem):
    with pytest.raises(AccountError, match=problem):
        service.create_user("new@example.org", password, "clinician")


def test_long_passwords_are_whole_not_truncated(app, client):
    long_password = "a quiet harbour at dawn " * 8  # 192 characters
    service.create_user("long@example.org", long_password, "clinician")
    db.session.commit()
    assert FAILED_TEXT in login_page(client, "long@example.org", long_password[:-1] + "X").text
    response = login_page(client, "long@example.org", long_password)
    assert response.headers["Location"] == DASHBOARD


def test_passwords_are_argon2id_and_rehashed_when_parameters_change(app, client, clinician):
    old_hash = clinician.password_hash
    assert old_hash.startswith("$argon2id$")
    app.config["ARGON2_PARAMS"] = {"time_cost": 2, "memory_cost": 16, "parallelism": 1}
    login_page(client, clinician.email, PASSWORD)
    db.session.expire_all()
    new_hash = db.session.get(User, clinician.id).password_hash
    assert new_hash != old_hash
    assert "m=16,t=2,p=1" in new_hash


def test_login_starts_a_new_session_each_time(client, clinician):
    login_page(client, clinician.email, PASSWORD)
    first = client.get_cookie("portal_session").value
    client.post_form("/auth/logout", token_page=DASHBOARD)
    login_page(client, clinician.email, PASSWORD)
    second = client.get_cookie("portal_session").value
    assert first != second
    rows = db.session.scalars(select(StaffSession).order_by(StaffSession.created_at)).all()
    assert len(rows) == 2
    assert rows[0].revoked_at is not None and rows[1].revoked_at is None


# --- TOTP -----------------------------------------------------------------------------------


def enrol(client, user) -> str:
    """Turn on TOTP from My account while signed in; return the secret."""
    page = client.get(TWO_STEP).get_data(as_text=True)
    secret = re.search(r"\b([A-Z2-7]{32})\b", page).group(1)
    response = client.post_form(TWO_STEP, {"code": pyotp.TOTP(secret).now()}, token_page=TWO_STEP)
    assert "Your recovery codes" in response.get_data(as_text=True)
    return secret


def test_totp_enrolment_then_sign_in_needs_a_fresh_code(client, clinician, time_machine):
    time_machine.move_to("2026-11-25 09:00:00", tick=False)
    login_page(client, clinician.email, PASSWORD)
    secret = enrol(client, clinician)
    client.post_form("/auth/logout", token_page=DASHBOARD)

    time_machine.move_to("2026-11-25 09:05:00", tick=False)
    response = login_page(client, clinician.email, PASSWORD)
    assert response.headers["Location"].startswith("/auth/totp")
    assert client.get(DASHBOARD).status_code == 302  # password alone is not enough

    wrong = client.post_form("/auth/totp", {"code": "000000"}, token_page="/auth/totp")
    assert "The code is not right" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(secret).now()
    ok = client.post_form("/auth/totp", {"code": code}, token_page="/auth/totp")
    assert ok.headers["Location"] == DASHBOARD
    client.post_form("/auth/logout", token_page=DASHBOARD)

    # The same code a second time (a replay) is refused even within its time window.
    login_page(client, clinician.email, PASSWORD)
    replay = client.post_form("/auth/totp", {"code": code}, token_page="/auth/totp")
    assert "already used" in replay.get_data(as_text=True)
    assert client.get(DASHBOARD).status_code == 302
    assert "totp.failure" in audit_actions()


def test_owner_can_require_totp_for_everyone(client, clinician):
    db.session.add(Practice(name="Test Practice", require_totp=True))
    db.session.commit()
    response = login_page(client, clinician.email, PASSWORD)
    assert response.headers["Location"].startswith("/auth/totp/setup")
    assert client.get(DASHBOARD).status_code == 302
    page = client.get("/auth/totp/setup").get_data(as_text=True)
    secret = re.search(r"\b([A-Z2-7]{32})\b", page).group(1)
    response = client.post_form(
        "/auth/totp/setup", {"code": pyotp.TOTP(secret).now()}, token_page="/auth/totp/setup"
    )
    assert "Your recovery codes" in response.get_data(as_text=True)
    assert client.get(DASHBOARD).status_code == 200
    db.session.expire_all()
    assert db.session.get(User, clinician.id).totp_secret.startswith("v1.")


def test_totp_secret_is_encrypted_at_rest(client, clinician):
    login_page(client, clinician.email, PASSWORD)
    secret = enrol(client, clinician)
    db.session.expire_all()
    stored = db.session.get(User, clinician.id).totp_secret
    assert secret not in stored


def test_pending_totp_step_expires(client, clinician, time_machine):
    time_machine.move_to("2026-11-25 09:00:00", tick=False)
    login_page(client, clinician.email, PASSWORD)
    enrol(client, clinician)
    client.post_form("/auth/logout", token_page=DASHBOARD)
    login_page(client, clinician.email, PASSWORD)
    time_machine.move_to("2026-11-25 09:10:00", tick=False)
    assert client.get("/auth/totp").headers["Location"] == "/auth/login"


def test_totp_codes_two_steps_away_are_refused(client, clinician, time_machine):
    time_machine.move_to("2026-11-25 09:00:00", tick=False)
    login_page(client, clinician.email, PASSWORD)
    secret = enrol(client, clinician)
    client.post_form("/auth/logout", token_page=DASHBOARD)
    login_page(client, clinician.email, PASSWORD)
    totp = pyotp.TOTP(secret)
    for offset in (-60, 60):
        stale = totp.at(int(time.time()) + offset)
        response = client.post_form("/auth/totp", {"code": stale}, token_page="/auth/totp")
        assert "The code is not right" in response.get_data(as_text=True)
    assert client.get(DASHBOARD).status_code == 302


def test_sixth_wrong_code_in_15_minutes_is_throttled(client, clinician):
    login_page(client, clinician.email, PASSWORD)
    enrol(client, clinician)
    client.post_form("/auth/logout", token_page=DASHBOARD)
    login_page(client, clinician.email, PASSWORD)
    statuses = [
        client.post_form("/auth/totp", {"code": "123456"}, token_page="/auth/totp").status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]


def test_pre_login_session_keys_are_cleared(client, clinician):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before sign-in"
    login_page(client, clinician.email, PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("sid")
