"""Save and come back later: server-side drafts, resume tokens, expiry and deletion on submit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.intake import service
from portal.models import IntakeDraft
from portal.models.base import utcnow
from tests.fixtures_intake import NO_FILL_TIME, save_and_get_link, soup

ABOUT = "/intake/about-you"
pytestmark = NO_FILL_TIME


def test_intake_draft_is_encrypted_and_token_only_hashed(client, app):
    link = save_and_get_link(client)
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes, base64url: 256 bits
    draft = db.session.scalars(select(IntakeDraft)).one()
    assert draft.token_hash == service.hash_token(token) and token not in draft.token_hash
    assert "Amira" not in draft.data and draft.data.startswith("v1.")
    assert draft.expires_at - utcnow() > timedelta(days=13, hours=23)


def test_intake_resume_link_restores_answers_in_a_new_browser(client, app):
    link = save_and_get_link(client)
    other = app.test_client()
    response = other.get(link.replace("http://localhost", ""))
    assert response.headers["Location"].endswith("/intake/safety")
    page = soup(other.get(ABOUT))
    assert page.find(id="full_name")["value"] == "Amira Solberg-Núñez"


@pytest.mark.parametrize("token", ["A" * 43, "short", "x" * 200, "%00" + "a" * 40])
def test_intake_wrong_resume_token_is_a_plain_404(client, token):
    save_and_get_link(client)
    response = client.get(f"/intake/resume/{token}")
    assert response.status_code == 404
    assert soup(response).h1.get_text() == "This link has been used or has expired"
    assert "opens your answers once, in one browser" in soup(response).get_text()


def test_intake_expired_resume_token_is_the_same_404(client, app):
    link = save_and_get_link(client)
    db.session.rollback()
    draft = db.session.scalars(select(IntakeDraft)).one()
    draft.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    expired = client.get(link.replace("http://localhost", ""))
    wrong = client.get("/intake/resume/" + "B" * 43)
    assert expired.status_code == wrong.status_code == 404
    assert expired.get_data() == wrong.get_data()
    assert service.purge_expired_drafts() == 1


def test_intake_resume_guessing_is_rate_limited(client):
    codes = [client.get(f"/intake/resume/{'C' * 42}{i}").status_code for i in range(12)]
    assert codes[:10] == [404] * 10 and codes[-1] == 429


def test_intake_draft_deleted_on_submit(client, fill_intake, submit_intake_form):
    fill_intake()
    assert db.session.scalar(select(func.count()).select_from(IntakeDraft)) == 1
    submit_intake_form()
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(IntakeDraft)) == 0


def test_intake_purge_drafts_command(app, client):
    save_and_get_link(client)
    db.session.rollback()
    runner = app.test_cli_runner()
    assert "Deleted 0" in runner.invoke(args=["purge-drafts"]).output
    future = utcnow() + timedelta(days=15)
    assert service.purge_expired_drafts(future) == 1


def test_intake_every_page_saves_the_draft(client):
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    db.session.rollback()
    draft = db.session.scalars(select(IntakeDraft)).one()
    assert service.read_draft(draft)["answers"]["eligibility"] == {"age_ok": "yes"}


def test_intake_used_resume_link_says_kindly_why_it_no_longer_works(client, app):
    link = save_and_get_link(client).replace("http://localhost", "")
    app.test_client().get(link)
    again = app.test_client().get(link)
    wrong = app.test_client().get("/intake/resume/" + "D" * 43)
    assert again.status_code == 404
    assert soup(again).h1.get_text() == "This link has been used or has expired"
    assert again.get_data() == wrong.get_data()
