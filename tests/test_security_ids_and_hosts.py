"""Identifiers nobody can guess (case 31); absolute links never taken from the Host header (38)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.fixtures_handouts import pdf_text, qr_codes
from tests.fixtures_intake import step_posts

PUBLIC = "https://portal.example.org"
FORGED = "evil.example"


def page(response) -> BeautifulSoup:
    """Parse a page."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def saved_link(client, host: str | None = None) -> str:
    """Start an intake, save it, and return the resume link the saved page shows."""
    client.post_form("/intake/age", {"age_ok": "yes"}, token_page="/intake/age")
    data = {**step_posts()["about-you"], "action": "save"}
    client.post_form("/intake/about-you", data, token_page="/intake/about-you")
    headers = {}
    if host:  # the same browser session, now reaching the portal under a forged Host
        cookie = client.get_cookie("portal_session")
        client.set_cookie(cookie.key, cookie.value, domain=host)
        headers = {"Host": host}
    shown = client.get("/intake/saved", headers=headers)
    return page(shown).find(id="resume-link")["href"]


def assert_unguessable_hex(ids: list[str], bits: int = 128) -> None:
    """Distinct, full-length random hex: no counter, no clock, no shared stem."""
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(f"[0-9a-f]{{{bits // 4}}}", value) for value in ids), ids
    stems = [value[:8] for value in ids]
    assert len(set(stems)) == len(stems), "ids made one after another share a stem"
    numbers = [int(value, 16) for value in ids]
    steps = [later - earlier for earlier, later in zip(numbers, numbers[1:], strict=False)]
    assert min(abs(step) for step in steps) > 2**64, "ids made one after another are close"


@pytest.fixture
def app_config():
    """No minimum fill time for the test client."""
    return {"INTAKE_MIN_FILL_SECONDS": 0}


def test_intake_ids_and_references_are_random_and_neighbours_are_not_found(
    make_intake, client, owner, login_as
):
    intakes = [make_intake() for _ in range(12)]
    assert_unguessable_hex([intake.id for intake in intakes])
    references = [intake.reference for intake in intakes]
    assert len(set(references)) == len(references)
    assert len({reference[:4] for reference in references}) > len(references) // 2
    login_as(owner)
    newest = intakes[-1]
    assert client.get(f"/clinician/intakes/{newest.id}").status_code == 200
    for guess in (format(int(newest.id, 16) + 1, "032x"), "1", "2", str(len(intakes))):
        assert client.get(f"/clinician/intakes/{guess}").status_code == 404


def test_draft_ids_and_resume_tokens_are_random_and_long(app, client):
    from portal.db import db
    from portal.models import IntakeDraft

    links = [saved_link(app.test_client()) for _ in range(10)]
    tokens = [link.rsplit("/", 1)[-1] for link in links]
    assert len(set(tokens)) == len(tokens)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43,}", token) for token in tokens), tokens
    assert len({token[:6] for token in tokens}) == len(tokens)
    db.session.rollback()
    drafts = db.session.query(IntakeDraft).order_by(IntakeDraft.created_at).all()
    assert_unguessable_hex([draft.id for draft in drafts])
    assert not any(draft.id in link for draft in drafts for link in links)


@pytest.mark.parametrize("app_config", [{"INTAKE_MIN_FILL_SECONDS": 0, "PUBLIC_BASE_URL": PUBLIC}])
def test_resume_link_comes_from_the_public_address_not_a_forged_host(app, client):
    assert not app.config.get("TRUSTED_HOSTS")
    link = saved_link(client, host=FORGED)
    assert link.startswith(f"{PUBLIC}/intake/resume/")
    assert FORGED not in link


@pytest.mark.parametrize("app_config", [{"PUBLIC_BASE_URL": PUBLIC}])
def test_handout_qr_code_and_source_line_come_from_the_public_address(
    app, client, handout_article, tmp_path
):
    assert not app.config.get("TRUSTED_HOSTS")
    response = client.get(f"/shelf/{handout_article.slug}/handout.pdf", headers={"Host": FORGED})
    assert response.status_code == 200
    pdf = response.get_data()
    text = pdf_text(pdf)
    assert f"portal.example.org/shelf/{handout_article.slug}" in text
    assert FORGED not in text
    assert qr_codes(pdf, tmp_path) == [f"{PUBLIC}/shelf/{handout_article.slug}"]
