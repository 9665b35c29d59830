"""Focus that a script or the skip link moves: a visible outline, never a yellow flood."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.conftest import PASSWORD

VIEWPORTS = [{"width": 320, "height": 640}, {"width": 1280, "height": 800}]
FOCUS_YELLOW = (255, 221, 0)


def yellow_share(locator) -> float:
    """The share of the element's painted pixels that are the focus yellow."""
    image = Image.open(io.BytesIO(locator.screenshot())).convert("RGB")
    pixels = list(image.getdata())
    near = [all(abs(a - b) < 24 for a, b in zip(p, FOCUS_YELLOW, strict=True)) for p in pixels]
    yellow = sum(near)
    return yellow / len(pixels)


def outline_of(locator) -> tuple[str, float]:
    """The computed outline style and width of an element."""
    style = locator.evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    )
    return style[0], float(style[1].removesuffix("px"))


def assert_quietly_focused(tab, selector: str) -> None:
    """The element has focus, shows a real outline, and is not painted yellow."""
    target = tab.locator(selector)
    assert target.evaluate("e => e === document.activeElement"), selector
    style, width = outline_of(target)
    assert style == "solid" and width >= 2, (selector, style, width)
    assert yellow_share(target) < 0.05, selector  # an outline on a small notice is a few %


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["320", "1280"])
def test_error_summary_takes_focus_without_a_yellow_flood(page, live_server):
    page.goto(live_server("/auth/login"))
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Sign in')")
    assert page.title().startswith("Error:")
    assert_quietly_focused(page, ".error-summary")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["320", "1280"])
def test_skip_link_focuses_main_without_a_yellow_flood(page, live_server):
    page.goto(live_server("/shelf/"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert_quietly_focused(page, "main")


@pytest.fixture
def owner_email(live_server) -> str:
    """A fresh owner account (and demo data, intakes) on the live server."""
    from tests.e2e.test_every_page import store_site

    return store_site(live_server)["email"]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["320", "1280"])
def test_flash_notice_and_table_region_focus_quietly(page, live_server, staff_login, owner_email):
    staff_login(page, owner_email, PASSWORD)
    page.goto(live_server("/clinician/settings"))
    with page.expect_navigation():
        page.click("button:text-is('Save settings')")
    assert_quietly_focused(page, "#flash")
    notice_background = page.locator("#flash").evaluate("e => getComputedStyle(e).backgroundColor")
    assert notice_background == "rgb(243, 245, 244)"
    page.goto(live_server("/clinician/intakes"))
    region = page.locator(".table-wrap[tabindex='0']").first
    region.focus()
    style, width = outline_of(region)
    assert style == "solid" and width >= 2 and yellow_share(region) < 0.02
