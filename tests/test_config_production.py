"""The production guard: public address, shared rate limits, trusted hosts; no version banner."""

from __future__ import annotations

import os
import runpy
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from portal import config as portal_config
from portal import create_app
from portal.config import ROOT, ConfigError
from tests.conftest import PG_URL
from tests.test_security_headers import production_config


def refusal(tmp_path, **overrides) -> str:
    """The message the guard starts with for this production configuration."""
    with pytest.raises(ConfigError) as caught:
        create_app(production_config(tmp_path, **overrides))
    return str(caught.value)


@pytest.mark.parametrize(
    "address",
    [
        None,
        "",
        "http://127.0.0.1:5000",
        "https://localhost",
        "https://LOCALHOST.:8443/",
        "http://[::1]:8000",
        "http://127.8.0.1",
        "http://0.0.0.0:8000",
        "https://portal.localhost",
        "portal.example.org",
    ],
)
def test_production_refuses_a_missing_or_loopback_public_address(tmp_path, address):
    assert "PORTAL_PUBLIC_BASE_URL" in refusal(tmp_path, PUBLIC_BASE_URL=address)


def test_an_unset_public_address_is_refused_in_production_but_works_in_development(tmp_path):
    config = production_config(tmp_path)
    del config["PUBLIC_BASE_URL"]
    with pytest.raises(ConfigError, match="PORTAL_PUBLIC_BASE_URL"):
        create_app(config)
    development = {**config, "PORTAL_ENV": "development", "TESTING": True}
    assert create_app(development).config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"


def test_production_refuses_memory_rate_limits_with_several_workers(tmp_path):
    message = refusal(tmp_path, RATELIMIT_STORAGE_URI="memory://", WORKERS=2)
    assert "RATELIMIT_STORAGE_URI" in message and "2 workers" in message
    create_app(production_config(tmp_path, RATELIMIT_STORAGE_URI="memory://", WORKERS=1))
    shared = "redis://127.0.0.1:6379/1"
    create_app(production_config(tmp_path, RATELIMIT_STORAGE_URI=shared, WORKERS=4))


def test_a_worker_count_that_is_not_a_number_is_named(tmp_path):
    assert "PORTAL_WORKERS must be a whole number" in refusal(tmp_path, WORKERS="two")


@pytest.mark.parametrize("hosts", [None, [], ""])
def test_production_refuses_empty_trusted_hosts(tmp_path, hosts):
    assert "PORTAL_TRUSTED_HOSTS" in refusal(tmp_path, TRUSTED_HOSTS=hosts)


def test_trusted_hosts_from_the_environment_may_be_a_comma_separated_list(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_TRUSTED_HOSTS", "portal.example.org, www.portal.example.org")
    config = production_config(tmp_path)
    del config["TRUSTED_HOSTS"]
    app = create_app(config)
    assert app.config["TRUSTED_HOSTS"] == ["portal.example.org", "www.portal.example.org"]


def test_every_new_problem_is_named_at_once(tmp_path):
    message = refusal(
        tmp_path, PUBLIC_BASE_URL=None, TRUSTED_HOSTS=None, WORKERS=3, SECRET_KEY=None
    )
    for named in ("PORTAL_PUBLIC_BASE_URL", "PORTAL_TRUSTED_HOSTS", "RATELIMIT_STORAGE_URI"):
        assert named in message
    assert "PORTAL_SECRET_KEY" in message


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"PORTAL_WORKERS": "3", "WEB_CONCURRENCY": "5"}, 3),
        ({"WEB_CONCURRENCY": "5"}, 5),
        ({}, os.cpu_count() or 1),
    ],
)
def test_gunicorn_and_the_guard_count_workers_alike(monkeypatch, tmp_path, environ, expected):
    for name in ("PORTAL_WORKERS", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_HANDOUT_WARM", "false")  # the settings file would set it
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert portal_config.worker_count() == expected
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == expected
    config = production_config(tmp_path)
    del config["WORKERS"]
    if expected > 1:
        with pytest.raises(ConfigError, match=f"{expected} workers"):
            create_app(config)
    else:
        assert create_app(config).config["WORKERS"] == 1


def free_port() -> int:
    """A free TCP port on the loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(bool(PG_URL), reason="serves a copy of the SQLite template database")
def test_gunicorn_with_the_project_settings_sends_no_version_banner(tmp_path, template_db):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    shutil.copyfile(template_db, instance / "portal.db")
    os.chmod(instance / "portal.db", 0o600)
    port = free_port()
    config = production_config(tmp_path)
    environ = {
        **os.environ,
        "PORTAL_ENV": "production",
        "PORTAL_INSTANCE_PATH": str(instance),
        "PORTAL_SECRET_KEY": config["SECRET_KEY"],
        "PORTAL_ENCRYPTION_KEYS": config["ENCRYPTION_KEYS"],
        "PORTAL_AUDIT_KEY": config["AUDIT_KEY"],
        "PORTAL_PUBLIC_BASE_URL": "https://portal.example.org",
        "PORTAL_TRUSTED_HOSTS": "127.0.0.1",
        "PORTAL_WORKERS": "1",
        "PORTAL_BIND": f"127.0.0.1:{port}",
        "PORTAL_HANDOUT_WARM": "false",
    }
    environ.pop("DATABASE_URL", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        headers = fetch_headers(f"http://127.0.0.1:{port}/healthz", server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    # gunicorn names itself without a version; the app adds no banner of its own.
    assert headers.get("Server") == "gunicorn"
    assert "X-Powered-By" not in headers


def fetch_headers(url: str, server: subprocess.Popen) -> dict[str, str]:
    """The response headers of url once the server answers (it needs a moment to start)."""
    for _ in range(300):
        if server.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return dict(response.headers)
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn never answered")
