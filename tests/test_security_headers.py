"""Security headers and cookie flags on every route, friendly error pages, the production guard."""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from werkzeug.exceptions import InternalServerError, MethodNotAllowed

from portal import create_app
from portal.auth.service import create_user
from portal.config import ConfigError
from portal.db import db
from tests.conftest import PASSWORD, PG_URL, _truncate_postgres, base_config
from tests.test_access import rules, sample_url

REQUIRED_CSP = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]
PRIVATE = ("/clinician", "/auth", "/intake")


def assert_security_headers(url: str, response) -> None:
    """The headers every response carries, and no-store on private pages."""
    csp = response.headers.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in csp, (url, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert response.headers["X-Content-Type-Options"] == "nosniff", url
    # same-origin: nothing leaks to other sites, and HTTPS form posts keep their Referer for CSRF.
    assert response.headers["Referrer-Policy"] == "same-origin", url
    if url.startswith(PRIVATE):
        assert "no-store" in response.headers.get("Cache-Control", ""), url
    assert "Traceback" not in response.get_data(as_text=True), url


def get_every_route(app, client) -> list[str]:
    """GET every route in the map once; return the URLs visited."""
    visited = []
    for rule in rules(app):
        if "GET" not in rule.methods:
            continue
        url = sample_url(app, rule)
        assert_security_headers(url, client.get(url))
        visited.append(url)
    return visited


def test_headers_on_every_route_anonymous(app, client):
    visited = get_every_route(app, client)
    assert "/" in visited and "/healthz" in visited and "/auth/login" in visited


def test_headers_on_every_route_signed_in(app, client, owner, login_as):
    login_as(owner)
    get_every_route(app, client)


def test_headers_on_static_files_and_posts(client):
    assert_security_headers("/static/css/site.css", client.get("/static/css/site.css"))
    assert_security_headers("/auth/login", client.post("/auth/login", data={}))


def test_session_cookie_is_httponly_and_lax(client, clinician):
    client.post_form("/auth/login", {"email": clinician.email, "password": PASSWORD})
    cookie = client.get_cookie("portal_session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure  # development serves plain HTTP on loopback


def production_config(tmp_path, **overrides) -> dict:
    """A production configuration that passes the guard unless overridden."""
    config = base_config(tmp_path / "prod")
    config.update(
        PORTAL_ENV="production",
        TESTING=False,
        SECRET_KEY="s" * 20 + "0123456789abcdefghijkl",
        SESSION_COOKIE_SECURE=None,
        PUBLIC_BASE_URL="https://portal.example.org",
        TRUSTED_HOSTS=["portal.example.org", "localhost"],
        WORKERS=1,  # one process may keep its rate limits in memory
    )
    config.update(overrides)
    (tmp_path / "prod").mkdir(exist_ok=True)
    return config


def test_production_cookies_are_secure_host_cookies(tmp_path):
    app = create_app(production_config(tmp_path))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-portal_session"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SECRET_KEY": None}, "PORTAL_SECRET_KEY is missing"),
        ({"SECRET_KEY": "dev"}, "too short or a known default"),
        ({"SECRET_KEY": "short-but-random"}, "too short"),
        ({"ENCRYPTION_KEYS": None}, "PORTAL_ENCRYPTION_KEYS is missing"),
        ({"DEBUG": True}, "debug is on"),
        ({"SESSION_COOKIE_SECURE": False}, "cookies must be HTTPS-only"),
    ],
)
def test_production_guard_refuses_unsafe_settings(tmp_path, overrides, named):
    with pytest.raises(ConfigError, match=named):
        create_app(production_config(tmp_path, **overrides))


def test_production_guard_names_every_problem_at_once(tmp_path):
    config = production_config(tmp_path, SECRET_KEY=None, ENCRYPTION_KEYS=None, DEBUG=True)
    with pytest.raises(ConfigError) as caught:
        create_app(config)
    message = str(caught.value)
    assert "SECRET_KEY" in message and "ENCRYPTION_KEYS" in message and "debug" in message


def test_production_does_not_generate_development_keys(tmp_path):
    with pytest.raises(ConfigError):
        create_app(production_config(tmp_path, ENCRYPTION_KEYS=None))
    assert not (tmp_path / "prod" / "encryption_key").exists()
    assert not (tmp_path / "prod" / "secret_key").exists()


@pytest.fixture
def failing_app(app):
    """The app with two extra routes that fail, to see the error pages people would see."""

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail: client@example.org")

    @app.get("/http500")
    def http500():
        raise InternalServerError()

    return app


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/no-such-page", 404, "Page not found"),
        ("/boom", 500, "Sorry, there is a problem with the service"),
        ("/http500", 500, "Sorry, there is a problem with the service"),
    ],
)
def test_friendly_error_pages(failing_app, client, path, status, words, caplog):
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert words in page and "Need help now?" in page
    assert "Traceback" not in page and "secret detail" not in page
    assert_security_headers(path, response)


def test_too_large_request_gets_friendly_413(client):
    response = client.post("/auth/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "That was too large to send" in response.get_data(as_text=True)


def test_missing_csrf_token_gets_friendly_400(client):
    response = client.post("/auth/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "Your session expired" in response.get_data(as_text=True)


def test_wrong_method_gets_friendly_405(client):
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert "That action is not allowed here" in response.get_data(as_text=True)


def test_https_responses_carry_hsts_and_no_version_banner(client):
    response = client.get("/", base_url="https://localhost")
    assert "max-age=31536000; includeSubDomains" in response.headers["Strict-Transport-Security"]
    assert "Server" not in response.headers and "X-Powered-By" not in response.headers


def test_production_session_cookie_flags_on_the_wire(tmp_path, template_db, owner_in):
    """Set-Cookie as a browser gets it: __Host- name, Secure, HttpOnly, Lax, Path=/, no Domain."""
    app, email = owner_in(production_config(tmp_path))
    client = app.test_client()
    with app.app_context():
        page = client.get("/auth/login", base_url="https://localhost").get_data(as_text=True)
        token = page.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
        # Over HTTPS the CSRF check also wants a same-site Referer, which browsers send because
        # the Referrer-Policy is same-origin (with no-referrer every production POST would fail).
        response = client.post(
            "/auth/login",
            base_url="https://localhost",
            headers={"Referer": "https://localhost/auth/login"},
            data={"csrf_token": token, "email": email, "password": PASSWORD},
        )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-portal_session=")
    parts = {p.strip().split("=")[0].lower() for p in cookie.split(";")}
    assert {"secure", "httponly", "path"} <= parts and "domain" not in parts
    assert "SameSite=Lax" in cookie and "Path=/" in cookie


@pytest.fixture
def owner_in(template_db):
    """Build an app from a config on a migrated database, with one owner account."""

    def build(config: dict):
        instance = config["INSTANCE_PATH"]
        if template_db is not None:
            shutil.copyfile(template_db, f"{instance}/portal.db")
            os.chmod(f"{instance}/portal.db", 0o600)
        app = create_app(config)
        with app.app_context():
            if PG_URL:
                _truncate_postgres()
            create_user("owner@example.org", PASSWORD, "owner")
            db.session.commit()
        return app, "owner@example.org"

    return build


@pytest.mark.parametrize("app_config", [{"TRUSTED_HOSTS": ["portal.example.org"]}])
def test_forged_host_header_is_refused(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "portal.example.org"}).status_code == 200


def test_state_changing_routes_answer_405_to_get(app, client):
    adapter = app.url_map.bind("localhost")
    post_only = []
    for rule in rules(app):
        url = sample_url(app, rule)
        try:
            adapter.match(url, method="GET")
        except MethodNotAllowed:
            post_only.append(url)
    assert "/auth/logout" in post_only
    for url in post_only:
        assert client.get(url).status_code == 405, url


def test_new_instance_folder_database_and_keys_are_owner_only(tmp_path):
    instance = tmp_path / "new"
    config = {**base_config(instance), "DATABASE_URL": None}
    config.pop("SECRET_KEY"), config.pop("ENCRYPTION_KEYS")
    app = create_app(config)
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("portal.db")
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    for name in ("portal.db", "secret_key", "encryption_key"):
        assert stat.S_IMODE((instance / name).stat().st_mode) == 0o600, name


def test_production_guard_refuses_a_database_others_can_read(tmp_path):
    config = production_config(tmp_path, DATABASE_URL=None)
    database = tmp_path / "prod" / "portal.db"
    database.touch(mode=0o644)
    database.chmod(0o644)
    with pytest.raises(ConfigError, match="database file is readable by others"):
        create_app(config)
    database.chmod(0o600)
    create_app(config)
