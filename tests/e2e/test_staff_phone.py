"""Staff pages on a 320 px phone: no sideways scroll, buttons whole, intake actions first."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.e2e.test_every_page import store_site

PHONE = {"width": 320, "height": 640}


@pytest.fixture
def viewport() -> dict:
    """A small phone."""
    return PHONE


@pytest.fixture
def site(live_server) -> dict:
    """Demo data, an owner and two intakes on the live server."""
    return store_site(live_server)


def page_width(tab) -> int:
    """How wide the page lays out (more than 320 means sideways scrolling)."""
    return tab.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("path", ["/clinician/users", "/clinician/shelf/", "/auth/totp/setup"])
def test_staff_page_fits_a_phone(page, live_server, staff_login, site, path):
    staff_login(page, site["email"], PASSWORD)
    page.goto(live_server(path))
    assert page_width(page) <= PHONE["width"]
    for button in page.locator("main button, main a.button").all():
        box = button.bounding_box()
        if box is not None:  # visually hidden controls have no box
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], button.inner_text()


def test_intake_actions_come_before_the_answers_on_a_phone(page, live_server, staff_login, site):
    staff_login(page, site["email"], PASSWORD)
    page.goto(live_server(f"/clinician/intakes/{site['intake_id'][1]}"))
    status = page.locator("#status").bounding_box()["y"]
    pdf = page.get_by_text("Download summary PDF").bounding_box()["y"]
    note = page.locator("#body").bounding_box()["y"]
    answers = page.get_by_role("heading", name="Answers", exact=True).bounding_box()["y"]
    assert max(status, pdf, note) < answers
    assert status < PHONE["height"] * 2
    assert page_width(page) <= PHONE["width"]
