"""Times are stored in UTC and read in the practice's zone: pages, audit log, PDF and email."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import OutboxMessage, Practice
from portal.practice import UK_HELP, default_practice
from portal.practice_time import local_time
from tests.fixtures_clinician import page_text

ARRIVED = "2026-12-01 14:15:00"  # a winter afternoon in UTC (in the past: sessions stay valid)


def practice_in(zone: str, country: str = "US") -> Practice:
    """Store the practice with this zone and country."""
    practice = default_practice("Harbour Light Counselling")
    practice.time_zone, practice.country = zone, country
    if country == "UK":
        practice.help_preset, practice.urgent_help = "UK", list(UK_HELP)
    db.session.add(practice)
    db.session.commit()
    return practice


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("America/New_York", "1 Dec 2026, 09:15 EST"), ("Europe/London", "1 Dec 2026, 14:15 GMT")],
)
def test_detail_page_shows_local_time_with_the_zone(
    client, clinician, login_as, make_intake, time_machine, zone, shown
):
    practice_in(zone)
    time_machine.move_to(ARRIVED, tick=False)
    login_as(clinician)
    intake = make_intake()
    text = page_text(client.get(f"/clinician/intakes/{intake.id}"))
    assert f"Received {shown}" in text
    assert "UTC" not in text and "14:15 UTC" not in text


def test_audit_log_shows_local_time_with_seconds(
    client, owner, login_as, make_intake, time_machine
):
    practice_in("America/Los_Angeles")
    time_machine.move_to("2026-12-01 14:15:07", tick=False)
    login_as(owner)
    make_intake()
    text = page_text(client.get("/clinician/audit"))
    assert "1 Dec 2026, 06:15:07 PST" in text
    assert "When (UTC)" not in text


def test_summary_pdf_shows_local_time(client, clinician, login_as, make_intake, time_machine):
    from tests.test_clinician_pdf import pdf_text

    practice_in("America/Chicago")
    time_machine.move_to(ARRIVED, tick=False)
    login_as(clinician)
    intake = make_intake()
    text = pdf_text(client.get(f"/clinician/intakes/{intake.id}.pdf").data)
    assert "Received 1 Dec 2026, 08:15 CST" in text
    assert "UTC" not in text


def test_new_enquiry_email_says_when_it_arrived_in_local_time(app, make_intake, time_machine):
    from portal.mail.outbox import RENDERERS

    practice_in("Europe/London", "UK")
    time_machine.move_to("2026-07-01 08:30:00", tick=False)
    make_intake()
    message = db.session.scalars(select(OutboxMessage)).one()
    _to, _subject, body = RENDERERS[message.kind](message, {})
    assert "arrived through the practice portal on 1 Jul 2026, 09:30 BST." in body


@pytest.mark.parametrize(
    ("zone", "utc", "shown"),
    [
        # New York springs forward at 2 am local on 8 March 2026 (07:00 UTC).
        ("America/New_York", datetime(2026, 3, 8, 6, 59), "8 Mar 2026, 01:59 EST"),
        ("America/New_York", datetime(2026, 3, 8, 7, 0), "8 Mar 2026, 03:00 EDT"),
        # London falls back at 2 am BST on 25 October 2026 (01:00 UTC): 01:30 happens twice.
        ("Europe/London", datetime(2026, 10, 25, 0, 30), "25 Oct 2026, 01:30 BST"),
        ("Europe/London", datetime(2026, 10, 25, 1, 30), "25 Oct 2026, 01:30 GMT"),
        # Late evening in New York is already tomorrow in UTC.
        ("America/New_York", datetime(2026, 12, 3, 2, 0), "2 Dec 2026, 21:00 EST"),
    ],
)
def test_daylight_saving_boundaries(app, zone, utc, shown):
    assert local_time(utc, practice_in(zone)) == shown


def test_history_across_the_boundary_reads_in_local_time(
    client, clinician, login_as, make_intake, staff_post, time_machine
):
    practice_in("America/New_York")
    time_machine.move_to("2026-03-08 06:59:00", tick=False)
    login_as(clinician)
    intake = make_intake()
    time_machine.move_to("2026-03-08 07:01:00", tick=False)
    staff_post(f"/clinician/intakes/{intake.id}/status", {"status": "contacted"})
    text = page_text(client.get(f"/clinician/intakes/{intake.id}"))
    assert "Received 8 Mar 2026, 01:59 EST" in text
    assert "8 Mar 2026, 03:01 EDT" in text


def test_a_bad_zone_name_is_refused_and_nothing_is_saved(client, signed_in_owner, staff_post):
    from tests.test_clinician_settings import settings_data

    practice_in("America/New_York")
    response = staff_post(
        "/clinician/settings",
        settings_data(name="Renamed Practice", time_zone="Europe/Atlantis"),
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text and "Choose a time zone from the list" in text
    db.session.expire_all()
    saved = db.session.scalars(select(Practice)).one()
    assert (saved.name, saved.time_zone) == ("Harbour Light Counselling", "America/New_York")


def test_a_chosen_zone_is_saved_and_used(client, signed_in_owner, staff_post, make_intake):
    from tests.test_clinician_settings import settings_data

    practice_in("America/New_York")
    staff_post("/clinician/settings", settings_data(country="US", time_zone="America/Denver"))
    db.session.expire_all()
    assert db.session.scalars(select(Practice)).one().time_zone == "America/Denver"
    html = client.get("/clinician/settings").get_data(as_text=True)
    assert '<option value="America/Denver" selected>America/Denver</option>' in html
    assert "times are shown in America/Denver time" in page_text(client.get("/clinician/"))


def test_changing_country_brings_its_usual_zone_unless_one_was_chosen(
    client, signed_in_owner, staff_post
):
    from tests.test_clinician_settings import settings_data

    practice_in("America/New_York")
    staff_post("/clinician/settings", settings_data(country="UK", time_zone="America/New_York"))
    db.session.expire_all()
    saved = db.session.scalars(select(Practice)).one()
    assert (saved.country, saved.time_zone) == ("UK", "Europe/London")
    staff_post("/clinician/settings", settings_data(country="US", time_zone="Asia/Tokyo"))
    db.session.expire_all()
    saved = db.session.scalars(select(Practice)).one()
    assert (saved.country, saved.time_zone) == ("US", "Asia/Tokyo")


def test_follow_ups_fall_due_on_the_practice_day_not_the_utc_day(
    client, clinician, login_as, make_intake, time_machine
):
    from datetime import date

    from tests.test_clinician_inbox import section_text

    practice_in("America/New_York")
    time_machine.move_to("2026-12-01 04:59:00", tick=False)  # 30 Nov, 23:59 in New York
    login_as(clinician)
    intake = make_intake()
    intake.status, intake.follow_up_on = "contacted", date(2026, 12, 1)
    db.session.commit()
    assert intake.reference not in section_text(client.get("/clinician/"), "follow-heading")
    time_machine.move_to("2026-12-01 05:01:00", tick=False)  # midnight has passed there
    assert intake.reference in section_text(client.get("/clinician/"), "follow-heading")


def test_audit_date_filter_uses_the_practice_day(
    client, owner, login_as, make_intake, time_machine
):
    from tests.test_clinician_audit import rows_shown

    practice_in("America/New_York")
    time_machine.move_to("2026-12-02 03:00:00", tick=False)  # 1 Dec, 10 pm in New York
    make_intake()
    time_machine.move_to("2026-12-02 18:00:00", tick=False)
    login_as(owner)
    first = rows_shown(client.get("/clinician/audit?date_from=2026-12-01&date_to=2026-12-01"))
    second = rows_shown(client.get("/clinician/audit?date_from=2026-12-02&date_to=2026-12-02"))
    assert "intake.submitted" in first and "intake.submitted" not in second
