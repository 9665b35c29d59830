"""A form the owner makes in the editor, then a client walks it in Chromium with the keyboard alone.

The form is the adult one (PHQ-9 included) plus a page of three questions of the practice's
own, one shown only if another is answered "Yes". The intake arrives with every answer, and a
later version of the form leaves it showing the questions it was asked.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Intake
from tests.conftest import PASSWORD
from tests.e2e.conftest import shot
from tests.e2e.test_forms_editor import store_draft
from tests.e2e.test_intake_journey import (
    choose,
    continue_,
    fill_about,
    fill_practical_and_consent,
    press_on,
    type_into,
)

NIGHTS = "On how many nights last week did you sleep well?"
WANTS = "Would you like help with sleep?"
WHAT = "What gets in the way of sleep?"


def keys_into(tab, selector: str, value: str) -> None:
    """Put the focus in a box and type, as the keyboard would."""
    tab.locator(selector).focus()
    tab.keyboard.type(value)


def press(tab, selector: str, key: str = "Enter") -> None:
    """Focus a control, press a key, wait for the page it leads to."""
    tab.locator(selector).first.focus()
    with tab.expect_navigation():
        tab.keyboard.press(key)


def add_question(tab, base: str, kind: int, text: str, **extra) -> None:
    """The question page of the editor: kind, words, then what else is asked."""
    tab.goto(base + "/question?page=sleep-and-rest")
    tab.locator(f"#type-{kind}").focus()
    tab.keyboard.press("Space")
    keys_into(tab, "#text", text)
    if extra.get("options"):
        keys_into(tab, "#options", "\n".join(extra["options"]))
    if extra.get("required"):
        tab.locator("#required").focus()
        tab.keyboard.press("Space")
    if extra.get("condition"):
        tab.select_option("#condition", extra["condition"])
    press(tab, "button[type=submit]:has-text('Save question')")
    assert "Question saved." in tab.inner_text("#flash")


def make_sleep_form(tab, live_server, staff_login) -> dict:
    """In the editor: a page, three questions (one conditional), publish, offer."""
    site = store_draft(live_server)
    staff_login(tab, site["email"], PASSWORD)
    base = live_server(f"/clinician/forms/versions/{site['version_id']}")
    tab.goto(base)
    keys_into(tab, "#page-title", "Sleep and rest")
    press(tab, "button:has-text('Add page')")
    add_question(tab, base, 5, NIGHTS)
    add_question(tab, base, 3, WANTS, options=["Yes", "No"], required=True)
    add_question(tab, base, 1, WHAT, required=True, condition="custom.q2|yes")
    tab.goto(base)
    press(tab, "button:has-text('Publish version 1')")
    tab.goto(live_server("/clinician/forms"))
    press(tab, f"#form-{site['form_id']}-offer button")
    assert "is now offered on the start page" in tab.inner_text("#flash")
    tab.context.clear_cookies()  # the owner's part is done: a client now, in a fresh browser
    return site


def walk_as_client(tab, live_server, title: str, assert_accessible) -> None:
    """The start page's choice, every page with Tab, Space, arrows and Enter only."""
    tab.goto(live_server("/intake/"))
    assert_accessible(tab)
    labels = tab.locator("form .choice-label").all_inner_texts()
    assert labels == ["For myself", title]
    choose(tab, "form", 1)
    continue_(tab, "Start now")
    choose(tab, "age_ok", 0)
    continue_(tab)
    if "where-you-live" in tab.url:
        choose(tab, "area", 0)
        continue_(tab)
    choose(tab, "safety_risk", 1)
    continue_(tab)
    fill_about(tab)
    continue_(tab)
    type_into(tab, "#own_words", "Sleep has been hard since the move.")
    choose(tab, "previous_therapy", 1)
    continue_(tab)
    for i in range(9):
        choose(tab, f"item_{i}", 0)
    continue_(tab)
    for i in range(7):
        choose(tab, f"item_{i}", 1)
    choose(tab, "difficulty", 1)
    continue_(tab)
    fill_practical_and_consent(tab)
    assert tab.url.endswith("/intake/sleep-and-rest")
    shot(tab, "custom-page")
    assert_accessible(tab)
    type_into(tab, "#q1", "2")
    choose(tab, "q2", 0)
    continue_(tab)  # "Yes" makes the next question needed: the error round trip
    assert tab.title().startswith("Error: ")
    assert tab.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(tab)
    type_into(tab, "#q3", "My mind races at night.")
    continue_(tab)
    assert tab.url.endswith("/intake/check")
    page = tab.inner_text("main")
    for words in (NIGHTS, WANTS, WHAT, "My mind races at night."):
        assert words in page
    continue_(tab, "Send my enquiry")
    assert tab.url.endswith("/intake/done")


@pytest.fixture
def withdrawn_after(live_server):
    """The server is shared by the session: take the forms offered here off the start page."""
    yield
    from portal.models import Form
    from portal.questionnaires import ADULT_URL

    with live_server.app.app_context():
        for form in db.session.scalars(select(Form).where(Form.url != ADULT_URL)):
            form.is_offered = False
        db.session.commit()


def test_a_form_made_in_the_editor_walked_by_keyboard_arrives_whole(
    page, live_server, staff_login, assert_accessible, withdrawn_after
):
    site = make_sleep_form(page, live_server, staff_login)
    walk_as_client(page, live_server, site["title"], assert_accessible)
    assert_accessible(page)
    with live_server.app.app_context():
        from portal.intake.records import read_answers
        from portal.questionnaires import service

        intake = db.session.scalars(select(Intake).where(Intake.form_url == site["url"])).one()
        answers = read_answers(intake)
        assert answers["custom"] == {"q1": 2, "q2": "yes", "q3": "My mind races at night."}
        assert answers["phq9"]["items"] == [0] * 9
        form = service.by_url(site["url"])
        data = json.loads(service.published_version(form).definition)
        page_item = next(p for p in data["item"] if p["linkId"] == "sleep-and-rest")
        page_item["item"][0]["text"] = "How many good nights did you have?"
        service.publish(service.save_edit(service.published_version(form), data, None, {}), None)
        db.session.commit()
        intake_id = intake.id
    staff_login(page, site["email"], PASSWORD)
    page.goto(live_server(f"/clinician/intakes/{intake_id}"))
    detail = page.inner_text("main")
    assert NIGHTS in detail and "How many good nights" not in detail
    assert "My mind races at night." in detail


def test_the_guardian_form_walked_by_keyboard(
    page, live_server, assert_accessible, withdrawn_after
):
    from portal.questionnaires import GUARDIAN_URL, service

    with live_server.app.app_context():
        service.ensure_builtin_forms()
        service.set_offered(service.by_url(GUARDIAN_URL), True, None)
        db.session.commit()
    page.goto(live_server("/intake/"))
    choose(
        page,
        "form",
        page.locator("form .choice-label").all_inner_texts().index("For my child or teen"),
    )
    continue_(page, "Start now")
    choose(page, "safety_risk", 1)
    continue_(page)
    type_into(page, "#full_name", "Ana Keyboard")
    choose(page, "relationship", 0)
    choose(page, "responsibility", 0)
    type_into(page, "#email", "ana@example.org")
    choose(page, "contact_method", 0)
    continue_(page)
    shot(page, "guardian-child")
    assert_accessible(page)
    type_into(page, "#full_name", "Leo Keyboard")
    type_into(page, "#dob_day", "4")
    type_into(page, "#dob_month", "6")
    type_into(page, "#dob_year", "2012")
    choose(page, "knows", 2)
    continue_(page)
    type_into(page, "#own_words", "Leo has stopped wanting to go to school.")
    choose(page, "previous_therapy", 0)
    type_into(page, "#previous_detail", "A school counsellor last year.")
    continue_(page)
    shot(page, "guardian-consent")
    assert_accessible(page)
    press_on(page, "#agreed", "Space")
    type_into(page, "#typed_name", "Ana Keyboard")
    continue_(page)
    assert page.url.endswith("/intake/check")
    summary = page.inner_text("main")
    for words in ("Leo Keyboard", "Not sure", "A school counsellor last year."):
        assert words in summary
    continue_(page, "Send my enquiry")
    assert page.url.endswith("/intake/done")
    with live_server.app.app_context():
        from portal.intake.records import read_answers

        intake = db.session.scalars(select(Intake).where(Intake.form_url == GUARDIAN_URL)).one()
        answers = read_answers(intake)
        assert answers["child"]["knows"] == "not-sure"
        assert answers["reasons"]["previous_detail"] == "A school counsellor last year."
