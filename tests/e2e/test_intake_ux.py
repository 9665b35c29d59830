"""Consent, saving a half-done page and the spam trap in Chromium, on a phone and a desktop."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_intake_journey import DESKTOP, PHONE, continue_, press_on, type_into

SIZES = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320", "1280"])


def start_intake(page, live_server) -> None:
    """Answer the first pages so the later ones can be opened (a fresh browser each test)."""
    page.goto(live_server("/intake/age"))
    page.check("#age_ok-0")
    continue_(page)
    if "where-you-live" in page.url:
        page.check("#area-0")
        continue_(page)
    page.check("#safety_risk-1")
    continue_(page)


@SIZES
def test_intake_consent_unticked_shows_the_error_and_keeps_the_name(
    page, live_server, axe_clean, viewport
):
    page.goto(live_server("/intake/consent"))
    type_into(page, "#typed_name", "Noor Unticked")
    continue_(page)
    assert page.title().startswith("Error: ")
    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    message = "Select the box to confirm you agree before you continue"
    assert summary.locator("a").inner_text() == message
    inline = " ".join(page.locator("#agreed-error").text_content().split())
    assert inline == f"Error: {message}"
    assert page.input_value("#typed_name") == "Noor Unticked"
    shot(page, f"consent-error-{viewport['width']}")
    axe_clean(page)
    press_on(page, ".error-summary a")  # an in-page link: focus moves to the box
    assert page.evaluate("document.activeElement.id") == "agreed"
    page.keyboard.press("Space")
    continue_(page)
    assert "/intake/consent" not in page.url


@SIZES
def test_intake_save_later_keeps_own_words_without_the_radio(
    page, live_server, axe_clean, viewport
):
    start_intake(page, live_server)
    page.goto(live_server("/intake/what-brings-you"))
    words = "Since the move I wake at 4 and cannot get back to sleep."
    type_into(page, "#own_words", words)
    with page.expect_navigation():
        press_on(page, "button[value=save]")
    assert page.url.endswith("/intake/saved")
    assert page.locator("h1").inner_text() == "Your answers are saved"
    shot(page, f"saved-{viewport['width']}")
    axe_clean(page)
    link = page.locator("#resume-link").get_attribute("href")
    page.context.clear_cookies()  # later, on another visit: only the link is left
    page.goto(link.replace("http://localhost", live_server.url))
    assert page.url.endswith("/intake/about-you")  # the first page not answered yet
    page.goto(live_server("/intake/what-brings-you"))
    assert page.input_value("#own_words") == words
    assert page.locator(".error-summary").count() == 0
    axe_clean(page)


@SIZES
def test_intake_spam_trap_is_not_read_out_or_focused(page, live_server, axe_clean, viewport):
    page.goto(live_server("/intake/what-brings-you"))
    tree = page.locator("body").aria_snapshot()
    assert "Leave this field blank" not in tree and "What brings you to therapy?" in tree
    focused = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert "website" not in focused and "own_words" in focused
    shot(page, f"what-brings-you-{viewport['width']}")
    axe_clean(page)


@SIZES
@pytest.mark.parametrize(
    "path", ["/privacy", "/accessibility", "/contact", "/intake/urgent-help", "/intake/mood"]
)
def test_public_pages_are_axe_clean(page, live_server, axe_clean, viewport, path):
    page.goto(live_server(path))
    assert page.locator("main h1").count() == 1
    shot(page, f"{path.strip('/').replace('/', '-')}-{viewport['width']}")
    axe_clean(page)


@SIZES
def test_intake_date_of_birth_error_keeps_the_boxes_on_one_row(
    page, live_server, axe_clean, viewport
):
    page.goto(live_server("/intake/about-you"))
    type_into(page, "#full_name", "Noor Date")
    type_into(page, "#dob_day", "31")
    type_into(page, "#dob_month", "2")
    type_into(page, "#dob_year", "1990")
    continue_(page)
    boxes = page.locator(".date-inputs input")
    tops = {round(boxes.nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1, tops  # Month, Day and Year side by side, even with the error
    marked = page.eval_on_selector_all(
        ".date-inputs input", "els => els.map(e => getComputedStyle(e).borderTopColor)"
    )
    assert len(set(marked)) == 1 and marked[0] != "rgb(11, 12, 12)"  # all in the error colour
    shot(page, f"dob-error-{viewport['width']}")
    axe_clean(page)
