"""Browser harness: a live server on 127.0.0.1, Debian Chromium via Playwright, axe-core."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items) -> None:
    """Every test in tests/e2e is a browser test."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


class LiveServer:
    """A running portal: `url` to visit, `app` to seed data inside an app context."""

    def __init__(self, app, server) -> None:
        self.app = app
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_port}"

    def __call__(self, path: str = "/") -> str:
        """Absolute URL of a path on the live server."""
        return self.url + path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, template_db) -> Iterator[LiveServer]:
    """Serve a fresh app with its own database on a free loopback port for the whole run."""
    instance = tmp_path_factory.mktemp("live-instance")
    app = make_app(instance, template_db, RATELIMIT_ENABLED=False, INTAKE_MIN_FILL_SECONDS=0)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, server)
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium; missing in CI is a failure, missing locally a skip."""
    if not CHROMIUM.exists():
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("PORTAL_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def viewport() -> dict:
    """Desktop size by default; parametrize or override for a phone (320x640)."""
    return {"width": 1280, "height": 800}


@pytest.fixture
def page(browser, viewport):
    """A fresh browser tab (own cookies) that fails the test on any JavaScript dialog."""
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe():
    """axe-core, as bundled with axe-playwright-python."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_problems(axe, tab, tags: list[str], impacts: tuple[str, ...] | None = None) -> dict:
    """axe violations (of these impacts, or every one) and unresolved colour-contrast checks."""
    options = {
        "runOnly": {"type": "tag", "values": tags},
        "resultTypes": ["violations", "incomplete"],
    }
    result = axe.run(tab, options=options).response
    bad = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if impacts is None or v["impact"] in impacts
    ]
    contrast = [
        n["target"] for v in result["incomplete"] if v["id"] == "color-contrast" for n in v["nodes"]
    ]
    return (
        {"url": tab.url, "violations": bad, "contrast_review": contrast} if bad or contrast else {}
    )


@pytest.fixture
def assert_accessible(axe):
    """Fail on serious/critical WCAG 2.2 AA violations or unresolved colour-contrast checks."""

    def check(tab) -> None:
        problems = axe_problems(axe, tab, AXE_TAGS, impacts=("serious", "critical"))
        assert not problems, problems

    return check


@pytest.fixture
def axe_clean(axe):
    """Fail on any axe violation (best practice too), unresolved contrast, or sideways scroll."""

    def check(tab) -> None:
        problems = axe_problems(axe, tab, [*AXE_TAGS, "best-practice"])
        assert not problems, problems
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    return check


def shot(tab, name: str) -> None:
    """Keep a full-page screenshot when PORTAL_E2E_SHOTS names a folder (never in a normal run)."""
    folder = os.environ.get("PORTAL_E2E_SHOTS")
    if folder:
        tab.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.fixture
def staff_login(live_server):
    """Sign a staff account in through the real form in the browser."""

    def do_login(tab, email: str, password: str) -> None:
        tab.goto(live_server("/auth/login"))
        tab.fill("#email", email)
        tab.fill("#password", password)
        with tab.expect_navigation():
            tab.click("button[type=submit]:has-text('Sign in')")

    return do_login
