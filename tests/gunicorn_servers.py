"""Real gunicorn servers on loopback for the multi-worker tests and bench/load.py.

Each server is `gunicorn -c gunicorn.conf.py` (the project's own settings) in a child process
with its settings in the environment, a free loopback port and its log in a file. A tiny
cookie-keeping HTTP client stands in for a browser.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# The access-log line of gunicorn.conf.py ends with the worker's pid, as "<1234>".
ACCESS_RE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+)" (?P<status>\d{3}) .* <(?P<pid>\d+)>$')
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
START_TIMEOUT = 30


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_url() -> str | None:
    """The loopback Redis (PORTAL_TEST_REDIS_URL, else db 0) if it answers, else None.

    With PORTAL_REQUIRE_SERVICES set (as in CI) a missing Redis is an error, not a skip.
    """
    url = os.environ.get("PORTAL_TEST_REDIS_URL", DEFAULT_REDIS)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("PORTAL_REQUIRE_SERVICES"):
            raise
        return None
    return url


def server_environment(instance: Path, database_url: str, **settings) -> dict[str, str]:
    """The environment of one server: this checkout, test keys, and the given settings."""
    from tests.conftest import CHEAP_ARGON2, TEST_KEY

    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env.pop("RATELIMIT_STORAGE_URI", None)
    env.update(
        PORTAL_INSTANCE_PATH=str(instance),
        DATABASE_URL=database_url,
        PORTAL_SECRET_KEY="test-secret-key-that-is-long-enough-0123456789",
        PORTAL_ENCRYPTION_KEYS=TEST_KEY,
        PORTAL_AUDIT_KEY="test-audit-key-that-is-long-enough-0123456789",
        PORTAL_ARGON2_PARAMS=json.dumps(CHEAP_ARGON2),
        PORTAL_HANDOUT_WARM="false",
        PORTAL_LOG_LEVEL="WARNING",
    )
    for name, value in settings.items():
        key = name if name in ("RATELIMIT_STORAGE_URI", "DATABASE_URL") else f"PORTAL_{name}"
        env[key] = value if isinstance(value, str) else json.dumps(value)
    return env


@dataclass
class Server:
    """One gunicorn master and its workers, started from gunicorn.conf.py."""

    env: dict[str, str]
    log_path: Path
    workers: int = 2
    app: str | None = None  # another WSGI app (bench's "hello"); default: the portal
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        """The server's address."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        """Start gunicorn and wait until /healthz answers (or fail with the log's tail)."""
        env = dict(self.env, PORTAL_BIND=f"127.0.0.1:{self.port}", PORTAL_WORKERS=str(self.workers))
        command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
        if self.app:
            command.append(self.app)
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if Browser(self.base).get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log_text()[-3000:]}")

    def stop(self) -> None:
        """Stop the master (it stops its workers); kill the group if it does not go in time."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log.close()
        self.process = None

    def log_text(self) -> str:
        """Everything the server has written so far."""
        return self.log_path.read_text(errors="replace")

    def access(self, method: str, path: str, at_least: int = 0) -> list[tuple[int, int]]:
        """(status, worker pid) of every access-log line for this method and path.

        A worker writes its line just after sending the response, so wait (up to 5 s) until
        at least `at_least` lines are there.
        """
        deadline = time.monotonic() + 5
        while True:
            found = []
            for line in self.log_text().splitlines():
                match = ACCESS_RE.search(line)
                if match and match["method"] == method and match["path"] == path:
                    found.append((int(match["status"]), int(match["pid"])))
            if len(found) >= at_least or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class Response:
    """What came back: status, headers (lower-case names) and the body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Browser:
    """A cookie-keeping client: one new connection per request, redirects not followed."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 60

    def request(
        self, method: str, path: str, form: dict | None = None, headers: dict | None = None
    ) -> Response:
        """Send one request and remember the cookies it sets."""
        parts = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            reply = connection.getresponse()
            data = reply.read()
            for name, value in reply.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            found = {name.lower(): value for name, value in reply.getheaders()}
            return Response(reply.status, found, data)
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Response:
        """GET a path."""
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, form: dict, token_page: str | None = None, **kwargs):
        """POST a form with the CSRF token read from a page, as a browser would."""
        page = self.get(token_page or path).text
        match = CSRF_RE.search(page)
        assert match, f"no CSRF token on {token_page or path}"
        return self.request("POST", path, form={**form, "csrf_token": match[1]}, **kwargs)

    def on(self, base: str) -> Browser:
        """The same browser (same cookies) talking to another server."""
        return Browser(base, self.cookies, self.timeout)
