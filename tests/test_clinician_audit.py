"""The owner's audit log: filters, ids only, and a hand-edited row is detected."""

from __future__ import annotations

from sqlalchemy import select, text

from portal.db import db
from portal.models import AuditEvent
from tests.fixtures_clinician import markup_answers, page_text
from tests.fixtures_intake import sample_answers

AUDIT = "/clinician/audit"


def rows_shown(response) -> list[str]:
    """The action column of the audit table."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [td.get_text(strip=True) for td in soup.select("table tbody tr td:nth-of-type(3)")]


def test_audit_log_lists_who_did_what_to_which_intake(client, signed_in_owner, make_intake):
    intake = make_intake()
    client.get(f"/clinician/intakes/{intake.id}")
    response = client.get(AUDIT)
    text = page_text(response)
    assert "The log is intact" in page_text(client.get(f"{AUDIT}?verify=1"))
    assert "intake.view" in rows_shown(response) and intake.id in text
    assert "owner@example.org" in text or signed_in_owner.name in text


def test_audit_rows_hold_ids_only(client, signed_in_owner, make_intake, staff_post):
    intake = make_intake(**markup_answers())
    staff_post(f"/clinician/intakes/{intake.id}/notes", {"body": "Secret note words"})
    staff_post(f"/clinician/intakes/{intake.id}/status", {"status": "contacted"})
    client.get(f"/clinician/intakes/{intake.id}.pdf")
    dump = repr([(r.action, r.object_id, r.detail) for r in db.session.scalars(select(AuditEvent))])
    about = sample_answers()["about"]
    for secret in ("Secret note", "Quinn", about["email"], about["phone"], "<script>"):
        assert secret not in dump


def test_audit_log_filters_by_action_user_and_date(client, signed_in_owner, make_intake, clinician):
    intake = make_intake()
    client.get(f"/clinician/intakes/{intake.id}")
    assert set(rows_shown(client.get(f"{AUDIT}?action=intake.view"))) == {"intake.view"}
    mine = rows_shown(client.get(f"{AUDIT}?user={signed_in_owner.id}"))
    assert "intake.view" in mine and "intake.submitted" not in mine
    assert rows_shown(client.get(f"{AUDIT}?user={clinician.id}")) == []
    assert rows_shown(client.get(f"{AUDIT}?date_from=2000-01-01&date_to=2000-01-02")) == []
    assert "intake.view" in rows_shown(client.get(f"{AUDIT}?date_from=2000-01-01"))


def test_a_bad_audit_date_gets_a_message(client, signed_in_owner):
    response = client.get(f"{AUDIT}?date_from=yesterday")
    assert response.status_code == 200
    assert "From date must be a real date" in page_text(response)


def test_a_hand_edited_row_is_detected(app, client, signed_in_owner, make_intake):
    intake = make_intake()
    client.get(f"/clinician/intakes/{intake.id}")
    target = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.view")).one()
    db.session.execute(
        text("UPDATE audit_event SET actor_id = NULL WHERE id = :id"), {"id": target.id}
    )
    db.session.commit()
    text_shown = page_text(client.get(f"{AUDIT}?verify=1"))
    assert "The log has been tampered with" in text_shown
    assert f"Entry {target.id} was changed" in text_shown
    result = app.test_cli_runner().invoke(args=["audit-check"])
    assert result.exit_code == 1 and f"audit row {target.id}" in result.output


def test_clinicians_cannot_read_the_audit_log(client, signed_in_clinician):
    assert client.get(AUDIT).status_code == 403
