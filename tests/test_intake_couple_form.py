"""A couple's enquiry: the partner who starts answers the shared pages, the other partner gets
their own link by email, neither ever sees the other's answers, the clinician sees both."""

from __future__ import annotations

import email
import re

import pytest
from sqlalchemy import select

from portal.db import db
from portal.intake import couple, notify
from portal.intake.records import read_answers
from portal.models import Intake, OutboxMessage
from portal.questionnaires import COUPLE_URL, definition, rules, service
from tests.fixtures_auth import browser
from tests.fixtures_clinician import page_text
from tests.fixtures_intake import WALK_CONFIG, offer_form, soup, step_posts

FIRST_SECRET = "KOALA-first-partner-private-7c1"
SECOND_SECRET = "WOMBAT-second-partner-private-9e4"
SHARED_WORDS = "We argue about money and then stop talking for days."
LINK_RE = re.compile(r"https?://\S+/intake/resume/[A-Za-z0-9_-]+")


def about(name: str, email: str) -> dict:
    """The about-you page as one partner fills it."""
    return {**step_posts()["about-you"], "full_name": name, "preferred_name": "", "email": email}


FIRST = {
    "age": {"age_ok": "yes"},
    "safety": {"safety_risk": "no"},
    "about-you": about("Robin Hale", "robin@example.org"),
    "your-partner": {"full_name": "Sam Okafor", "email": "sam@example.org"},
    "together": {
        "own_words": SHARED_WORDS,
        "how_long": "Six years",
        "previous_therapy": "no",
        "previous_detail": "",
    },
    "practical": step_posts()["practical"],
    "your-own-view": {
        "own_words": f"I would like us to listen. {FIRST_SECRET}",
        "not_said": "",
        "feels_safe": "yes",
        "talk_alone": "no",
    },
    "consent": {"agreed": "y", "typed_name": "Robin Hale"},
}
SECOND = {
    "age": {"age_ok": "yes"},
    "safety": {"safety_risk": "no"},
    "about-you": about("Sam Okafor", "sam@example.org"),
    "your-own-view": {
        "own_words": "Less shouting.",
        "not_said": SECOND_SECRET,
        "feels_safe": "unsure",
        "talk_alone": "yes",
    },
    "consent": {"agreed": "y", "typed_name": "Sam Okafor"},
}
SHARED_PAGES = ("your-partner", "together", "practical")


pytestmark = pytest.mark.app_config(**WALK_CONFIG)


@pytest.fixture
def offered(app):
    """The couple form offered beside the adult one."""
    offer_form(COUPLE_URL)


def post_pages(client, pages: dict, seen: list[str] | None = None) -> None:
    """Post every page as a partner would; keep the text of each page shown on the way."""
    for slug, data in pages.items():
        shown = client.get(f"/intake/{slug}")
        assert shown.status_code == 200, slug
        if seen is not None:
            seen.append(page_text(shown))
        if slug == "consent":  # what the page carries, as a browser sends it back
            data = {
                **data,
                "text_sha256": soup(shown).select_one("input[name=text_sha256]")["value"],
            }
        response = client.post_form(f"/intake/{slug}", data, token_page=f"/intake/{slug}")
        assert response.status_code == 302, (slug, page_text(response)[:800])


def submit(client, submit_intake_form) -> str:
    """Send the enquiry from the check page; the text of the confirmation."""
    assert submit_intake_form().status_code == 302
    return page_text(client.get("/intake/done"))


def first_part(client, submit_intake_form) -> str:
    """The first partner chooses the couple form and sends their part; the done page."""
    client.post_form("/intake/", {"form": "couple"}, token_page="/intake/")
    post_pages(client, FIRST)
    return submit(client, submit_intake_form)


def partner_link(mail) -> tuple[str, str]:
    """The email the other partner received: (its body as read, the link's path)."""
    (raw,) = [m for m in mail.messages if "sam@example.org" in m.split("\n\n", 1)[0]]
    body = email.message_from_string(raw).get_payload(decode=True).decode()
    return body, "/" + LINK_RE.search(body).group(0).split("/", 3)[3]


def test_the_first_partner_answers_the_shared_pages_and_the_other_is_emailed_a_link(
    client, offered, submit_intake_form, mail
):
    done = first_part(client, submit_intake_form)
    assert "We have emailed your partner a link to their own part" in done
    message, _path = partner_link(mail)
    for private in ("Robin", "Hale", "robin@example.org", FIRST_SECRET, SHARED_WORDS, "Sam"):
        assert private not in message  # the practice and the link, nothing either wrote
    assert "couples therapy enquiry" in message
    intake = db.session.scalars(select(Intake)).one()
    answers = read_answers(intake)
    assert (intake.form_url, answers["partner"]["email"]) == (COUPLE_URL, "sam@example.org")
    assert answers["together"]["own_words"] == SHARED_WORDS


def test_the_other_partner_answers_only_their_own_pages_and_sees_nothing_of_the_first(
    app, client, offered, submit_intake_form, mail, signed_in_clinician
):
    first_part(client, submit_intake_form)
    _message, path = partner_link(mail)
    other = browser(app, "127.0.0.2")
    opened = other.get(path)
    assert opened.headers["Location"].endswith("/intake/age")  # straight to their own first page
    for slug in SHARED_PAGES:
        assert other.get(f"/intake/{slug}").status_code == 404  # answered once, by the first
    seen: list[str] = []
    post_pages(other, SECOND, seen)
    seen.append(page_text(other.get("/intake/check")))
    seen.append(submit(other, submit_intake_form_for(other)))
    assert "This is your own part of a couples enquiry" in seen[0]
    for text in seen:
        for private in ("Robin", "robin@example.org", FIRST_SECRET, SHARED_WORDS, "Six years"):
            assert private not in text

    first, second = db.session.scalars(select(Intake).order_by(Intake.received_at)).all()
    assert second.partner_of_id == first.id and first.partner_of_id is None
    assert set(read_answers(second)) & {"partner", "together", "practical"} == set()
    first_page = page_text(client.get(f"/clinician/intakes/{first.id}"))
    assert f"The other partner's own part: enquiry {second.reference}" in first_page
    assert FIRST_SECRET in first_page and SECOND_SECRET not in first_page
    second_page = page_text(client.get(f"/clinician/intakes/{second.id}"))
    assert f"first partner's part: enquiry {first.reference}" in second_page
    assert SECOND_SECRET in second_page and FIRST_SECRET not in second_page


def submit_intake_form_for(other):
    """The check page's form, sent from another browser."""
    from tests.conftest import CSRF_RE

    def send():
        html = other.get("/intake/check").get_data(as_text=True)
        fields = dict(re.findall(r'name="(submission_id|started)"[^>]*value="([^"]*)"', html))
        return other.post("/intake/check", data={**fields, "csrf_token": CSRF_RE.search(html)[1]})

    return send


def test_the_clinician_sees_when_the_other_part_has_not_arrived(
    client, offered, submit_intake_form, mail, signed_in_clinician
):
    first_part(client, submit_intake_form)
    intake = db.session.scalars(select(Intake)).one()
    page = page_text(client.get(f"/clinician/intakes/{intake.id}"))
    assert "Couple enquiry" in page
    assert "The other partner's own part has not arrived yet. Their link was emailed" in page


def test_the_partner_email_cannot_be_the_person_s_own(client, offered):
    client.post_form("/intake/", {"form": "couple"}, token_page="/intake/")
    post_pages(client, {k: FIRST[k] for k in ("age", "safety", "about-you")})
    url = "/intake/your-partner"
    own = {"full_name": "Sam Okafor", "email": "Robin@Example.org "}
    refused = page_text(client.post_form(url, own, token_page=url))
    assert "Enter your partner's email address, not your own" in refused
    broken = page_text(client.post_form(url, {**own, "email": "sam@"}, token_page=url))
    assert "Enter an email address in the correct format" in broken


def test_a_link_opened_once_cannot_be_opened_by_someone_else(
    app, client, offered, submit_intake_form, mail
):
    first_part(client, submit_intake_form)
    _message, path = partner_link(mail)
    assert browser(app, "127.0.0.2").get(path).status_code == 302
    assert browser(app, "127.0.0.3").get(path).status_code == 404


def couple_with(change) -> list[str]:
    """The rule errors of the built-in couple form after one change to its pages."""
    data = definition.parse_json(service.builtin_text("couple.json"))
    pages = {rules.extension(page, rules.PAGE): page for page in data["item"]}
    change(pages)
    return rules.check(data, publishing=True)


def shared(page: dict) -> None:
    """Mark a page as answered once for the couple."""
    page["extension"].append({"url": rules.PART, "valueCode": "shared"})


def test_rules_keep_safety_consent_and_the_partner_email_where_each_partner_needs_them():
    assert couple_with(lambda pages: None) == []
    assert "the safety question is each partner's own" in " ".join(
        couple_with(lambda pages: shared(pages["safety"]))
    )
    assert "each partner gives their own consent" in " ".join(
        couple_with(lambda pages: shared(pages["consent"]))
    )

    def email_on_own_page(pages):
        pages["your-partner"]["extension"] = pages["your-partner"]["extension"][:1]

    assert "one required partner's email question, on a shared page" in " ".join(
        couple_with(email_on_own_page)
    )

    def own_depends_on_shared(pages):
        question = pages["your-own-view"]["item"][1]
        question["enableWhen"] = [
            {
                "question": "together.previous_therapy",
                "operator": "=",
                "answerCoding": {"code": "yes"},
            }
        ]

    assert "cannot depend on a shared page" in " ".join(couple_with(own_depends_on_shared))


def test_a_part_held_as_spam_invites_nobody_until_a_person_releases_it(
    client, offered, submit_intake_form, mail, signed_in_clinician
):
    client.post_form("/intake/", {"form": "couple"}, token_page="/intake/")
    post_pages(client, FIRST)
    assert submit_intake_form(website="https://spam.example").status_code == 302
    intake = db.session.scalars(select(Intake)).one()
    assert intake.is_quarantined and not [m for m in mail.messages if "sam@example.org" in m]
    held = page_text(client.get(f"/clinician/intakes/{intake.id}"))
    assert "it goes out when you release this enquiry into the inbox" in held
    url = f"/clinician/intakes/{intake.id}/release"
    client.post_form(url, token_page=f"/clinician/intakes/{intake.id}")
    client.post_form(url, token_page=f"/clinician/intakes/{intake.id}")  # a second press
    _body, path = partner_link(mail)  # exactly one invitation
    assert path.startswith("/intake/resume/")


def test_the_other_partner_is_invited_once_even_when_two_releases_race(
    client, offered, submit_intake_form, mail
):
    client.post_form("/intake/", {"form": "couple"}, token_page="/intake/")
    post_pages(client, FIRST)
    submit_intake_form(website="https://spam.example")
    intake = db.session.scalars(select(Intake)).one()
    intake.is_quarantined = False  # two presses that both read it held, then both released it
    with client.application.test_request_context():
        first, second = couple.invite_on_release(intake), couple.invite_on_release(intake)
    assert first is not None and second is None
    messages = db.session.scalars(
        select(OutboxMessage.kind).where(OutboxMessage.intake_id == intake.id)
    )
    assert list(messages).count(notify.KIND_PARTNER_LINK) == 1
