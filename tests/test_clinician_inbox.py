"""The dashboard, the inbox (filters, search over encrypted answers, pages) and quarantine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from portal.db import db
from portal.models import Intake
from portal.models.base import utcnow
from tests.fixtures_clinician import SCRIPT, audit_count, markup_answers, page_text


def table_refs(response) -> list[str]:
    """The references in the first intake table on the page, top to bottom."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    table = soup.select_one("table")
    if table is None:
        return []
    return [a.get_text(strip=True) for a in table.select("tbody tr td:first-child a")]


def section_text(response, heading_id: str) -> str:
    """The text of one dashboard section, found by its heading id."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return " ".join(soup.find(id=heading_id).find_parent("section").get_text(" ").split())


def test_dashboard_puts_urgent_enquiries_first(client, signed_in_clinician, make_intake):
    calm = make_intake()
    urgent = make_intake(urgent=True)
    response = client.get("/clinician/")
    assert response.status_code == 200
    urgent_box = section_text(response, "urgent-heading")
    assert urgent.reference in urgent_box and calm.reference not in urgent_box
    html = response.get_data(as_text=True)
    assert html.index("Urgent enquiries") < html.index("Enquiries by status")


def test_dashboard_counts_statuses_and_lists_overdue_and_follow_ups(
    client, signed_in_clinician, make_intake
):
    old, fresh, later = make_intake(), make_intake(), make_intake()
    old.received_at = utcnow() - timedelta(days=10)
    later.status = "contacted"
    later.follow_up_on = (utcnow() - timedelta(days=1)).date()
    db.session.commit()
    response = client.get("/clinician/")
    counts = section_text(response, "counts-heading")
    assert "2 New" in counts and "1 Contacted" in counts and "0 Declined" in counts
    overdue = section_text(response, "overdue-heading")
    assert old.reference in overdue and fresh.reference not in overdue
    assert later.reference in section_text(response, "follow-heading")


def test_inbox_shows_the_columns_a_clinician_scans(client, signed_in_clinician, make_intake):
    intake = make_intake(urgent=True)
    text = page_text(client.get("/clinician/intakes"))
    for expected in (intake.reference, "Amira Solberg-Núñez", "Urgent", "mild", "New", "Nobody"):
        assert expected in text


def test_inbox_lists_urgent_first_then_newest(client, signed_in_clinician, make_intake):
    first, urgent, newest = make_intake(), make_intake(urgent=True), make_intake()
    first.received_at = utcnow() - timedelta(hours=2)
    urgent.received_at = utcnow() - timedelta(hours=3)
    db.session.commit()
    assert table_refs(client.get("/clinician/intakes")) == [
        urgent.reference,
        newest.reference,
        first.reference,
    ]


def test_inbox_filters_by_status_urgent_and_assignment(client, signed_in_clinician, make_intake):
    plain, urgent, mine = make_intake(), make_intake(urgent=True), make_intake()
    mine.status, mine.assigned_to_id = "contacted", signed_in_clinician.id
    db.session.commit()
    assert table_refs(client.get("/clinician/intakes?status=contacted")) == [mine.reference]
    assert table_refs(client.get("/clinician/intakes?urgent=y")) == [urgent.reference]
    assert table_refs(client.get("/clinician/intakes?mine=y")) == [mine.reference]
    assert len(table_refs(client.get("/clinician/intakes?status=bogus"))) == 3
    assert plain.reference in table_refs(client.get("/clinician/intakes"))


@pytest.mark.parametrize(
    "query",
    ["Quinn", "quinn", "zora quinn", "ZQ@Example.org", " zq@example.org ", "REFERENCE", "ref"],
)
def test_inbox_search_finds_by_name_email_or_reference(
    client, signed_in_clinician, make_intake, staff_post, query
):
    other = make_intake()
    wanted = make_intake(about={"full_name": "Zora Quinn", "email": "zq@example.org"})
    if query == "REFERENCE":
        query = wanted.reference
    elif query == "ref":
        query = wanted.reference.replace("-", "").lower()
    refs = table_refs(staff_post("/clinician/intakes", {"q": query}))
    assert refs == [wanted.reference] and other.reference not in refs


def test_inbox_search_without_a_match_says_so(client, signed_in_clinician, make_intake, staff_post):
    make_intake()
    text = page_text(staff_post("/clinician/intakes", {"q": "Nobody-by-this-name"}))
    assert "0 enquiries" in text and "No enquiries match" in text


def test_inbox_search_is_posted_and_a_search_in_the_url_is_ignored(
    client, signed_in_clinician, make_intake, staff_post
):
    other = make_intake()
    wanted = make_intake(about={"full_name": "Zora Quinn", "email": "zq@example.org"})
    page = BeautifulSoup(client.get("/clinician/intakes").get_data(as_text=True), "html.parser")
    search = page.find(id="q").find_parent("form")
    assert search["method"] == "post" and search.find("input", attrs={"name": "csrf_token"})
    assert set(table_refs(client.get("/clinician/intakes?q=zq@example.org"))) == {
        other.reference,
        wanted.reference,
    }
    assert client.post("/clinician/intakes", data={"q": "Zora"}).status_code == 400  # no CSRF


def test_inbox_search_results_page_by_posting_again(
    client, signed_in_clinician, make_intake, staff_post
):
    made = [make_intake(about={"full_name": "Zora Quinn"}) for _ in range(27)]
    first = staff_post("/clinician/intakes", {"q": "Quinn"})
    soup = BeautifulSoup(first.get_data(as_text=True), "html.parser")
    following = soup.select_one("nav.pagination form")
    assert following["method"] == "post" and "Quinn" not in following.get("action", "")
    hidden = {i["name"]: i["value"] for i in following.select("input[type=hidden]")}
    second = client.post("/clinician/intakes", data={**hidden, "page": "2"})
    assert "Page 2 of 2" in page_text(second)
    assert set(table_refs(first) + table_refs(second)) == {i.reference for i in made}


def test_inbox_pages_through_many_enquiries(client, signed_in_clinician, make_intake):
    made = [make_intake() for _ in range(27)]
    first = client.get("/clinician/intakes")
    second = client.get("/clinician/intakes?page=2")
    assert len(table_refs(first)) == 25 and len(table_refs(second)) == 2
    assert "Page 1 of 2" in page_text(first) and "Page 2 of 2" in page_text(second)
    assert set(table_refs(first) + table_refs(second)) == {i.reference for i in made}
    assert client.get("/clinician/intakes?page=99").status_code == 200


def test_inbox_shows_markup_in_answers_as_text(client, signed_in_clinician, make_intake):
    make_intake(**markup_answers())
    html = client.get("/clinician/intakes").get_data(as_text=True)
    assert SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html
    text = page_text(client.get("/clinician/intakes"))
    assert f"{SCRIPT} Quinn" in text


def test_quarantined_enquiries_stay_out_of_the_inbox(client, signed_in_clinician, make_intake):
    spam, real = make_intake(quarantined=True), make_intake()
    assert table_refs(client.get("/clinician/intakes")) == [real.reference]
    quarantine = client.get("/clinician/intakes/quarantine")
    assert table_refs(quarantine) == [spam.reference]
    assert "hidden field meant for automated form fillers" in page_text(quarantine)


def test_release_moves_an_enquiry_into_the_inbox(
    client, signed_in_clinician, make_intake, staff_post
):
    spam = make_intake(quarantined=True)
    before = audit_count()
    response = staff_post(f"/clinician/intakes/{spam.id}/release")
    assert response.headers["Location"].endswith("/clinician/intakes/quarantine")
    assert audit_count() == before + 1 and audit_count("intake.release") == 1
    assert table_refs(client.get("/clinician/intakes")) == [spam.reference]
    assert db.session.get(Intake, spam.id).is_quarantined is False


def test_a_quarantined_enquiry_can_be_read_before_deciding(
    client, signed_in_clinician, make_intake
):
    spam = make_intake(quarantined=True)
    text = page_text(client.get(f"/clinician/intakes/{spam.id}"))
    assert "Held as suspected spam" in text and "Release into the inbox" in text
    assert "Amira Solberg-Núñez" in text
