"""Saving Settings without touching anything leaves every stored value exactly as it was."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import inspect, select
from werkzeug.datastructures import MultiDict

from portal.db import db
from portal.demo import DEMO_OWNER, DEMO_PASSWORD, load_demo
from portal.models import Practice, User
from portal.practice import default_practice
from tests.conftest import PASSWORD
from tests.fixtures_clinician import page_text

SETTINGS = "/clinician/settings"
# Columns the settings save may legitimately touch on its own.
VOLATILE = {"id", "updated_at"}


def browser_submission(html: str, action: str = SETTINGS) -> MultiDict:
    """The name/value pairs a browser sends for the form posting to `action`, untouched.

    Follows the HTML rules a real browser applies: checked radios and checkboxes only, the
    selected option (or the first), a textarea loses one newline right after its start tag, and
    every line break in a textarea goes out as CR LF.
    """
    form = BeautifulSoup(html, "html.parser").find("form", action=action)
    assert form is not None, f"no form posting to {action}"
    pairs = []
    for control in form.find_all(["input", "textarea", "select"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "textarea":
            value = control.string or ""
            value = value[1:] if value.startswith("\n") else value
            pairs.append((name, value.replace("\r\n", "\n").replace("\n", "\r\n")))
        elif control.name == "select":
            options = control.find_all("option")
            chosen = next((o for o in options if o.has_attr("selected")), options[0])
            pairs.append((name, chosen.get("value", chosen.get_text())))
        elif control.get("type") in ("radio", "checkbox"):
            if control.has_attr("checked"):
                pairs.append((name, control.get("value", "on")))
        elif control.get("type") not in ("submit", "button", "file", "image", "reset"):
            pairs.append((name, control.get("value", "")))
    return MultiDict(pairs)


def stored_values() -> dict:
    """Every column of the saved practice row, except the bookkeeping ones."""
    db.session.expire_all()
    practice = db.session.scalars(select(Practice)).one()
    columns = inspect(Practice).columns.keys()
    return {name: getattr(practice, name) for name in columns if name not in VOLATILE}


def demo_practice(make_user):
    """The practice `portal demo` sets up (US numbers, three service areas); its owner."""
    load_demo()
    db.session.commit()
    return db.session.scalars(select(User).where(User.email == DEMO_OWNER)).one(), DEMO_PASSWORD


def own_list_practice(make_user):
    """A UK practice with its own urgent-help list, a two-line address and long texts; owner."""
    practice = default_practice("Harbour Light Counselling")
    practice.help_preset = "custom"
    practice.country, practice.time_zone = "UK", "Europe/London"
    practice.urgent_help = [
        {
            "label": "Crisis team",
            "number": "0300 123 456",
            "note": "any time",
            "es": {"label": "Equipo de crisis", "number": "0300 123 456", "note": ""},
        },
        {"label": "Samaritans", "number": "116 123", "note": ""},
    ]
    practice.address = "12 Quay Street\nPortsmouth\nPO1 2AB"
    practice.service_areas = ["Portsmouth", "Southsea", "Online (anywhere in England)"]
    practice.reply_days = 5
    practice.accepting = "waitlist"
    practice.retention = {
        "client_years": 8,
        "prospect_days": 90,
        "draft_days": 7,
        "quarantine_days": 30,
    }
    practice.consent_text = "First paragraph.\n\nSecond paragraph, after a blank line."
    practice.privacy_text = "We keep two lines.\nAnd a trailing space. "
    practice.consent_text_es = "Primer párrafo.\n\nSegundo párrafo, tras una línea en blanco."
    practice.privacy_text_es = "Guardamos dos líneas.\nY un espacio al final. "
    db.session.add(practice)
    return make_user("owner@example.org", role="owner"), PASSWORD


@pytest.mark.parametrize("setup", [demo_practice, own_list_practice], ids=["demo", "own-list"])
def test_saving_settings_untouched_keeps_every_value(client, make_user, login_as, setup):
    login_as(*setup(make_user))
    before = stored_values()
    pairs = browser_submission(client.get(SETTINGS).get_data(as_text=True))
    response = client.post(SETTINGS, data=pairs)
    assert response.headers["Location"].endswith(SETTINGS), page_text(response)
    assert stored_values() == before


def test_saving_settings_untouched_keeps_the_intake_areas(client, make_user, login_as):
    login_as(*demo_practice(make_user))
    client.post(SETTINGS, data=browser_submission(client.get(SETTINGS).get_data(as_text=True)))
    html = client.get(SETTINGS).get_data(as_text=True)
    areas = BeautifulSoup(html, "html.parser").find("textarea", attrs={"name": "service_areas"})
    assert areas.get_text().strip().splitlines() == [
        "Springfield",
        "Shelbyville",
        "Elsewhere in the state (online sessions)",
    ]
    assert "['" not in html


def test_first_save_on_a_new_install_stores_the_defaults_shown(client, signed_in_owner):
    shown = default_practice()
    pairs = browser_submission(client.get(SETTINGS).get_data(as_text=True))
    assert client.post(SETTINGS, data=pairs).headers["Location"].endswith(SETTINGS)
    saved = stored_values()
    assert saved["service_areas"] == [] and saved["urgent_help"] == shown.urgent_help
    assert saved["consent_text"] == shown.consent_text and saved["name"] == shown.name
