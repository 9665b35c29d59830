"""One intake as a FHIR QuestionnaireResponse: what the client entered, typed, validated."""

from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from sqlalchemy import select, text

from portal.db import db
from portal.intake import measures
from portal.intake.records import read_answers
from portal.intake.summary import answer_sections
from portal.models import AuditEvent, Intake, StaffSession
from portal.models.base import utcnow
from tests.conftest import PASSWORD
from tests.fixtures_clinician import audit_count, page_text
from tests.fixtures_intake import NO_FILL_TIME, sample_answers

pytestmark = NO_FILL_TIME
REAUTH = "/auth/reauthenticate"


def json_url(intake) -> str:
    """The export of one intake."""
    return f"/clinician/intakes/{intake.id}.json"


def leaves(item: dict):
    """Every answered item under a group item, depth first."""
    for child in item.get("item", []):
        if "answer" in child:
            yield child
        yield from leaves(child)


def link_ids(item: dict):
    """Every linkId in the resource (groups and answers)."""
    for child in item.get("item", []):
        yield child["linkId"]
        yield from link_ids(child)


def check_invariants(resource: dict) -> dict[str, dict]:
    """FHIR validity (fhir.resources) plus our rules; returns answered items by linkId."""
    QuestionnaireResponse.model_validate(resource)  # raises on anything FHIR R4 forbids
    ids = list(link_ids(resource))
    assert len(ids) == len(set(ids)), "linkIds must be unique"
    answered = {item["linkId"]: item for item in leaves(resource)}
    assert all(item["answer"] for item in answered.values()), "no empty answer lists"
    assert all(group.get("item") for group in resource["item"]), "no empty groups"
    return answered


def stored_link_ids(answers: dict) -> set[str]:
    """The "<section>.<field>" of every answer stored with a value."""
    found = set()
    for section, fields in answers.items():
        for name, value in fields.items():
            if name == "items":
                found |= {f"{section}.items.{i}" for i, _v in enumerate(value)}
            elif value not in (None, "", []):
                found.add(f"{section}.{name}")
    return found


def shown(answers: list[dict]) -> str:
    """An item's answers as the detail page words them, to compare the two."""
    words = []
    for answer in answers:
        (kind, value), *_ = answer.items()
        if kind == "valueBoolean":
            words.append("Yes" if value else "No")
        elif kind == "valueCoding":
            words.append(value["display"])
        elif kind == "valueDate":
            day = date.fromisoformat(value)
            words.append(f"{day.day} {day:%B %Y}")
        else:
            words.append(str(value))
    return ", ".join(words)


@pytest.fixture
def exported(client, fill_intake, submit_intake_form, clinician, login_as):
    """A real intake walked through the pages, then downloaded as JSON by a clinician."""
    fill_intake()
    assert submit_intake_form().status_code in (302, 303)
    intake = db.session.scalars(select(Intake)).one()
    login_as(clinician)
    response = client.get(json_url(intake))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return intake, response


def test_json_answers_equal_what_the_client_entered(exported):
    intake, response = exported
    resource = json.loads(response.data)
    answered = check_invariants(resource)
    assert resource["status"] == "completed" and resource["id"] == intake.id
    assert resource["questionnaire"] == "urn:practice-portal:questionnaire:adult|1"
    assert resource["identifier"]["value"] == intake.reference
    assert resource["authored"] == intake.received_at.replace(microsecond=0).isoformat() + "Z"

    def answer(link_id):
        return answered[link_id]["answer"]

    a = sample_answers()
    assert answer("about.full_name") == [{"valueString": a["about"]["full_name"]}]
    assert answer("about.date_of_birth") == [{"valueDate": "1991-04-17"}]
    # Yes/no radios are choice items in the form version, so their answers are codings.
    assert answer("eligibility.age_ok") == [{"valueCoding": {"code": "yes", "display": "Yes"}}]
    assert answer("eligibility.safety_risk") == [{"valueCoding": {"code": "no", "display": "No"}}]
    assert answer("reasons.own_words") == [{"valueString": a["reasons"]["own_words"]}]
    email = {"code": "email", "display": "Email"}
    assert answer("about.contact_method") == [{"valueCoding": email}]
    assert answer("practical.availability") == [
        {"valueCoding": {"code": "weekday_evening", "display": "Weekday evenings"}},
        {"valueCoding": {"code": "weekend", "display": "Weekends"}},
    ]
    assert answer("consent.agreed") == [{"valueBoolean": True}]
    assert "reasons.medication" not in answered  # left empty: no answer, not an empty one


def test_json_measure_items_carry_the_published_wording(exported):
    _intake, response = exported
    answered = check_invariants(json.loads(response.data))
    items = sample_answers()["phq9"]["items"]
    for i, (wording, value) in enumerate(zip(measures.PHQ9_ITEMS, items, strict=True)):
        item = answered[f"phq9.items.{i}"]
        assert item["text"] == wording
        display = dict(measures.FREQUENCY)[value]
        assert item["answer"] == [{"valueCoding": {"code": str(value), "display": display}}]
    assert answered["gad7.items.6"]["text"] == measures.GAD7_ITEMS[6]
    assert answered["phq9.score"]["answer"] == [{"valueInteger": 9}]
    assert answered["phq9.band"]["answer"] == [{"valueString": "mild"}]
    assert answered["gad7.score"]["answer"] == [{"valueInteger": 8}]
    assert answered["flags.phq9_item9"]["answer"] == [{"valueBoolean": False}]


def test_json_has_every_stored_answer_worded_as_the_detail_page(exported):
    intake, response = exported
    answered = check_invariants(json.loads(response.data))
    stored = read_answers(intake)
    assert set(answered) == stored_link_ids(stored)
    rows = {pair for _title, section in answer_sections(stored) for pair in section}
    asked = {k: v for k, v in answered.items() if "worked out by the practice" not in v["text"]}
    assert len(asked) > 40
    mismatched = [
        (item["text"], shown(item["answer"]))
        for item in asked.values()
        if (item["text"], shown(item["answer"])) not in rows
    ]
    assert mismatched == []


def test_json_is_an_uncached_audited_attachment(client, signed_in_clinician, make_intake):
    intake = make_intake()
    before = audit_count()
    response = client.get(json_url(intake))
    assert response.headers["Content-Type"] == "application/fhir+json"
    assert response.headers.get("Cache-Control") == "no-store"
    disposition = f'attachment; filename="{intake.reference}.json"'
    assert response.headers["Content-Disposition"] == disposition
    assert audit_count() == before + 1
    row = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "intake.export_json")
    ).one()
    session_row = db.session.scalars(select(StaffSession)).one()
    assert (row.actor_id, row.object_id) == (signed_in_clinician.id, intake.id)
    assert row.detail == {"session": session_row.id[:16]}


def test_the_detail_page_offers_the_json_export(client, signed_in_clinician, make_intake):
    from bs4 import BeautifulSoup

    intake = make_intake()
    page = BeautifulSoup(client.get(f"/clinician/intakes/{intake.id}").data, "html.parser")
    link = page.find("a", string="Download as FHIR JSON")
    assert link is not None and link["href"] == json_url(intake)


def make_stale() -> None:
    """Age every staff session's sign-in past the recent-sign-in window."""
    db.session.execute(
        text("UPDATE staff_session SET authenticated_at = :t"),
        {"t": utcnow() - timedelta(hours=1)},
    )
    db.session.commit()


def test_json_needs_a_recent_sign_in_then_comes_back(client, signed_in_clinician, make_intake):
    intake = make_intake()
    make_stale()
    response = client.get(json_url(intake))
    location = response.headers.get("Location", "")
    assert location.startswith(REAUTH) and audit_count("intake.export_json") == 0
    assert parse_qs(urlsplit(location).query)["next"] == [json_url(intake)]
    confirmed = client.post_form(
        REAUTH, {"password": PASSWORD, "next": json_url(intake)}, token_page=location
    )
    assert confirmed.headers["Location"] == json_url(intake)
    assert client.get(json_url(intake)).headers["Content-Type"] == "application/fhir+json"


def test_anonymous_visitors_are_sent_to_sign_in(client, make_intake):
    intake = make_intake()
    response = client.get(json_url(intake))
    assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize("bad", ["0" * 32, "x" * 300, "%00", "a%00b", "..", "%C3%A9", "a.b", "-1"])
@pytest.mark.parametrize("ending", [".json", ".pdf", ""])
def test_unknown_or_malformed_ids_are_not_found(client, signed_in_clinician, bad, ending):
    # A NUL byte reached PostgreSQL and was a server error on every intake page before.
    response = client.get(f"/clinician/intakes/{bad}{ending}")
    assert response.status_code == 404


def test_assigned_only_clinician_gets_404_for_someone_elses(client, assigned_only):
    me, mine, theirs = assigned_only
    assert client.get(json_url(mine)).status_code == 200
    assert client.get(json_url(theirs)).status_code == 404
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.denied"))
    assert [(r.actor_id, r.object_id) for r in denied] == [(me.id, theirs.id)]
    assert audit_count("intake.export_json") == 1
    assert theirs.reference not in page_text(client.get("/clinician/intakes"))


def test_a_copied_cookie_in_another_browser_must_confirm_first(
    app, client, signed_in_clinician, make_intake
):
    from tests.fixtures_auth import browser

    intake = make_intake()
    assert client.get(json_url(intake)).status_code == 200  # fresh in the browser that signed in
    thief = browser(app, "203.0.113.5", "Thief's browser")
    thief.set_cookie("portal_session", client.get_cookie("portal_session").value)
    assert thief.get("/clinician/").status_code == 200  # a session, but not a fresh one here
    assert thief.get(json_url(intake)).headers.get("Location", "").startswith(REAUTH)
    token = thief.csrf_token("/clinician/")
    posted = thief.post(
        "/clinician/intakes/export.csv",
        data={"csrf_token": token, "ids": intake.id, "fields": ["reference", "full_name"]},
    )
    assert posted.headers.get("Location", "").startswith(REAUTH)
    assert audit_count("intake.export_json") == 1 and audit_count("intake.export_csv") == 0
