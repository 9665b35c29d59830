"""Two real gunicorn workers sharing the sign-in rate limit through Redis.

The server is the project's gunicorn.conf.py with two workers on a free loopback port; the
access log names the worker pid that answered each request, so the test can show that the
allowed attempts were spread over both workers and that both then refuse the 11th.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import make_app
from tests.gunicorn_servers import Browser, Server, redis_url, server_environment

pytestmark = [pytest.mark.servers, pytest.mark.timeout(90)]
LOGIN = "/auth/login"
WRONG = {"email": "someone@example.org", "password": "not the password at all"}


@pytest.fixture
def shared_redis() -> str:
    """The loopback Redis, or a skip that says why (an error in CI)."""
    url = redis_url()
    if url is None:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (set PORTAL_REQUIRE_SERVICES to fail)")
    return url


@pytest.fixture
def two_workers(tmp_path, template_db, shared_redis):
    """gunicorn with 2 workers on a migrated instance, limits in Redis under a fresh prefix."""
    instance = tmp_path / "instance"
    app = make_app(instance, template_db)
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = server_environment(
        instance,
        database_url,
        RATELIMIT_STORAGE_URI=shared_redis,
        RATELIMIT_KEY_PREFIX=f"portal-test-{uuid.uuid4().hex}",
    )
    with Server(env, tmp_path / "gunicorn.log", workers=2) as server:
        yield server


def wrong_sign_ins(base: str, count: int, headers: dict | None = None) -> list[int]:
    """Post `count` wrong passwords, each from its own fresh browser; the status codes."""

    def attempt(_):
        return Browser(base).post_form(LOGIN, WRONG, headers=headers).status

    with ThreadPoolExecutor(max_workers=3) as pool:
        return list(pool.map(attempt, range(count)))


def refused_by_both(server: Server, headers_for) -> set[int]:
    """Send refused attempts until both workers have answered one (at most 40); their pids."""
    pids: set[int] = set()
    sent = len(server.access("POST", LOGIN))
    for batch in range(10):
        statuses = wrong_sign_ins(server.base, 4, headers_for(batch))
        assert statuses == [429] * 4, statuses
        sent += 4
        pids = {pid for status, pid in server.access("POST", LOGIN, sent) if status == 429}
        if len(pids) == 2:
            break
    return pids


def test_sign_in_limit_holds_across_two_gunicorn_workers(two_workers):
    server = two_workers
    assert wrong_sign_ins(server.base, 10) == [200] * 10
    allowed = server.access("POST", LOGIN, at_least=10)
    assert len(allowed) == 10
    assert len({pid for _, pid in allowed}) == 2, "the 10 attempts all went to one worker"

    page = Browser(server.base).post_form(LOGIN, WRONG)
    assert page.status == 429
    assert "Too many attempts" in page.text
    server.access("POST", LOGIN, at_least=11)
    assert len(refused_by_both(server, lambda batch: None)) == 2


def test_forged_forwarded_for_never_resets_the_sign_in_limit(two_workers):
    server = two_workers
    assert wrong_sign_ins(server.base, 10) == [200] * 10
    forged = refused_by_both(
        server, lambda batch: {"X-Forwarded-For": f"203.0.113.{batch + 1}, 198.51.100.7"}
    )
    assert len(forged) == 2
