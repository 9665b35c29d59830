"""One intake: what it shows, the pipeline actions, their audit rows, access and deletion."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from portal.db import db
from portal.models import AuditEvent, Intake, IntakeEvent, IntakeNote, StaffSession
from portal.models.base import utcnow
from tests.conftest import PG_URL
from tests.fixtures_clinician import (
    IMG,
    SCRIPT,
    TEMPLATE,
    audit_count,
    markup_answers,
    page_text,
)
from tests.fixtures_intake import sample_answers


def url(intake, action: str = "") -> str:
    """The intake page, or one of its action URLs."""
    return f"/clinician/intakes/{intake.id}" + (f"/{action}" if action else "")


def test_detail_shows_every_answer_grouped_as_given(client, signed_in_clinician, make_intake):
    intake = make_intake(urgent=True)
    text = page_text(client.get(url(intake)))
    for heading in ("Before you start", "About you", "What brings you here", "Consent"):
        assert heading in text
    about, reasons = sample_answers()["about"], sample_answers()["reasons"]
    for value in (about["full_name"], about["email"], about["phone"], reasons["own_words"]):
        assert value in text
    assert "PHQ-9 (mood) 9 of 27 – mild" in text and "GAD-7 (worry) 8 of 21 – mild" in text
    assert "Safety answers need a prompt reply" in text


def test_detail_shows_the_item_nine_flag(client, signed_in_clinician, make_intake):
    intake = make_intake(phq9={"items": [1, 1, 1, 1, 1, 1, 1, 1, 2]})
    text = page_text(client.get(url(intake)))
    assert "PHQ-9 item 9 Above zero: ask about safety" in text


def test_detail_shows_the_consent_record(client, signed_in_clinician, make_intake):
    intake = make_intake()
    text = page_text(client.get(url(intake)))
    assert intake.consent_sha256 in text and len(intake.consent_sha256) == 64
    assert "Name typed as signature Amira Solberg-Núñez" in text


def test_reply_drafts_greet_the_client_by_first_name(client, signed_in_clinician, make_intake):
    preferred = make_intake()
    no_preferred = make_intake(about={"preferred_name": "", "full_name": "Jo Brand"})
    assert "Dear Ami," in page_text(client.get(url(preferred)))
    text = page_text(client.get(url(no_preferred)))
    assert "Dear Jo," in text and "Invitation to a consultation" in text
    assert "Decline with referral suggestions" in text and "call 911" in text


def test_detail_shows_markup_in_answers_as_text(client, signed_in_clinician, make_intake):
    intake = make_intake(**markup_answers())
    html = client.get(url(intake)).get_data(as_text=True)
    assert SCRIPT not in html and "<img src=x" not in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html or "&quot;&gt;&lt;img" in html
    text = page_text(client.get(url(intake)))
    assert f"Hope {TEMPLATE} end" in text and "Hope 49 end" not in text
    assert f"Before {IMG} after" in text
    assert "Dear " + IMG in text  # the reply draft shows the preferred name as text too


def test_viewing_an_intake_writes_one_audit_row(client, signed_in_clinician, make_intake):
    intake = make_intake()
    before = audit_count()
    client.get(url(intake))
    assert audit_count() == before + 1
    row = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (row.action, row.actor_id, row.object_id) == (
        "intake.view",
        signed_in_clinician.id,
        intake.id,
    )


def test_changing_status_records_history_and_one_audit_row(
    client, signed_in_clinician, make_intake, staff_post
):
    intake = make_intake()
    before = audit_count()
    response = staff_post(url(intake, "status"), {"status": "consultation_booked"})
    assert response.headers["Location"].endswith(url(intake))
    assert audit_count() == before + 1 and audit_count("intake.status") == 1
    stored = db.session.get(Intake, intake.id)
    assert stored.status == "consultation_booked"
    event = db.session.scalars(select(IntakeEvent).where(IntakeEvent.intake_id == intake.id)).one()
    assert (event.actor_id, event.from_value, event.to_value) == (
        signed_in_clinician.id,
        "new",
        "consultation_booked",
    )
    text = page_text(client.get(url(intake)))
    assert "Status changed to Consultation booked." in text
    assert "Status changed: New → Consultation booked" in text


def test_an_unknown_status_is_refused_with_a_message(
    client, signed_in_clinician, make_intake, staff_post
):
    intake = make_intake()
    response = staff_post(url(intake, "status"), {"status": "vanished"})
    assert response.status_code == 200
    assert "Choose a status from the list" in page_text(response)
    assert db.session.get(Intake, intake.id).status == "new"


def test_adding_a_note_stores_it_encrypted_with_one_audit_row(
    client, signed_in_clinician, make_intake, staff_post
):
    intake = make_intake()
    before = audit_count()
    body = "Called twice, no answer. Try <b>Thursday</b> {{7*7}}."
    response = staff_post(url(intake, "notes"), {"body": body})
    assert response.status_code == 302
    assert audit_count() == before + 1 and audit_count("intake.note") == 1
    stored = db.session.scalars(select(IntakeNote)).one()
    assert "Thursday" not in stored.body and stored.body.startswith("v1.")
    text = page_text(client.get(url(intake)))
    assert body in text and "Note added." in text


def test_an_empty_note_gets_a_clear_message(client, signed_in_clinician, make_intake, staff_post):
    intake = make_intake()
    response = staff_post(url(intake, "notes"), {"body": "   "})
    assert response.status_code == 200 and "Enter the note" in page_text(response)
    assert db.session.scalars(select(IntakeNote)).first() is None


def test_follow_up_date_and_assignment_are_kept(
    client, signed_in_clinician, make_intake, make_user, staff_post
):
    intake, colleague = make_intake(), make_user(display_name="Sam Okafor")
    staff_post(url(intake, "follow-up"), {"follow_up_on": "2031-02-03"})
    staff_post(url(intake, "assign"), {"assignee": str(colleague.id)})
    stored = db.session.get(Intake, intake.id)
    assert stored.follow_up_on.isoformat() == "2031-02-03"
    assert stored.assigned_to_id == colleague.id
    assert "Assigned: none → Sam Okafor" in page_text(client.get(url(intake)))


@pytest.mark.parametrize("value", ["2031-02-30", "next week", "03/02/2031"])
def test_a_bad_follow_up_date_gets_a_clear_message(
    client, signed_in_clinician, make_intake, staff_post, value
):
    intake = make_intake()
    response = staff_post(url(intake, "follow-up"), {"follow_up_on": value})
    assert response.status_code == 200
    assert "Follow-up date must be a real date" in page_text(response)


def test_deleting_removes_everything_but_the_audit_record(
    client, signed_in_clinician, make_intake, staff_post
):
    intake = make_intake()
    intake_id, page = intake.id, url(intake)
    staff_post(url(intake, "notes"), {"body": "private note"})
    staff_post(url(intake, "status"), {"status": "declined"})
    assert "cannot be undone" in page_text(client.get(url(intake, "delete")))
    before = audit_count()
    response = staff_post(page + "/delete")
    assert response.headers["Location"].endswith("/clinician/intakes")
    assert audit_count() == before + 1 and audit_count("intake.delete") == 1
    assert db.session.get(Intake, intake_id) is None
    for model in (IntakeNote, IntakeEvent):
        assert db.session.scalars(select(model)).first() is None
    kept = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == intake_id)).all()
    assert "intake.delete" in {row.action for row in kept}
    assert "has been deleted" in page_text(client.get("/clinician/intakes"))
    assert client.get(page).status_code == 404


def test_deleting_needs_a_recent_sign_in(client, signed_in_clinician, make_intake, staff_post):
    intake = make_intake()
    db.session.execute(
        text("UPDATE staff_session SET authenticated_at = :t"),
        {"t": utcnow() - timedelta(hours=1)},
    )
    db.session.commit()
    response = staff_post(url(intake, "delete"), {"next": url(intake, "delete")})
    assert "/auth/reauthenticate" in response.headers["Location"]
    assert db.session.get(Intake, intake.id) is not None
    assert db.session.scalars(select(StaffSession)).first() is not None


def test_assigned_only_mode_hides_other_peoples_intakes(client, staff_post, assigned_only):
    me, mine, theirs = assigned_only
    assert client.get(url(mine)).status_code == 200
    before = audit_count()
    for path in (url(theirs), url(theirs) + ".pdf"):
        assert client.get(path).status_code == 404
    assert staff_post(url(theirs, "notes"), {"body": "sneaky"}).status_code == 404
    assert audit_count("intake.denied") == 3 and audit_count() == before + 3
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.denied"))
    assert {(r.actor_id, r.object_id) for r in denied} == {(me.id, theirs.id)}
    refs = page_text(client.get("/clinician/intakes"))
    assert mine.reference in refs and theirs.reference not in refs


def test_an_unknown_intake_is_not_found(client, signed_in_clinician):
    assert client.get("/clinician/intakes/" + "0" * 32).status_code == 404
    assert client.get("/clinician/intakes/" + "x" * 300).status_code == 404


@pytest.mark.skipif(PG_URL is not None, reason="reads the SQLite file itself")
def test_deleted_answers_leave_the_database_file(
    app, client, signed_in_clinician, make_intake, staff_post
):
    intake = make_intake()
    sealed = intake.answers[-60:].encode()  # a slice of the stored ciphertext
    path = Path(app.instance_path) / "portal.db"

    def file_bytes() -> bytes:
        """The database after moving the write-ahead log into it."""
        db.session.commit()
        db.engine.dispose()  # no pooled connection may hold a read snapshot
        with closing(sqlite3.connect(path, isolation_level=None)) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return path.read_bytes()

    assert sealed in file_bytes()
    staff_post(url(intake, "delete"))
    assert sealed not in file_bytes()


def test_the_scores_box_shows_the_measures_the_form_asked_and_no_others(
    client, signed_in_clinician
):
    from portal.intake.journey import build
    from portal.intake.service import submit_intake
    from portal.questionnaires import service
    from tests.forms_samples import form, measure_block, page, safety

    data = form(page("safety", safety()), page("distress", measure_block("k10")))
    version = service.publish(service.create_form(data, None), None)
    answers = {"eligibility": {"safety_risk": "no"}, "k10": {"items": [3] * 10}}
    journey = build(version.definition)
    intake = submit_intake(answers, "f" * 32, "", journey=journey).intake
    db.session.commit()
    text = page_text(client.get(url(intake)))
    assert "K10 (distress) 30 of 50 – " in text
    assert "PHQ-9" not in text and "GAD-7" not in text and "Safety answers need" not in text
