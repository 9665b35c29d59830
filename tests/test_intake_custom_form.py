"""A form the practice made in the editor: offered on the start page, drawn from its definition,
its "show only if" questions asked only when they apply, every answer arriving with its words."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.clinician import forms_editor_edits as edits
from portal.db import db
from portal.intake.flow import consent_hash
from portal.intake.records import read_answers
from portal.models import AuditEvent, Intake
from portal.practice import get_practice
from portal.questionnaires import service
from tests.fixtures_clinician import page_text
from tests.fixtures_intake import soup, step_posts

SLEEP = "sleep-and-rest"
HELP = "help-with-sleep"


def sleep_form(title: str = "For myself, with sleep") -> service.FormVersion:
    """The adult form plus two pages of the practice's own: three questions of different kinds
    (one shown only if an answer on its page says so) and a page asked only after a yes."""
    service.ensure_builtin_forms()
    copy = service.duplicate_form(service.published_version(service.by_slug("adult")), title, None)
    data = service.parsed(copy).data
    data, first = edits.add_page(data, "Sleep and rest")
    asks = [
        {"type": "integer", "text": "On how many nights last week did you sleep well?"},
        {
            "type": "choice",
            "text": "Would you like help with sleep?",
            "options": ["Yes", "No"],
            "required": "y",
        },
    ]
    for values in asks:
        data, _link = edits.add_question(data, first, values)
    wanted = {"condition": "custom.q2|yes", "required": "y"}
    data, _link = edits.add_question(
        data, first, {"type": "text", "text": "What gets in the way of sleep?", **wanted}
    )
    data, second = edits.add_page(data, "Help with sleep")
    data, _link = edits.add_question(
        data, second, {"type": "string", "text": "What has helped before?", **wanted}
    )
    version = service.save_edit(copy, data, None, {"change": "test"})
    service.publish(version, None)
    service.set_offered(version.form, True, None)
    db.session.commit()
    return version


def walk_builtin_pages(client) -> None:
    """Answer the adult pages the custom form keeps, as a person would."""
    for slug, data in step_posts().items():
        if slug == "consent":
            data["text_sha256"] = consent_hash(get_practice().consent_text)
        response = client.post_form(f"/intake/{slug}", data, token_page=f"/intake/{slug}")
        assert response.status_code == 302, (slug, page_text(response)[:500])


def choose(client, slug: str):
    """Pick a form on the start page and press Start now."""
    return client.post_form("/intake/", {"form": slug}, token_page="/intake/")


@pytest.fixture
def custom(app):
    """The sleep form, published and offered beside the adult one."""
    return sleep_form()


def test_start_page_offers_each_offered_form_and_starts_the_chosen_one(client, custom):
    page = soup(client.get("/intake/"))
    labels = [label.get_text(strip=True) for label in page.select("form label")]
    assert labels == ["For myself", "For myself, with sleep"]
    unchosen = client.post_form("/intake/", {}, token_page="/intake/")
    assert "Select the form you would like to fill in" in page_text(unchosen)
    assert choose(client, custom.form.slug).headers["Location"].endswith("/intake/age")


def test_a_custom_page_is_drawn_from_its_definition_with_its_condition_in_words(client, custom):
    choose(client, custom.form.slug)
    walk_builtin_pages(client)
    page = soup(client.get(f"/intake/{SLEEP}"))
    assert page.h1.get_text(strip=True) == "Sleep and rest"
    labels = [t.get_text(" ", strip=True) for t in page.select("form label, form legend")]
    assert "On how many nights last week did you sleep well?" in labels
    assert "What gets in the way of sleep?" in labels
    assert "Answer only if “Would you like help with sleep?” is answered “Yes”." in page_text(
        client.get(f"/intake/{SLEEP}")
    )


def test_a_question_shown_only_if_is_required_only_then(client, custom):
    choose(client, custom.form.slug)
    walk_builtin_pages(client)
    url = f"/intake/{SLEEP}"
    needed = client.post_form(url, {"q1": "3", "q2": "yes", "q3": ""}, token_page=url)
    assert needed.status_code == 200 and "There is a problem" in page_text(needed)
    said_no = client.post_form(url, {"q1": "3", "q2": "no", "q3": "typed first"}, token_page=url)
    assert said_no.headers["Location"] == "/intake/check"  # the help page is skipped too
    check = page_text(client.get("/intake/check"))
    assert "Would you like help with sleep? No" in check
    assert "typed first" not in check and "What has helped before?" not in check


def test_every_answer_arrives_with_the_words_it_was_asked_in(
    client, custom, submit_intake_form, signed_in_clinician
):
    choose(client, custom.form.slug)
    walk_builtin_pages(client)
    url = f"/intake/{SLEEP}"
    answers = {"q1": "2", "q2": "yes", "q3": "My mind races at night"}
    assert client.post_form(url, answers, token_page=url).headers["Location"].endswith(HELP)
    helped = {"q4": "A warm bath"}
    posted = client.post_form(f"/intake/{HELP}", helped, token_page=f"/intake/{HELP}")
    assert posted.headers["Location"] == "/intake/check"
    assert submit_intake_form().status_code == 302
    intake = db.session.scalars(select(Intake)).one()
    assert (intake.form_url, intake.form_version) == (custom.form.url, custom.version)
    stored = read_answers(intake)["custom"]
    assert stored == {"q1": 2, "q2": "yes", "q3": "My mind races at night", "q4": "A warm bath"}
    detail = page_text(client.get(f"/clinician/intakes/{intake.id}"))
    for words in ("On how many nights last week did you sleep well? 2", "A warm bath"):
        assert words in detail


def test_changing_an_earlier_answer_drops_what_no_longer_applies(
    client, custom, submit_intake_form
):
    choose(client, custom.form.slug)
    walk_builtin_pages(client)
    url = f"/intake/{SLEEP}"
    client.post_form(url, {"q2": "yes", "q3": "Noise"}, token_page=url)
    client.post_form(f"/intake/{HELP}", {"q4": "Ear plugs"}, token_page=f"/intake/{HELP}")
    client.post_form(url + "?from=check", {"q2": "no"}, token_page=url)
    check = page_text(client.get("/intake/check"))
    assert "Ear plugs" not in check and "Noise" not in check
    assert client.get(f"/intake/{HELP}").headers["Location"] == "/intake/check"
    assert submit_intake_form().status_code == 302
    stored = read_answers(db.session.scalars(select(Intake)).one())["custom"]
    assert stored == {"q1": None, "q2": "no"}  # what the clinician reads


def test_a_question_added_to_a_built_in_page_is_asked_there(client, app):
    service.ensure_builtin_forms()
    adult = service.published_version(service.by_slug("adult"))
    copy = service.duplicate_form(adult, "For myself, and sleep", None)
    data, _link = edits.add_question(
        service.parsed(copy).data,
        "what-brings-you",
        {"type": "text", "text": "Anything about sleep we should know?"},
    )
    service.publish(service.save_edit(copy, data, None, {"change": "test"}), None)
    service.set_offered(copy.form, True, None)
    db.session.commit()
    choose(client, copy.form.slug)
    walk_builtin_pages(client)
    page = soup(client.get("/intake/what-brings-you"))
    labels = [label.get_text(strip=True) for label in page.select("form label")]
    assert labels[0] == "What brings you to therapy?"
    assert "Anything about sleep we should know?" in labels


def test_offering_needs_a_published_version_and_keeps_one_form_offered(app, custom):
    adult = service.by_slug("adult")
    service.set_offered(adult, False, None)
    with pytest.raises(service.FormError, match="the only form offered"):
        service.set_offered(custom.form, False, None)
    draft = service.duplicate_form(custom, "Not ready", None)
    with pytest.raises(service.FormError, match="Publish"):
        service.set_offered(draft.form, True, None)


def test_the_owner_offers_and_withdraws_a_form_from_the_forms_page(
    client, custom, signed_in_owner, staff_post
):
    adult = service.by_slug("adult")
    withdrawn = staff_post(f"/clinician/forms/{adult.id}/offer", {"offered": "0"})
    assert withdrawn.headers["Location"].endswith("/clinician/forms")
    listing = page_text(client.get("/clinician/forms"))
    assert "“For myself” is no longer offered on the start page." in listing
    assert "Offer on the start page" in listing
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("form.offer") == 1 and actions.count("form.withdraw") == 1
    start = soup(client.get("/intake/"))
    assert start.select_one("input[name=form]")["value"] == custom.form.slug  # the only one left
    refused = staff_post(f"/clinician/forms/{custom.form.id}/offer", {"offered": "0"})
    assert "is the only form offered" in page_text(client.get(refused.headers["Location"]))


def test_a_clinician_cannot_change_what_the_start_page_offers(
    client, custom, signed_in_clinician, staff_post
):
    adult = service.by_slug("adult")
    assert staff_post(f"/clinician/forms/{adult.id}/offer", {"offered": "0"}).status_code == 403
    db.session.expire_all()
    assert service.by_slug("adult").is_offered
