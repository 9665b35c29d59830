"""Shared fixtures: a fresh app per test on SQLite (or PostgreSQL), clients, users, sign-in."""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import create_app
from portal.db import db

pytest_plugins = [
    "tests.fixtures_intake",
    "tests.fixtures_shelf",
    "tests.fixtures_handouts",
    "tests.fixtures_clinician",
    "tests.fixtures_auth",
]

PG_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")
TEST_KEY = "t1:" + base64.urlsafe_b64encode(b"k" * 32).decode()
PASSWORD = "correct horse battery staple"
CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
LOGIN = "/auth/login"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def base_config(instance: Path) -> dict:
    """Settings every test app shares: its own instance, fixed keys, cheap hashing."""
    return {
        "INSTANCE_PATH": str(instance),
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "ENCRYPTION_KEYS": TEST_KEY,
        "AUDIT_KEY": "test-audit-key-that-is-long-enough-0123456789",
        "ARGON2_PARAMS": CHEAP_ARGON2,
        "RATELIMIT_STORAGE_URI": "memory://",
        "PUBLIC_BASE_URL": "http://localhost",
        "DATABASE_URL": PG_URL,
        "SERVER_NAME": None,
    }


def migrate_to_head(app: Flask) -> None:
    """Build the schema the way production does: through the migrations."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path | None:
    """Migrate once per run: a SQLite file to copy, or the PostgreSQL test database itself."""
    instance = tmp_path_factory.mktemp("template-instance")
    app = create_app(base_config(instance))
    if PG_URL:
        with app.app_context():
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
            db.engine.dispose()
    migrate_to_head(app)
    with app.app_context():
        db.engine.dispose()
    return None if PG_URL else instance / "portal.db"


def _truncate_postgres() -> None:
    """Empty every table but alembic_version, quickly, between tests."""
    names = db.session.scalars(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' "
            "AND tablename <> 'alembic_version'"
        )
    ).all()
    if names:
        quoted = ", ".join(f'"{n}"' for n in names)
        db.session.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        db.session.commit()


def make_app(instance: Path, template: Path | None, **overrides) -> Flask:
    """A migrated, empty app in its own instance folder."""
    instance.mkdir(parents=True, exist_ok=True)
    if template is not None:
        shutil.copyfile(template, instance / "portal.db")
    app = create_app({**base_config(instance), **overrides})
    if PG_URL:
        with app.app_context():
            _truncate_postgres()
    return app


@pytest.fixture
def app_config(request) -> dict:
    """Per-test settings: a module's `pytest.mark.app_config(...)`, or override this fixture."""
    marker = request.node.get_closest_marker("app_config")
    return dict(marker.kwargs) if marker else {}


@pytest.fixture
def app(tmp_path, template_db, app_config) -> Iterator[Flask]:
    """A fresh, migrated app for one test."""
    app = make_app(tmp_path / "instance", template_db, **app_config)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


class Client(FlaskClient):
    """A test client that finds a CSRF token the way a browser would: from a page's form."""

    def open(self, *args, **kwargs):
        """Run each request in its own app context and database session, as a server does.

        The test's own session commits around the request, so the request sees the test's data
        and the test then sees what the request wrote (and `g` never leaks between requests).
        """
        outer = db.session.registry() if has_app_context() else None
        if outer is not None:
            outer.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if outer is not None:
            outer.commit()
        return response

    def csrf_token(self, page: str = "/auth/login") -> str:
        """Read a valid token for this client's session from a page with a form."""
        html = super().get(page).get_data(as_text=True)
        match = CSRF_RE.search(html)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def post_form(self, url: str, data: dict | None = None, token_page: str = LOGIN, **kwargs):
        """POST a form with a CSRF token, as a browser submitting the page would."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(token_page))
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def client(app) -> Client:
    """A browser-like client for the test app."""
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Create a staff account (committed) and return it."""
    from portal.auth.service import create_user

    counter = iter(range(1, 10_000))

    def factory(
        email: str | None = None, role: str = "clinician", password: str = PASSWORD, **fields
    ):
        user = create_user(email or f"staff{next(counter)}@example.org", password, role)
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def login_as(client):
    """Sign a user in through the real sign-in form; returns the response."""

    def do_login(user, password: str = PASSWORD, next_url: str | None = None):
        data = {"email": user.email, "password": password}
        if next_url is not None:
            data["next"] = next_url
        response = client.post_form("/auth/login", data)
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
        return response

    return do_login


@pytest.fixture
def owner(make_user):
    """The practice owner."""
    return make_user("owner@example.org", role="owner")


@pytest.fixture
def clinician(make_user):
    """A clinician (not owner)."""
    return make_user("clinician@example.org", role="clinician")
