"""Fixtures for the account-security tests: enrolled users, a loopback SMTP inbox, browsers."""

from __future__ import annotations

import re

import pyotp
import pytest

from portal.auth import factor
from portal.db import db
from tests.conftest import PASSWORD, Client
from tests.loopback_mail import mail_to

SECRET_RE = re.compile(r"\b([A-Z2-7]{32})\b")
CODE_RE = re.compile(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>")


@pytest.fixture
def mail(app):
    """A real SMTP server on 127.0.0.1; the app sends through it. Yields the inbox."""
    with mail_to(app) as inbox:
        yield inbox


@pytest.fixture
def enrolled(make_user):
    """A clinician with an authenticator app set up; returns (user, secret)."""
    user = make_user("enrolled@example.org")
    secret = pyotp.random_base32()
    factor.enrol(user, secret)
    db.session.commit()
    return user, secret


def browser(app, address: str = "127.0.0.1", agent: str = "Firefox/140.0") -> Client:
    """A separate browser with its own cookies, network address and User-Agent."""
    app.test_client_class = Client
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent})
    return client


def password_step(client, user, password: str = PASSWORD):
    """Pass the password step only (the half-signed-in state of an enrolled account)."""
    response = client.post_form("/auth/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def code_step(client, code: str):
    """Post a security code on the second sign-in step."""
    return client.post_form("/auth/totp", {"code": code}, token_page="/auth/totp")


def sign_in_with_code(client, user, secret: str):
    """Sign in fully: password, then the current code."""
    password_step(client, user)
    response = code_step(client, pyotp.TOTP(secret).now())
    assert response.headers.get("Location") == "/clinician/", response.get_data(as_text=True)
    return response


def next_code(secret: str, offset_steps: int = 1) -> str:
    """The code of a later 30-second step (what the app shows after waiting)."""
    import time

    totp = pyotp.TOTP(secret)
    return totp.at(int(time.time()) + 30 * offset_steps)


@pytest.fixture
def owner_browser(app, owner) -> Client:
    """The practice owner, signed in on a browser of their own."""
    own = browser(app, "192.0.2.1", "Owner's browser")
    response = own.post_form("/auth/login", {"email": owner.email, "password": PASSWORD})
    assert response.headers["Location"] == "/clinician/"
    return own


@pytest.fixture
def own_limiter_prefix():
    """Undo Flask-Limiter's first-prefix-wins memory, so later apps in this process get theirs.

    Flask-Limiter keeps the key prefix of the first app it was initialised with; one app per
    process in production, but a test run makes many.
    """
    from portal.extensions import limiter

    yield
    limiter._key_prefix = ""  # the extension is created without one
