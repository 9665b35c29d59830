"""My account pages in a real browser: no axe violation of any impact, no sideways scroll at 320."""

from __future__ import annotations

import uuid

import pyotp
import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import AXE_TAGS

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(params=[PHONE, DESKTOP], ids=["320px", "1280px"])
def viewport(request) -> dict:
    """A small phone and a desktop."""
    return request.param


@pytest.fixture
def account_owner(live_server) -> str:
    """A fresh owner without two-step sign-in (each test enrols its own)."""
    from portal.auth.service import create_user
    from portal.db import db

    email = f"account-{uuid.uuid4().hex[:8]}@example.org"
    with live_server.app.app_context():
        create_user(email, PASSWORD, "owner", "Sam Okafor")
        db.session.commit()
    return email


def assert_no_violation(axe, tab) -> None:
    """axe-core over WCAG 2.2 AA: no violation at all, whatever its impact."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    result = axe.run(tab, options=options).response
    found = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]
    ]
    assert found == [], {"url": tab.url, "violations": found}


def assert_fits(tab, viewport: dict) -> None:
    """Nothing wider than the window: no sideways scrolling."""
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], (tab.url, width)


def check(tab, axe, viewport: dict, heading: str) -> None:
    """The page a person expects, accessible and fitting the window."""
    assert tab.get_by_role("heading", level=1).first.inner_text() == heading

    assert_no_violation(axe, tab)
    assert_fits(tab, viewport)


def test_account_pages_are_accessible_and_fit(
    page, live_server, staff_login, account_owner, axe, viewport
):
    staff_login(page, account_owner, PASSWORD)
    page.goto(live_server("/clinician/account"))
    check(page, axe, viewport, "My account")

    page.goto(live_server("/clinician/account/password"))
    check(page, axe, viewport, "Change your password")
    page.click("main button[type=submit]")  # nothing typed: the error summary and messages
    assert page.locator(".error-summary").is_visible()
    check(page, axe, viewport, "Change your password")

    page.goto(live_server("/clinician/account/two-step"))
    check(page, axe, viewport, "Turn on two-step sign-in")
    page.fill("#code", "000000")
    page.click("main button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    check(page, axe, viewport, "Turn on two-step sign-in")

    secret = page.locator("main code").first.inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    check(page, axe, viewport, page.get_by_role("heading", level=1).first.inner_text())
    assert page.get_by_text("recovery code", exact=False).first.is_visible()

    page.goto(live_server("/clinician/account"))
    page.get_by_role("button", name="Make new recovery codes").click()
    page.wait_for_load_state()
    assert "/account/recovery-codes" in page.url
    check(page, axe, viewport, page.get_by_role("heading", level=1).first.inner_text())
