"""Settings saved untouched in Chromium keep every stored value; the intake reads naturally."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import inspect, select

from portal.db import db
from portal.models import Practice
from tests.conftest import PASSWORD
from tests.e2e.conftest import shot
from tests.e2e.test_intake_journey import DESKTOP, PHONE

SETTINGS = "/clinician/settings"
VOLATILE = {"id", "updated_at"}  # bookkeeping the save may touch on its own
US_AREAS = ["Springfield", "Shelbyville", "Elsewhere in the state (online sessions)"]
UK_PRACTICE = {
    "name": "Harbour Light Counselling",
    "country": "UK",
    "time_zone": "Europe/London",
    "help_preset": "custom",
    "urgent_help": [
        {"label": "Crisis team", "number": "0300 123 456", "note": "any time"},
        {"label": "Samaritans", "number": "116 123", "note": ""},
    ],
    "address": "12 Quay Street\nPortsmouth\nPO1 2AB",
    "service_areas": ["Portsmouth", "Southsea", "Online (anywhere in England)"],
    "consent_text": "First paragraph.\n\nSecond paragraph, after a blank line.",
    "privacy_text": "We keep two lines.\nAnd a trailing space. ",
}
US_PRACTICE = {"country": "US", "time_zone": "America/Chicago", "service_areas": US_AREAS}


def stored(app) -> dict:
    """Every column of the practice row, read from the database, bookkeeping left out."""
    with app.app_context():
        practice = db.session.scalars(select(Practice).order_by(Practice.id)).first()
        columns = inspect(Practice).columns.keys()
        return {name: getattr(practice, name) for name in columns if name not in VOLATILE}


def set_practice(app, values: dict) -> None:
    """Write these values into the practice row (the demo's) and commit."""
    with app.app_context():
        practice = db.session.scalars(select(Practice).order_by(Practice.id)).first()
        for name, value in values.items():
            setattr(practice, name, value)
        db.session.commit()


@pytest.fixture
def owner_email(live_server):
    """The demo practice and a fresh owner account; the practice is put back afterwards."""
    from portal.auth.service import create_user
    from portal.demo import load_demo

    with live_server.app.app_context():
        load_demo()
        email = f"owner-{uuid.uuid4().hex[:8]}@example.org"
        create_user(email, PASSWORD, "owner", "Morgan Ellis")
        db.session.commit()
    original = stored(live_server.app)
    yield email
    set_practice(live_server.app, original)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320", "1280"])
@pytest.mark.parametrize("values", [US_PRACTICE, UK_PRACTICE], ids=["us-chicago", "uk-own-list"])
def test_saving_settings_untouched_in_chromium_keeps_every_value(
    page, live_server, staff_login, owner_email, values, viewport
):
    set_practice(live_server.app, values)
    before = stored(live_server.app)
    assert before["time_zone"] == values["time_zone"] and before["country"] == values["country"]
    staff_login(page, owner_email, PASSWORD)
    page.goto(live_server(SETTINGS))
    assert page.locator("#time_zone").input_value() == values["time_zone"]
    shot(page, f"settings-{values['country']}-{viewport['width']}")
    with page.expect_navigation():
        page.click("button:text-is('Save settings')")
    assert page.locator("#flash").inner_text().strip() == "Settings saved."
    after = stored(live_server.app)
    assert after == before, {k: (before[k], after[k]) for k in before if before[k] != after[k]}

    page.context.clear_cookies()
    page.goto(live_server("/intake/where-you-live"))
    labels = page.locator("input[name=area] + label, label[for^=area-]").all_inner_texts()
    options = [" ".join(label.split()) for label in labels]
    assert options[: len(values["service_areas"])] == values["service_areas"]
    assert not any("[" in option or "'" in option for option in options)
