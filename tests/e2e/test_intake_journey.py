"""The whole intake with the keyboard alone, on a phone and a desktop; axe clean on key pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.models import Intake

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


def tab_to(page, locator, limit: int = 250) -> None:
    """Press Tab until the element is focused, as a keyboard user would."""
    locator.first.evaluate("e => e.setAttribute('data-tab-target', '1')")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-tab-target')"):
            locator.first.evaluate("e => e.removeAttribute('data-tab-target')")
            return
    raise AssertionError(f"could not reach {locator} with Tab")


def press_on(page, selector: str, key: str = "Enter") -> None:
    """Tab to an element and press a key on it."""
    tab_to(page, page.locator(selector))
    page.keyboard.press(key)


def type_into(page, selector: str, value: str) -> None:
    """Tab to a text box and type."""
    tab_to(page, page.locator(selector))
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


def choose(page, name: str, index: int) -> None:
    """Pick a radio with the keyboard: Tab into the group, then Space or the arrow keys."""
    tab_to(page, page.locator(f"#{name}-0"))
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def continue_(page, text: str = "Continue") -> None:
    """Tab to the main button and press Enter, waiting for the next page."""
    with page.expect_navigation():
        press_on(page, f"button:text-is('{text}')")


def fill_about(page, name: str = "Noor Keyboard-Only", email: str = "noor@example.org") -> None:
    """The About you page."""
    type_into(page, "#full_name", name)
    type_into(page, "#dob_day", "9")
    type_into(page, "#dob_month", "11")
    type_into(page, "#dob_year", "1988")
    type_into(page, "#email", email)
    type_into(page, "#phone", "+1 555 010 2030")
    choose(page, "contact_method", 0)
    choose(page, "voicemail_ok", 1)
    choose(page, "email_ok", 0)
    type_into(page, "#region", "97214")


def fill_questionnaires(page) -> None:
    """Mood (with a risk answer on item 9) then worry."""
    for i in range(8):
        choose(page, f"item_{i}", 1)
    choose(page, "item_8", 1)  # thoughts of being better off dead: several days
    choose(page, "difficulty", 1)
    continue_(page)
    assert "/intake/urgent-help" in page.url
    with page.expect_navigation():
        press_on(page, "main a.button")
    for i in range(7):
        choose(page, f"item_{i}", 2)
    choose(page, "difficulty", 2)  # GAD-7 asks its own difficulty question
    continue_(page)


def fill_practical_and_consent(page) -> None:
    """Practical details, then consent."""
    choose(page, "mode", 2)
    press_on(page, "#availability-0", "Space")
    choose(page, "payment", 0)
    choose(page, "heard_from", 0)
    continue_(page)
    press_on(page, "#agreed", "Space")
    type_into(page, "#typed_name", "Noor Keyboard-Only")
    continue_(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_intake_keyboard_journey(page, live_server, assert_accessible, viewport):
    page.goto(live_server("/intake/"))
    assert_accessible(page)
    with page.expect_navigation():
        press_on(page, "a.button-start")
    assert_accessible(page)
    continue_(page)  # nothing chosen: the error round trip
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(page)
    choose(page, "age_ok", 0)
    continue_(page)
    if "where-you-live" in page.url:
        choose(page, "area", 0)
        continue_(page)
    choose(page, "safety_risk", 0)  # yes: the interruption page shows help at once
    continue_(page)
    assert "988" in page.locator(".intake-interruption").inner_text()
    with page.expect_navigation():
        press_on(page, "main a.button")
    fill_about(page)
    with page.expect_navigation():
        press_on(page, "button[value=save]")
    link = page.locator("#resume-link").get_attribute("href")
    page.context.clear_cookies()  # a new visit later: only the link is left
    page.goto(link.replace("http://localhost", live_server.url))
    assert "/intake/what-brings-you" in page.url
    type_into(page, "#own_words", "I would like help with panic at work.")
    choose(page, "previous_therapy", 1)
    continue_(page)
    fill_questionnaires(page)
    fill_practical_and_consent(page)
    assert "/intake/check" in page.url
    assert "noor@example.org" in page.content()
    assert_accessible(page)
    with page.expect_navigation():
        press_on(page, "a[href='/intake/about-you?from=check']:has-text('email address')")
    type_into(page, "#email", "noor.new@example.org")
    continue_(page)
    assert page.url.endswith("/intake/check") and "noor.new@example.org" in page.content()
    continue_(page, "Send my enquiry")
    assert page.url.endswith("/intake/done")
    reference = page.locator(".panel-ref").inner_text()
    assert_accessible(page)
    with live_server.app.app_context():
        from portal.db import db

        intake = db.session.scalars(select(Intake).where(Intake.reference == reference)).one()
        assert intake.is_urgent and not intake.is_quarantined
    assert not page.dialogs
