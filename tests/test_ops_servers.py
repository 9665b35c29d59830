"""Two app servers (two gunicorn processes on two loopback ports) on one database and one Redis.

They stand in for two hosts behind a load balancer: a person may reach either on any request.
On the PostgreSQL run both use the test database; on the SQLite run both open the same file.
Each keeps its own instance folder, so each has its own handout cache.
"""

from __future__ import annotations

import re
import uuid

import pytest

from portal.db import db
from tests.conftest import PASSWORD
from tests.fixtures_intake import step_posts
from tests.gunicorn_servers import Browser, Server, server_environment
from tests.test_ops_workers import LOGIN, WRONG, shared_redis  # noqa: F401  (fixture)

pytestmark = [pytest.mark.servers, pytest.mark.timeout(120)]
RESUME_RE = re.compile(r"/intake/resume/[A-Za-z0-9_-]+")


@pytest.fixture
def two_servers(app, tmp_path, shared_redis):  # noqa: F811
    """Servers A and B: one database, one Redis prefix, an instance folder each."""
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.commit()
    prefix = f"portal-test-{uuid.uuid4().hex}"
    servers = []
    try:
        for name in ("a", "b"):
            instance = tmp_path / "instance" if name == "a" else tmp_path / "instance-b"
            env = server_environment(
                instance,
                database_url,
                RATELIMIT_STORAGE_URI=shared_redis,
                RATELIMIT_KEY_PREFIX=prefix,
            )
            servers.append(Server(env, tmp_path / f"gunicorn-{name}.log", workers=1).start())
        yield servers
    finally:
        for server in servers:
            server.stop()


def release(value):
    """Read what the test needs, then end the test's transaction so the servers can write."""
    db.session.commit()
    db.session.close()
    return value


def test_sign_in_on_one_server_and_carry_on_on_the_other(two_servers, clinician):
    a, b = two_servers
    email = release(clinician.email)
    browser = Browser(a.base)
    signed_in = browser.post_form(LOGIN, {"email": email, "password": PASSWORD})
    assert signed_in.status == 302, signed_in.text[-2000:]
    dashboard = browser.on(b.base).get(signed_in.headers["location"])
    assert dashboard.status == 200
    assert "Sign out" in dashboard.text

    browser.on(b.base).post_form("/auth/logout", {}, token_page="/clinician/")
    assert browser.on(a.base).get("/clinician/").status == 302  # signed out on A too


def test_two_servers_share_one_sign_in_limit(two_servers):
    a, b = two_servers
    statuses = {a.base: [], b.base: []}
    for turn in range(14):
        base = (a, b)[turn % 2].base
        statuses[base].append(Browser(base).post_form(LOGIN, WRONG).status)
    allowed = sum(s.count(200) for s in statuses.values())
    assert allowed == 10, statuses
    assert statuses[a.base][-2:] == [429, 429] and statuses[b.base][-2:] == [429, 429], statuses


def test_draft_saved_on_one_server_is_resumed_on_the_other(two_servers):
    a, b = two_servers
    posts = step_posts()
    browser = Browser(a.base)
    for slug in ("age", "safety"):
        page = f"/intake/{slug}"
        assert browser.post_form(page, posts[slug]).status == 302
    about = {**posts["about-you"], "action": "save"}
    saved = browser.post_form("/intake/about-you", about)
    assert saved.status == 302 and saved.headers["location"].endswith("/intake/saved")
    link = RESUME_RE.search(browser.get("/intake/saved").text)
    assert link, "no resume link on the saved page"

    elsewhere = Browser(b.base)  # another device, another server
    resumed = elsewhere.get(link.group())
    assert resumed.status == 302
    page = elsewhere.get("/intake/about-you").text
    assert 'value="Amira Solberg-Núñez"' in page
    assert 'value="amira@example.org"' in page


def test_both_servers_render_the_same_handout(two_servers, make_article, tmp_path):
    import io

    from pypdf import PdfReader

    a, b = two_servers
    article = make_article(
        "Steadying breath", body_md="Breathe out for longer than you breathe in."
    )
    url = release(f"/shelf/{article.slug}/handout.pdf")
    first, second = Browser(a.base).get(url), Browser(b.base).get(url)
    assert first.status == second.status == 200
    texts = [
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.body)).pages)
        for r in (first, second)
    ]
    assert "Breathe out for longer" in texts[0]
    assert texts[0] == texts[1]
    cached_a = sorted(p.name for p in (tmp_path / "instance" / "cache" / "handouts").glob("*.pdf"))
    cached_b = sorted(
        p.name for p in (tmp_path / "instance-b" / "cache" / "handouts").glob("*.pdf")
    )
    assert cached_a == cached_b and len(cached_a) == 1  # the same content-hash key on both
