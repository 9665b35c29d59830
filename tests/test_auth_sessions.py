"""Sign-in throttling, soft locks, safe `next=` redirects, and server-side session invalidation."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.auth import service
from portal.config import ROOT
from portal.db import db
from portal.models import AuditEvent, User
from tests.conftest import PASSWORD, Client, make_app
from tests.gunicorn_servers import redis_url

DASHBOARD = "/clinician/"
COOKIE = "portal_session"

OPEN_REDIRECT_TRICKS = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "%5C%5Cevil.example",
    "/%5Cevil.example",
    "javascript:alert(1)",
    "/\tevil.example",
    "/\r\nLocation: https://evil.example",
    "/%0d%0aSet-Cookie:x=1",
    "/%09/evil.example",
    "\x00/clinician/",
    "evil.example",
    "///evil.example",
    "https://127.0.0.1.evil.example/",
]


def failures(email: str = "") -> int:
    """How many failed sign-ins were audited."""
    return len(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login.failure")).all()
    )


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    """Post the sign-in form."""
    return client.post_form("/auth/login", {"email": email, "password": password, **extra})


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "3 per minute"}])
def test_per_ip_throttle_answers_429_with_a_friendly_page(client, clinician):
    for _ in range(3):
        assert sign_in(client, clinician.email, "wrong password here").status_code == 200
    response = sign_in(client, clinician.email, PASSWORD)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page and "Traceback" not in page
    assert "Need help now?" in page


@pytest.mark.parametrize(
    "app_config", [{"LOGIN_LOCK_THRESHOLD": 3, "LOGIN_RATE_LIMIT": "100 per minute"}]
)
def test_soft_lock_after_repeated_failures_expires_by_itself(client, clinician, time_machine):
    time_machine.move_to("2026-11-25 10:00:00", tick=False)
    for _ in range(3):
        sign_in(client, clinician.email, "wrong password here")
    db.session.expire_all()
    assert db.session.get(User, clinician.id).locked_until is not None

    # Even the right password is refused while locked, with the same words as any failure.
    locked = sign_in(client, clinician.email, PASSWORD)
    assert "The email address or password is not right" in locked.get_data(as_text=True)
    assert client.get(DASHBOARD).status_code == 302
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("login.failure") == 3
    assert "login.lock" in actions and "login.locked" in actions

    time_machine.move_to("2026-11-25 10:16:00", tick=False)
    assert sign_in(client, clinician.email, PASSWORD).headers["Location"] == DASHBOARD


@pytest.mark.parametrize("target", OPEN_REDIRECT_TRICKS)
def test_next_never_leaves_the_site(client, clinician, target):
    response = sign_in(client, clinician.email, next=target)
    assert response.headers["Location"] == DASHBOARD


@pytest.mark.parametrize("target", OPEN_REDIRECT_TRICKS)
def test_login_page_drops_an_unsafe_next(client, target):
    page = client.get("/auth/login", query_string={"next": target}).get_data(as_text=True)
    assert "evil" not in page


def test_next_keeps_a_local_path(client, clinician):
    response = sign_in(client, clinician.email, next="/clinician/?tab=urgent")
    assert response.headers["Location"] == "/clinician/?tab=urgent"


def test_anonymous_staff_page_redirects_to_login_with_next(client):
    response = client.get("/clinician/?tab=urgent")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=/clinician/")


def replay(client, cookie_value: str):
    """Send a copied session cookie again, as an attacker holding it would."""
    client.set_cookie(COOKIE, cookie_value)
    return client.get(DASHBOARD)


def test_logout_invalidates_the_cookie_server_side(client, clinician):
    sign_in(client, clinician.email)
    stolen = client.get_cookie(COOKIE).value
    client.post_form("/auth/logout", token_page=DASHBOARD)
    assert replay(client, stolen).status_code == 302


def test_deactivation_ends_sessions_at_once(client, clinician, owner):
    sign_in(client, clinician.email)
    stolen = client.get_cookie(COOKIE).value
    assert client.get(DASHBOARD).status_code == 200
    service.set_enabled(db.session.get(User, clinician.id), False, owner.id)
    db.session.commit()
    assert replay(client, stolen).status_code == 302


def test_password_change_ends_other_sessions(client, clinician):
    sign_in(client, clinician.email)
    stolen = client.get_cookie(COOKIE).value
    service.change_password(db.session.get(User, clinician.id), "a brand new long passphrase")
    db.session.commit()
    assert replay(client, stolen).status_code == 302


def test_idle_timeout_after_30_minutes(client, clinician, time_machine):
    time_machine.move_to("2026-11-25 09:00:00", tick=False)
    sign_in(client, clinician.email)
    time_machine.move_to("2026-11-25 09:29:00", tick=False)
    assert client.get(DASHBOARD).status_code == 200
    time_machine.move_to("2026-11-25 09:58:00", tick=False)
    assert client.get(DASHBOARD).status_code == 200  # activity moved the idle clock on
    time_machine.move_to("2026-11-25 10:29:00", tick=False)
    assert client.get(DASHBOARD).status_code == 302


def test_absolute_timeout_after_12_hours_even_when_active(client, clinician, time_machine):
    start = "2026-11-25 08:00:00"
    time_machine.move_to(start, tick=False)
    sign_in(client, clinician.email)
    for minutes in range(20, 12 * 60, 20):
        time_machine.shift(timedelta(minutes=20))
        assert client.get(DASHBOARD).status_code == 200, minutes
    time_machine.shift(timedelta(minutes=21))
    assert client.get(DASHBOARD).status_code == 302


def test_tampered_cookie_is_not_accepted(client, clinician):
    sign_in(client, clinician.email)
    value = client.get_cookie(COOKIE).value
    tampered = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    assert replay(client, tampered).status_code == 302


WORKER = """
import sys
from tests.conftest import make_app
from pathlib import Path
app = make_app(Path(sys.argv[1]), Path(sys.argv[2]) if sys.argv[2] != "-" else None,
               RATELIMIT_STORAGE_URI=sys.argv[3], RATELIMIT_KEY_PREFIX=sys.argv[4],
               LOGIN_RATE_LIMIT="4 per minute")
from tests.test_auth_sessions import failed_attempts
print(" ".join(map(str, failed_attempts(app, 3))))
"""


def failed_attempts(app, count: int) -> list[int]:
    """Post `count` wrong sign-ins to an app from one address; return the status codes."""
    app.test_client_class = Client
    client = app.test_client()
    statuses = []
    with app.app_context():
        for _ in range(count):
            response = client.post_form(
                "/auth/login", {"email": "x@example.org", "password": "not the password"}
            )
            statuses.append(response.status_code)
    return statuses


def test_rate_limit_is_shared_between_worker_processes_through_redis(tmp_path, template_db):
    url = redis_url()
    if url is None:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"portal-test-{uuid.uuid4().hex}"
    here = make_app(
        tmp_path / "worker1",
        template_db,
        RATELIMIT_STORAGE_URI=url,
        RATELIMIT_KEY_PREFIX=prefix,
        LOGIN_RATE_LIMIT="4 per minute",
    )
    assert failed_attempts(here, 3) == [200, 200, 200]
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            WORKER,
            str(tmp_path / "worker2"),
            str(template_db or "-"),
            url,
            prefix,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=True,
    )
    assert other.stdout.split() == ["200", "429", "429"]
