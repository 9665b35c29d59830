"""Security headers and cookie flags on every route, friendly error pages, the production guard."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import InternalServerError

from portal import create_app
from portal.config import ConfigError
from tests.conftest import PASSWORD, base_config
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
    assert response.headers["Referrer-Policy"] in ("no-referrer", "same-origin"), url
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
