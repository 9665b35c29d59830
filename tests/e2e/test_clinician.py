"""The clinician workspace in a real browser: urgent first, status, note, PDF; axe clean."""

from __future__ import annotations

import copy
import uuid

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from tests.conftest import PASSWORD
from tests.fixtures_clinician import IMG, SCRIPT, markup_answers
from tests.fixtures_intake import sample_answers


def store_intake(urgent: bool = False, **sections) -> Intake:
    """Submit one intake through the real service (inside the live app's context)."""
    from portal.intake.service import submit_intake
    from portal.practice import get_practice

    answers = copy.deepcopy(sample_answers())
    for key, value in sections.items():
        answers[key].update(value)
    if urgent:
        answers["eligibility"]["safety_risk"] = "yes"
    return submit_intake(answers, uuid.uuid4().hex, get_practice().consent_text).intake


@pytest.fixture
def workspace(live_server):
    """An owner account plus one calm and one urgent (markup-filled) intake on the live server."""
    from portal.auth.service import create_user

    with live_server.app.app_context():
        email = f"owner-{uuid.uuid4().hex[:8]}@example.org"
        create_user(email, PASSWORD, "owner", "Rowan Vale")
        calm = store_intake()
        urgent = store_intake(urgent=True, **markup_answers())
        db.session.commit()
        refs = {"calm": calm.reference, "urgent": urgent.reference, "urgent_id": urgent.id}
    return {"email": email, **refs}


def test_clinician_reviews_an_urgent_intake(
    page, live_server, staff_login, assert_accessible, workspace
):
    staff_login(page, workspace["email"], PASSWORD)
    assert page.locator("main h1").inner_text() == "Dashboard"
    first_table = page.locator("main table").first
    assert workspace["urgent"] in first_table.inner_text()
    assert workspace["calm"] not in first_table.inner_text()
    assert_accessible(page)

    with page.expect_navigation():
        first_table.get_by_role("link", name=workspace["urgent"]).click()
    assert SCRIPT in page.locator("main").inner_text()
    assert_accessible(page)

    page.select_option("#status", "contacted")
    with page.expect_navigation():
        page.click("button:text-is('Change status')")
    assert "Status changed to Contacted." in page.locator("#flash").inner_text()

    page.fill("#body", "Left a voicemail; try again Thursday.")
    with page.expect_navigation():
        page.click("button:text-is('Add note')")
    assert "Left a voicemail; try again Thursday." in page.locator("ol.notes").inner_text()

    with page.expect_download() as download:
        page.click("text=Download summary PDF")
    assert download.value.suggested_filename == f"intake-{workspace['urgent_id']}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert page.dialogs == []


def test_inbox_detail_and_settings_are_accessible_and_inert(
    page, live_server, staff_login, assert_accessible, workspace
):
    staff_login(page, workspace["email"], PASSWORD)
    page.goto(live_server("/clinician/intakes"))
    assert f"{SCRIPT} Quinn" in page.locator("main table").inner_text()
    assert page.locator("main img, main script").count() == 0
    assert_accessible(page)
    page.goto(live_server(f"/clinician/intakes/{workspace['urgent_id']}"))
    page.click("summary:has-text('Invitation to a consultation')")
    assert f"Dear {IMG}," in page.locator("#reply-invite").input_value()
    assert page.locator("main img").count() == 0
    assert_accessible(page)
    for path in ("/clinician/settings", "/clinician/users", "/clinician/audit"):
        page.goto(live_server(path))
        assert page.locator("main h1").count() == 1
        assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/clinician/", "/clinician/intakes", "/clinician/audit"):
        page.goto(live_server(path))
        assert_accessible(page)
    assert page.dialogs == []
    with live_server.app.app_context():
        assert db.session.scalars(select(Intake.id)).first() is not None
