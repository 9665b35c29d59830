"""The exports in a real browser with JavaScript off: tick rows, choose columns, get the files."""

from __future__ import annotations

import csv
import json
import uuid

import pytest

from portal.db import db
from tests.conftest import PASSWORD
from tests.e2e.conftest import shot
from tests.e2e.test_clinician import store_intake
from tests.fixtures_intake import sample_answers

VIEWPORTS = [{"width": 320, "height": 640}, {"width": 1280, "height": 800}]


@pytest.fixture
def two_intakes(live_server):
    """An owner and two fresh intakes on the live server."""
    from portal.auth.service import create_user

    with live_server.app.app_context():
        email = f"owner-{uuid.uuid4().hex[:8]}@example.org"
        create_user(email, PASSWORD, "owner", "Rowan Vale")
        first = store_intake()
        second = store_intake(about={"full_name": "Jo Brand"})
        db.session.commit()
        return email, [(first.id, first.reference), (second.id, second.reference)]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["320", "1280"])
def test_export_journey_without_javascript(
    browser, viewport, live_server, staff_login, axe_clean, two_intakes, tmp_path
):
    email, intakes = two_intakes
    context = browser.new_context(
        viewport=viewport, java_script_enabled=False, accept_downloads=True
    )
    tab = context.new_page()
    staff_login(tab, email, PASSWORD)
    width = viewport["width"]

    tab.goto(live_server(f"/clinician/intakes/{intakes[0][0]}"))
    link = tab.get_by_role("link", name="Download as FHIR JSON")
    assert link.is_visible()
    with tab.expect_download() as got:
        link.click()
    resource = json.loads(got.value.path().read_text("utf-8"))
    assert resource["resourceType"] == "QuestionnaireResponse"
    assert got.value.suggested_filename == f"{intakes[0][1]}.json"

    tab.goto(live_server("/clinician/intakes"))
    for _id, reference in intakes:
        tab.get_by_label(f"Select {reference}").check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Export selected as CSV").click()
    assert tab.locator("main h1").inner_text() == "Export selected enquiries"
    tab.get_by_label("Full name").check()
    columns_page = tab.url
    with tab.expect_download() as got:
        tab.get_by_role("button", name="Download CSV").click()
    rows = list(csv.reader(got.value.path().read_text("utf-8-sig").splitlines()))
    assert rows[0] == ["Reference", "Received", "Status", "Urgent", "Full name"]
    names = {row[0]: row[4] for row in rows[1:]}
    full_name = sample_answers()["about"]["full_name"]
    assert names == {intakes[0][1]: full_name, intakes[1][1]: "Jo Brand"}
    context.close()
    # axe needs JavaScript: check both pages again in a tab that runs it.
    checked = browser.new_context(viewport=viewport).new_page()
    staff_login(checked, email, PASSWORD)
    pages = (("detail", f"/clinician/intakes/{intakes[0][0]}"), ("inbox", "/clinician/intakes"))
    for name, url in (*pages, ("columns", None)):
        checked.goto(url and live_server(url) or columns_page)
        axe_clean(checked)
        shot(checked, f"export-{name}-{width}")
    checked.context.close()
