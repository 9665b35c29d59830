"""Configuration: defaults, then instance/config.py, then PORTAL_* environment; production guard."""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
KNOWN_WEAK_SECRETS = {"dev", "secret", "changeme", "change-me", "development", "test"}
UNPREFIXED = ("DATABASE_URL", "RATELIMIT_STORAGE_URI")
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


class Defaults:
    """Settings that work with no configuration at all, on one machine."""

    PORTAL_ENV = "development"
    LOG_LEVEL = "INFO"  # portal and access-log lines at this level and above, one line each
    SQLALCHEMY_DATABASE_URI = None  # filled from DATABASE_URL or instance/portal.db
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = None  # None: on in production, off in development
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
    STAFF_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    RECENT_LOGIN_WINDOW = timedelta(minutes=10)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    LOGIN_LOCK_THRESHOLD = 20
    LOGIN_LOCK_WINDOW = timedelta(hours=1)
    LOGIN_LOCK_DURATION = timedelta(minutes=15)
    TOTP_RATE_LIMIT = "5 per 15 minutes"  # per address
    TOTP_ACCOUNT_LIMIT = "10 per 15 minutes"  # per account, from every address together
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 256
    ARGON2_PARAMS: dict = {}  # argon2-cffi defaults; tests may lower them
    ENCRYPTION_KEYS = None  # "kid:base64key,kid2:base64key"; first one encrypts
    AUDIT_KEY = None  # HMAC key of the audit chain, kept outside the database
    AUDIT_HEAD_FILE = None  # instance/audit-head.json: the newest audit row, outside the database
    SMTP_URL = None  # smtp://user:pass@host:port ; None prints mail to the log
    MAIL_FROM = "portal@localhost"
    NOTIFY_TO = None
    PUBLIC_BASE_URL = None  # https://portal.example.org; development: DEVELOPMENT_BASE_URL
    TRUSTED_HOSTS = None  # host names the portal answers to (list, or comma-separated text)
    WORKERS = None  # None: worker_count(), the number gunicorn.conf.py starts
    PREFERRED_URL_SCHEME = "http"
    HANDOUT_CACHE_DIR = None  # instance/cache/handouts
    HANDOUT_RENDER_TIMEOUT = 30
    HANDOUT_RENDER_MEMORY = 1024 * 1024 * 1024
    HANDOUT_WARM = False
    HANDOUT_MAX_RENDERS = 1  # renders at once per server process; more requests wait or get 503
    HANDOUT_SLOT_WAIT = 3  # seconds a request waits for a render slot before "busy, try again"
    HANDOUT_PRERENDER = None  # render Letter and A4 on publish/revise; None: on unless TESTING
    # The languages the client side offers (comma-separated; each needs its catalogue in
    # portal/translations). A practice nobody at which reads Spanish sets "en" alone.
    LANGUAGES = "en,es"
    INTAKE_MIN_FILL_SECONDS = 3
    INTAKE_SUBMIT_LIMIT = "5 per hour;20 per day"
    INTAKE_RESUME_LIMIT = "10 per minute;50 per hour"
    INTAKE_RESUME_MAIL_LIMIT = "3 per hour;5 per day"  # resume-link emails per draft
    INTAKE_RESUME_MAIL_ADDRESS_LIMIT = "3 per day"  # per address, from every draft together


def load_config(app: Flask, test_config: dict | None) -> None:
    """Apply defaults, the instance file, the environment and test overrides, in that order."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(_from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    _fill_derived(app)


def _from_environment(environ) -> dict:
    """PORTAL_* variables (values may be JSON) plus the few conventional unprefixed names."""
    values = {}
    for name, raw in environ.items():
        if name.startswith("PORTAL_") and name not in ("PORTAL_INSTANCE_PATH", "PORTAL_ENV"):
            values[name.removeprefix("PORTAL_")] = _parse(raw)
    for name in UNPREFIXED:
        if name in environ:
            values[name] = environ[name]
    if "PORTAL_ENV" in environ:
        values["PORTAL_ENV"] = environ["PORTAL_ENV"]
    return values


def _parse(raw: str):
    """Read JSON where it parses (numbers, booleans, lists), else keep the string."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _fill_derived(app: Flask) -> None:
    """Database URL, development keys and folders that follow from the instance path."""
    instance = Path(app.instance_path)
    is_production = app.config["PORTAL_ENV"] == "production"
    if not is_production:
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = f"sqlite:///{instance / 'portal.db'}"
    if url.startswith("postgres://") or url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    _private_sqlite_file(url)
    if isinstance(app.config.get("TRUSTED_HOSTS"), str):
        hosts = app.config["TRUSTED_HOSTS"].split(",")
        app.config["TRUSTED_HOSTS"] = [host.strip() for host in hosts if host.strip()] or None
    if app.config.get("WORKERS") is None:
        app.config["WORKERS"] = worker_count()
    if not app.config.get("HANDOUT_CACHE_DIR"):
        app.config["HANDOUT_CACHE_DIR"] = str(instance / "cache" / "handouts")
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = is_production
    if (
        app.config["SESSION_COOKIE_SECURE"]
        and app.config["SESSION_COOKIE_NAME"] == "portal_session"
    ):
        app.config["SESSION_COOKIE_NAME"] = "__Host-portal_session"
    if is_production:
        check_production(app.config)
        return
    app.config["PUBLIC_BASE_URL"] = app.config.get("PUBLIC_BASE_URL") or DEVELOPMENT_BASE_URL
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key", 48)
    if not app.config.get("ENCRYPTION_KEYS"):
        key = _instance_secret(instance / "encryption_key", 32, urlsafe=True)
        app.config["ENCRYPTION_KEYS"] = f"dev1:{key}"
    if not app.config.get("AUDIT_KEY"):
        app.config["AUDIT_KEY"] = _instance_secret(instance / "audit_key", 48)


def _sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for PostgreSQL or in-memory)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or ":memory:" in url:
        return None
    return Path(url.removeprefix(prefix).split("?", 1)[0])


def _private_sqlite_file(url: str) -> None:
    """Create the SQLite file owner-only before SQLite does (its -wal and -shm copy the mode)."""
    path = _sqlite_path(url)
    if path is not None and not path.exists() and path.parent.is_dir():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _instance_secret(path: Path, nbytes: int, urlsafe: bool = False) -> str:
    """Read a development secret from the instance folder, creating it (mode 0600) once."""
    if path.exists():
        return path.read_text().strip()
    value = (
        base64.urlsafe_b64encode(secrets.token_bytes(nbytes)).decode()
        if urlsafe
        else secrets.token_urlsafe(nbytes)
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


class ConfigError(RuntimeError):
    """The configuration is unsafe for production; the message says what to fix."""


def worker_count(environ=None) -> int:
    """PORTAL_WORKERS, else WEB_CONCURRENCY, else cores: gunicorn and the guard both ask here."""
    environ = os.environ if environ is None else environ
    for name in ("PORTAL_WORKERS", "WEB_CONCURRENCY"):
        value = environ.get(name, "").strip()
        if value:
            if not value.isdigit() or int(value) < 1:
                raise ConfigError(f"{name} must be a whole number of workers, such as 2")
            return int(value)
    return os.cpu_count() or 1


def _is_loopback(url: str) -> bool:
    """True for an address only this machine can open (localhost, 127.0.0.0/8, ::1, 0.0.0.0)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _deployment_problems(config) -> list[str]:
    """What a public, multi-worker deployment needs: its own address, hosts, shared limits."""
    problems = []
    base = config.get("PUBLIC_BASE_URL") or ""
    if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname:
        problems.append(
            "PORTAL_PUBLIC_BASE_URL is not set (the https:// address people use; "
            "links, QR codes and resume links are built from it)"
        )
    elif _is_loopback(base):
        problems.append(
            f"PORTAL_PUBLIC_BASE_URL points at this machine ({base}); "
            "set the address people use, such as https://portal.example.org"
        )
    if not config.get("TRUSTED_HOSTS"):
        problems.append("PORTAL_TRUSTED_HOSTS is empty (list the host names the portal answers to)")
    workers = config.get("WORKERS") or 1
    if not isinstance(workers, int) or workers < 1:
        problems.append("PORTAL_WORKERS must be a whole number of workers, such as 2")
        workers = 1
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if storage.startswith("memory://") and workers > 1:
        problems.append(
            f"RATELIMIT_STORAGE_URI is memory:// with {workers} workers, so each worker "
            "would count on its own (use redis://, or PORTAL_WORKERS=1)"
        )
    return problems


def check_production(config) -> None:
    """Refuse to start production with weak secrets, debug, open cookies or a local address."""
    problems = []
    secret = config.get("SECRET_KEY") or ""
    if not secret:
        problems.append("PORTAL_SECRET_KEY is missing (set at least 32 random characters)")
    elif len(secret) < 32 or secret.lower() in KNOWN_WEAK_SECRETS:
        problems.append(
            "PORTAL_SECRET_KEY is too short or a known default (use 32+ random characters)"
        )
    if not config.get("ENCRYPTION_KEYS"):
        problems.append("PORTAL_ENCRYPTION_KEYS is missing (see docs/deploy.md to make one)")
    audit_key = config.get("AUDIT_KEY") or ""
    if len(audit_key) < 32 or audit_key.lower() in KNOWN_WEAK_SECRETS:
        problems.append("PORTAL_AUDIT_KEY is missing or short (use 32+ random characters)")
    database = _sqlite_path(config.get("SQLALCHEMY_DATABASE_URI") or "")
    if database is not None and database.exists() and database.stat().st_mode & 0o077:
        problems.append(f"the database file is readable by others (chmod 600 {database.name})")
    if config.get("DEBUG"):
        problems.append("debug is on (unset PORTAL_DEBUG / FLASK_DEBUG)")
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("PORTAL_SESSION_COOKIE_SECURE is false (cookies must be HTTPS-only)")
    problems += _deployment_problems(config)
    if problems:
        raise ConfigError("Refusing to start in production: " + "; ".join(problems) + ".")
