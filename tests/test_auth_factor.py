"""The second factor cannot be bypassed, replaced quietly, guessed at length or replayed."""

from __future__ import annotations

import email
import subprocess
import sys
import uuid
from contextlib import nullcontext
from datetime import datetime

import pyotp
import pytest
from flask import has_app_context

from portal.auth import factor
from portal.config import ROOT
from portal.db import db
from portal.models import User
from tests.conftest import PASSWORD
from tests.fixtures_auth import (
    SECRET_RE,
    browser,
    code_step,
    password_step,
    sign_in_with_code,
)
from tests.fixtures_clinician import audit_count, page_text
from tests.test_auth_sessions import redis_url

DASHBOARD = "/clinician/"
TWO_STEP = "/clinician/account/two-step"
REAUTH = "/auth/reauthenticate"


def stored_secret(user_id: int) -> str | None:
    """The account's TOTP secret as the database has it now, decrypted."""
    db.session.expire_all()
    return factor.totp_secret(db.session.get(User, user_id))


def test_half_signed_in_enrolled_account_cannot_enrol_a_new_factor(client, enrolled):
    """The reported bypass: password → /auth/totp/setup → own secret → signed in. Never again."""
    user, secret = enrolled
    response = password_step(client, user)
    assert response.headers["Location"].startswith("/auth/totp")

    setup = client.get("/auth/totp/setup")
    assert setup.status_code == 302  # no fresh secret shown
    assert SECRET_RE.search(setup.get_data(as_text=True)) is None

    attacker_secret = pyotp.random_base32()
    posted = client.post_form(
        "/auth/totp/setup",
        {"code": pyotp.TOTP(attacker_secret).now()},
        token_page="/auth/totp",
    )
    assert posted.headers.get("Location") != DASHBOARD
    assert client.get(DASHBOARD).status_code == 302  # still not signed in
    assert stored_secret(user.id) == secret  # the victim's authenticator still works
    assert audit_count("totp.enrol") == 1 and audit_count("totp.replace") == 0


def test_signed_in_session_re_enrols_only_after_a_recent_code(
    app, client, enrolled, mail, time_machine
):
    user, secret = enrolled
    time_machine.move_to("2026-11-25 09:00:00", tick=False)
    sign_in_with_code(client, user, secret)
    other = browser(app, "127.0.0.9", "Other browser")
    time_machine.move_to("2026-11-25 09:00:31", tick=False)
    sign_in_with_code(other, user, secret)

    time_machine.move_to("2026-11-25 09:12:00", tick=False)  # the sign-in is no longer recent
    response = client.get(TWO_STEP)
    assert response.headers["Location"].startswith("/auth/reauthenticate")
    no_code = client.post_form(
        "/auth/reauthenticate", {"password": PASSWORD, "next": TWO_STEP}, token_page=REAUTH
    )
    assert "The code is not right" in page_text(no_code)
    assert client.get(TWO_STEP).headers["Location"].startswith("/auth/reauthenticate")

    confirmed = client.post_form(
        "/auth/reauthenticate",
        {"password": PASSWORD, "code": pyotp.TOTP(secret).now(), "next": TWO_STEP},
        token_page=REAUTH,
    )
    assert confirmed.headers["Location"] == TWO_STEP
    page = client.get(TWO_STEP).get_data(as_text=True)
    new_secret = SECRET_RE.search(page).group(1)
    time_machine.move_to("2026-11-25 09:12:31", tick=False)
    done = client.post_form(TWO_STEP, {"code": pyotp.TOTP(new_secret).now()}, token_page=TWO_STEP)
    assert "Your recovery codes" in page_text(done)

    assert stored_secret(user.id) == new_secret
    assert audit_count("totp.replace") == 1
    assert other.get(DASHBOARD).status_code == 302  # other browsers signed out
    assert client.get(DASHBOARD).status_code == 200  # this one kept, with a new session id
    assert len(mail.messages) == 1
    message = email.message_from_string(mail.messages[0])
    assert message["To"] == user.email
    assert message["Subject"] == "Your two-step sign-in was changed"
    body = message.get_payload(decode=True).decode().replace("\r\n", "\n")
    changed_at = datetime(2026, 11, 25, 9, 12, 31)
    assert body == factor.factor_changed_email(user, changed_at)[1]  # nothing else in it
    assert "replaced on 25 Nov 2026, 04:12 EST." in body


def test_a_browser_signed_in_before_enrolment_cannot_replace_the_factor(app, client, clinician):
    client.post_form("/auth/login", {"email": clinician.email, "password": PASSWORD})
    enrolling = browser(app, "10.0.0.30", "Phone browser")
    enrolling.post_form("/auth/login", {"email": clinician.email, "password": PASSWORD})
    secret = SECRET_RE.search(enrolling.get(TWO_STEP).get_data(as_text=True)).group(1)
    enrolling.post_form(TWO_STEP, {"code": pyotp.TOTP(secret).now()}, token_page=TWO_STEP)
    assert stored_secret(clinician.id) == secret
    # The first browser signed in recently, but never proved the factor that now exists.
    assert client.get(TWO_STEP).headers["Location"].startswith(REAUTH)


def test_fresh_sign_in_with_a_code_may_replace_the_factor_at_once(client, enrolled, mail):
    user, secret = enrolled
    sign_in_with_code(client, user, secret)
    page = client.get(TWO_STEP)
    assert page.status_code == 200 and "Move two-step sign-in" in page_text(page)


def test_enrolment_during_sign_in_works_only_without_a_factor(client, make_user):
    user = make_user("new@example.org", totp_required=True)
    response = password_step(client, user)
    assert response.headers["Location"].startswith("/auth/totp/setup")
    secret = SECRET_RE.search(client.get("/auth/totp/setup").get_data(as_text=True)).group(1)
    done = client.post_form(
        "/auth/totp/setup", {"code": pyotp.TOTP(secret).now()}, token_page="/auth/totp/setup"
    )
    assert "Your recovery codes" in page_text(done)
    assert client.get(DASHBOARD).status_code == 200
    assert stored_secret(user.id) == secret


# --- per-account limit and soft lock -------------------------------------------------------


def guess_from_six_addresses(app, user) -> list[int]:
    """Six browsers at six addresses, each passing the password step and posting 5 wrong codes."""
    browsers = [browser(app, f"10.0.0.{n}") for n in range(1, 7)]
    for each in browsers:
        password_step(each, user)
    return [code_step(each, "000000").status_code for each in browsers for _ in range(5)]


REDIS_CONFIG = {
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "RATELIMIT_KEY_PREFIX": f"portal-test-{uuid.uuid4().hex}",
}


@pytest.mark.parametrize("app_config", [{}, REDIS_CONFIG], ids=["memory", "redis"])
def test_second_factor_guessing_is_limited_per_account(
    app, enrolled, owner_browser, app_config, own_limiter_prefix
):
    if app_config and redis_url() is None:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    user, secret = enrolled
    waiting = browser(app, "10.0.0.40")
    password_step(waiting, user)  # passed the password before the guessing began
    guess_from_six_addresses(app, user)
    db.session.expire_all()
    locked = db.session.get(User, user.id)
    assert locked.locked_until is not None
    assert audit_count("totp.failure") >= 10 and audit_count("totp.lock") == 1

    # Even the right code is refused now, at the code step and from a fresh address.
    refused = code_step(waiting, pyotp.TOTP(secret).now())
    assert "paused" in page_text(refused) and waiting.get(DASHBOARD).status_code == 302
    late = browser(app, "10.0.0.50")
    late.post_form("/auth/login", {"email": user.email, "password": PASSWORD})
    assert late.get(DASHBOARD).status_code == 302

    # The owner lifts the pause; the right code works again.
    lifted = owner_browser.post_form(
        f"/clinician/users/{user.id}/unlock", {"next": "/clinician/users"}, token_page=DASHBOARD
    )
    assert lifted.headers["Location"].endswith("/clinician/users")
    assert audit_count("user.unlock") == 1
    sign_in_with_code(late, user, secret)


# --- across worker processes ---------------------------------------------------------------

WORKER = """
import sys
from pathlib import Path
from portal import create_app
from tests.conftest import base_config
from tests.test_auth_factor import post_codes
config = base_config(Path(sys.argv[1]))
config.update(RATELIMIT_STORAGE_URI=sys.argv[2], RATELIMIT_KEY_PREFIX=sys.argv[3])
print(" ".join(post_codes(create_app(config), sys.argv[4], sys.argv[5], sys.argv[6:])))
"""


def post_codes(app, email_address: str, address: str, codes: list[str]) -> list[str]:
    """Pass the password step from `address`, then post each code: "ok", "wrong" or "paused"."""
    outcomes = []
    with nullcontext() if has_app_context() else app.app_context():
        client = browser(app, address)
        client.post_form("/auth/login", {"email": email_address, "password": PASSWORD})
        for code in codes:
            response = code_step(client, code)
            if response.headers.get("Location") == DASHBOARD:
                outcomes.append("ok")
            else:
                outcomes.append("paused" if "paused" in page_text(response) else "wrong")
    return outcomes


def in_another_process(app, storage: str, prefix: str, email_address: str, *codes) -> list[str]:
    """Run post_codes in a second worker process on the same database and limiter storage."""
    db.session.commit()  # the test's own transaction must not hold SQLite's write lock
    done = subprocess.run(
        [sys.executable, "-c", WORKER, app.instance_path, storage, prefix, email_address]
        + ["10.0.9.9", *codes],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.split()


def test_a_code_accepted_by_one_worker_is_refused_by_another(app, enrolled):
    user, secret = enrolled
    code = pyotp.TOTP(secret).now()
    assert post_codes(app, user.email, "10.0.1.1", [code]) == ["ok"]
    assert in_another_process(app, "memory://", "p", user.email, code) == ["wrong"]


@pytest.mark.parametrize("app_config", [REDIS_CONFIG], ids=["redis"])
def test_the_per_account_limit_is_shared_between_workers_through_redis(
    app, enrolled, own_limiter_prefix
):
    if redis_url() is None:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    user, _ = enrolled
    assert post_codes(app, user.email, "10.0.1.1", ["000000"] * 5) == ["wrong"] * 5
    assert post_codes(app, user.email, "10.0.1.2", ["000000"]) == ["wrong"]
    prefix = app.config["RATELIMIT_KEY_PREFIX"]
    storage = app.config["RATELIMIT_STORAGE_URI"]
    elsewhere = in_another_process(app, storage, prefix, user.email, *["111111"] * 4)
    assert elsewhere == ["wrong", "wrong", "wrong", "paused"]  # the 10th wrong code locks
