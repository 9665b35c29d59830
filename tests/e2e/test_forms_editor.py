"""The form editor by keyboard alone, phone and desktop widths: add, reorder, publish; axe clean."""

from __future__ import annotations

import json
import uuid

import pytest

from portal.db import db
from tests.conftest import PASSWORD
from tests.e2e.conftest import shot

VIEWPORTS = [{"width": 320, "height": 640}, {"width": 1280, "height": 800}]


def store_draft(live_server) -> dict:
    """An owner and a copy of the adult form as a draft, as the Duplicate button makes it."""
    from portal.auth.service import create_user
    from portal.questionnaires import ADULT_URL, service

    with live_server.app.app_context():
        service.ensure_builtin_forms()
        email = f"owner-{uuid.uuid4().hex[:8]}@example.org"
        owner = create_user(email, PASSWORD, "owner", "Morgan Ellis")
        adult = service.published_version(service.by_url(ADULT_URL))
        copy = service.duplicate_form(adult, f"Keyboard {uuid.uuid4().hex[:6]}", owner.id)
        db.session.commit()
        return {
            "email": email,
            "version_id": copy.id,
            "url": copy.form.url,
            "form_id": copy.form.id,
            "title": copy.form.title,
        }


def stored(live_server, version_id: int):
    """The version's state and definition, read from the database."""
    from portal.models import FormVersion

    with live_server.app.app_context():
        version = db.session.get(FormVersion, version_id)
        return version.status, json.loads(version.definition)


FOCUSED = (
    "([s, t]) => document.activeElement.matches(s)"
    " && document.activeElement.textContent.includes(t)"
)


def tab_to(tab, selector: str, text: str = "", limit: int = 600) -> None:
    """Press Tab until an element matching `selector` (holding `text`) has focus; no clicks."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(FOCUSED, [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text}")


def press_enter_and_wait(tab) -> None:
    """Enter on the focused link or button, waiting for the next page."""
    with tab.expect_navigation():
        tab.keyboard.press("Enter")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["320", "1280"])
def test_forms_editor_add_reorder_publish_by_keyboard(
    page, viewport, live_server, staff_login, axe_clean
):
    site = store_draft(live_server)
    width = viewport["width"]
    staff_login(page, site["email"], PASSWORD)
    page.goto(live_server("/clinician/forms"))
    axe_clean(page)
    shot(page, f"forms-list-{width}")
    edit = f"/clinician/forms/versions/{site['version_id']}"
    tab_to(page, f"a[href='{edit}']")
    press_enter_and_wait(page)
    axe_clean(page)
    shot(page, f"forms-edit-{width}")

    tab_to(page, "a[href$='question?page=practical']")
    press_enter_and_wait(page)
    tab_to(page, "button[type=submit]", "Save question")
    press_enter_and_wait(page)  # nothing filled in: the error summary takes focus
    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    axe_clean(page)
    shot(page, f"forms-question-error-{width}")
    tab_to(page, "a[href='#type-0']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "type-0"
    page.keyboard.press("Space")  # Short answer (one line)
    tab_to(page, "#text")
    page.keyboard.type("Which bus do you take?")
    tab_to(page, "button[type=submit]", "Save question")
    press_enter_and_wait(page)
    assert "Question saved." in page.inner_text("#flash")

    tab_to(page, "#item-custom\\.q1 button", "Move up")
    press_enter_and_wait(page)
    _status, data = stored(live_server, site["version_id"])
    practical = next(p for p in data["item"] if p["linkId"] == "practical")
    assert [i["linkId"] for i in practical["item"]][-2:] == ["custom.q1", "practical.heard_from"]
    axe_clean(page)

    tab_to(page, "button", "Publish version 1")
    press_enter_and_wait(page)
    assert "Version 1 is published" in page.inner_text("#flash")
    assert stored(live_server, site["version_id"])[0] == "published"
    axe_clean(page)
    shot(page, f"forms-published-{width}")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["320", "1280"])
def test_forms_editor_other_pages_are_axe_clean(
    page, viewport, live_server, staff_login, axe_clean
):
    site = store_draft(live_server)
    staff_login(page, site["email"], PASSWORD)
    base = f"/clinician/forms/versions/{site['version_id']}"
    for path in (f"{base}/measures", f"{base}/question?item=reasons.hopes", f"{base}/preview"):
        page.goto(live_server(path))
        axe_clean(page)
    for number in (3, 6):  # the safety question; PHQ-9 with its credit line
        page.goto(live_server(f"{base}/preview?page={number}"))
        axe_clean(page)
        shot(page, f"forms-preview-{number}-{viewport['width']}")
