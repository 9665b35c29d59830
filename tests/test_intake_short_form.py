"""A short enquiry, then the full form by an emailed link with what was given filled in."""

from __future__ import annotations

import email
import re

import pytest
from sqlalchemy import select

from portal.db import db
from portal.intake import full_form, notify
from portal.intake.journey import builtin_adult, version_of
from portal.intake.records import read_answers
from portal.models import AuditEvent, Intake, OutboxMessage
from portal.questionnaires import ADULT_URL, SHORT_URL
from tests.fixtures_auth import browser
from tests.fixtures_clinician import page_text
from tests.fixtures_intake import WALK_CONFIG, offer_form, soup, step_posts

OWN_WORDS = "I have not slept properly since my father died in the spring."
LINK_RE = re.compile(r"https?://\S+/intake/resume/[A-Za-z0-9_-]+")
SHORT = {
    "age": {"age_ok": "yes"},
    "safety": {"safety_risk": "no"},
    "contact": {
        "full_name": "Mira Costa",
        "email": "mira@example.org",
        "phone": "",
        "contact_method": "email",
    },
    "in-a-few-words": {"own_words": OWN_WORDS},
    "consent": {"agreed": "y", "typed_name": "Mira Costa"},
}


pytestmark = pytest.mark.app_config(**WALK_CONFIG)


@pytest.fixture
def offered(app):
    """The short enquiry offered beside the adult one."""
    offer_form(SHORT_URL)


def post_pages(client, pages: dict) -> None:
    """Post every page as the person would (the consent page with the hash it carries)."""
    for slug, data in pages.items():
        if slug == "consent":
            shown = soup(client.get("/intake/consent")).select_one("input[name=text_sha256]")
            data = {**data, "text_sha256": shown["value"]}
        response = client.post_form(f"/intake/{slug}", data, token_page=f"/intake/{slug}")
        assert response.status_code == 302, (slug, page_text(response)[:800])


def send_check(client):
    """The check page's form, as the browser sends it."""
    from tests.conftest import CSRF_RE

    html = client.get("/intake/check").get_data(as_text=True)
    fields = dict(re.findall(r'name="(submission_id|started)"[^>]*value="([^"]*)"', html))
    return client.post("/intake/check", data={**fields, "csrf_token": CSRF_RE.search(html)[1]})


def short_enquiry(client) -> Intake:
    """A person sends the short enquiry; the stored intake."""
    client.post_form("/intake/", {"form": "short"}, token_page="/intake/")
    post_pages(client, SHORT)
    assert send_check(client).status_code == 302
    return db.session.scalars(select(Intake).where(Intake.form_url == SHORT_URL)).one()


def email_full_form(clinician, intake: Intake):
    """The clinician presses "Email the full form" on the enquiry's page."""
    page = f"/clinician/intakes/{intake.id}"
    return clinician.post_form(f"{page}/full-form", token_page=page)


def link_in(mail, to: str) -> tuple[str, str]:
    """The body of the newest email to this address, and its link's path."""
    raw = [m for m in mail.messages if f"To: {to}" in m][-1]
    body = email.message_from_string(raw).get_payload(decode=True).decode()
    return body, "/" + LINK_RE.search(body).group(0).split("/", 3)[3]


def test_a_short_enquiry_asks_only_safety_contact_and_a_few_words(client, offered):
    intake = short_enquiry(client)
    answers = read_answers(intake)
    assert answers["about"] == SHORT["contact"]
    assert answers["reasons"] == {"own_words": OWN_WORDS}
    assert answers["eligibility"]["safety_risk"] == "no"
    assert answers["consent"]["agreed"] is True


def test_the_full_form_arrives_with_what_was_given_filled_in_and_editable(
    app, client, offered, mail, signed_in_clinician
):
    short = short_enquiry(browser(app, "127.0.0.5"))
    assert "Email the full form" in page_text(client.get(f"/clinician/intakes/{short.id}"))
    email_full_form(client, short)
    body, path = link_in(mail, "mira@example.org")
    for private in ("Mira", "Costa", OWN_WORDS[:20]):
        assert private not in body  # the practice, what the link is for, the link
    assert "What you already told us is filled in" in body

    person = browser(app, "127.0.0.6")
    assert person.get(path).headers["Location"].endswith("/intake/age")
    assert (
        soup(person.get("/intake/age"))
        .select_one("input[name=age_ok][value=yes]")
        .has_attr("checked")
    )
    safety = soup(person.get("/intake/safety"))
    assert not safety.select("input[name=safety_risk][checked]")  # asked afresh, never carried
    about = soup(person.get("/intake/about-you"))
    assert about.select_one("input[name=full_name]")["value"] == "Mira Costa"
    assert about.select_one("input[name=email]")["value"] == "mira@example.org"
    assert OWN_WORDS in soup(person.get("/intake/what-brings-you")).find("textarea").get_text()
    assert person.get("/intake/check").headers["Location"].endswith("/intake/age")

    pages = step_posts()
    pages["about-you"].update(full_name="Mira Costa", email="mira@example.org")
    pages["what-brings-you"]["own_words"] = OWN_WORDS + " And work is harder."
    post_pages(person, pages)
    assert send_check(person).status_code == 302
    full = db.session.scalars(select(Intake).where(Intake.form_url == ADULT_URL)).one()
    assert full.follows_id == short.id
    assert read_answers(full)["reasons"]["own_words"].endswith("And work is harder.")
    short_page = page_text(client.get(f"/clinician/intakes/{short.id}"))
    assert f"The full form arrived: enquiry {full.reference}" in short_page
    assert "Form: A short enquiry (version 1)" in short_page
    full_page = page_text(client.get(f"/clinician/intakes/{full.id}"))
    assert f"This is the full form of short enquiry {short.reference}" in full_page
    sent = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "intake.full_form_sent")
    )
    assert [(e.actor_id, e.object_id) for e in sent] == [(signed_in_clinician.id, short.id)]


def test_a_pre_filled_page_must_be_confirmed_before_the_form_can_be_sent(
    app, client, offered, mail, signed_in_clinician
):
    short = short_enquiry(browser(app, "127.0.0.5"))
    email_full_form(client, short)
    _body, path = link_in(mail, "mira@example.org")
    person = browser(app, "127.0.0.6")
    person.get(path)
    pages = step_posts()
    del pages["about-you"]  # pre-filled, never confirmed: date of birth and the rest missing
    post_pages(person, pages)
    assert person.get("/intake/check").headers["Location"].endswith("/intake/about-you")
    before = db.session.scalars(select(Intake)).all()
    pressed = person.post_form("/intake/check", {}, token_page="/intake/about-you")
    assert pressed.headers["Location"].endswith("/intake/check")  # back to what is missing
    assert db.session.scalars(select(Intake)).all() == before


def test_only_a_short_enquiry_can_be_sent_the_full_form(
    client, make_intake, mail, signed_in_clinician
):
    adult = make_intake()
    refused = page_text(client.get(email_full_form(client, adult).headers["Location"]))
    assert "cannot be sent the full form" in refused
    assert "Email the full form" not in refused
    kinds = db.session.scalars(
        select(OutboxMessage.kind).where(OutboxMessage.intake_id == adult.id)
    )
    assert notify.KIND_FULL_FORM_LINK not in list(kinds)


def test_only_answers_to_the_same_question_are_carried_over(app, offered):
    source = version_of(SHORT_URL, 1)
    answers = {
        "eligibility": {"age_ok": "yes", "safety_risk": "yes"},
        "about": {"full_name": "Mira Costa", "contact_method": "email"},
        "reasons": {"own_words": OWN_WORDS},
        "consent": {"agreed": True, "typed_name": "Mira Costa"},
    }
    filled = full_form.prefilled(answers, source, builtin_adult())
    assert "safety_risk" not in filled["eligibility"] and "consent" not in filled
    assert filled["about"]["full_name"] == "Mira Costa"
    assert filled["about"]["_unfinished"] == ["about-you"]
    changed = version_of(SHORT_URL, 1).steps  # a choice whose options differ is not carried
    method = next(s for s in changed if "contact_method" in s.items).items["contact_method"]
    assert (
        full_form._same_question(method, {**method, "answerOption": method["answerOption"][:1]})
        is False
    )
