"""The form editor: an owner copies the adult form, adds questions and a measure, publishes."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import db
from portal.models import AuditEvent, Form, FormVersion
from portal.questionnaires import (
    ADULT_URL,
    BUILTIN_URLS,
    coverage,
    definition,
    measures,
    rules,
    service,
)
from tests.fixtures_clinician import page_text

FORMS = "/clinician/forms"


@pytest.fixture
def adult(app):
    """The built-in adult form, published version 1, as `portal init-db` adds it."""
    service.ensure_builtin_forms()
    db.session.commit()
    return service.by_url(ADULT_URL)


def version(form_url: str, number: int) -> FormVersion:
    """A stored version, read fresh from the database."""
    db.session.expire_all()
    form = service.by_url(form_url)
    return next(v for v in form.versions if v.version == number)


def stored(form_url: str, number: int) -> dict:
    """A stored version's definition."""
    return json.loads(version(form_url, number).definition)


def changes() -> list[dict]:
    """What the editor said it changed, oldest first (the form.change audit rows)."""
    db.session.expire_all()
    rows = select(AuditEvent.detail).where(AuditEvent.action == "form.change")
    return list(db.session.scalars(rows.order_by(AuditEvent.id)))


def errors_on(response) -> list[str]:
    """The error summary's lines, as a person reads them."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [" ".join(li.get_text(" ").split()) for li in soup.select(".error-summary-list li")]


def question(**overrides) -> dict:
    """A complete add-question form."""
    data = {"type": "string", "text": "What name does your pet answer to?", "hint": ""}
    data |= {"options": "", "condition": ""}
    return data | overrides


def duplicate_adult(client, staff_post, adult) -> str:
    """Copy the adult form through the list page; returns the copy's url."""
    response = staff_post(f"{FORMS}/{adult.id}/duplicate")
    assert response.status_code == 302
    copy = db.session.scalars(select(Form).where(Form.url.not_in(BUILTIN_URLS))).one()
    assert response.headers["Location"].endswith(f"/versions/{copy.versions[0].id}")
    return copy.url


def edit_url(form_url: str, number: int, tail: str = "") -> str:
    """The editor address of a version."""
    return f"{FORMS}/versions/{version(form_url, number).id}{tail}"


def test_forms_editor_owner_builds_a_custom_form_and_publishes_it(
    client, signed_in_owner, staff_post, adult
):
    listing = page_text(client.get(FORMS))
    assert "For myself" in listing and "Published" in listing
    url = duplicate_adult(client, staff_post, adult)
    assert url == "urn:practice-portal:questionnaire:for-myself-copy"
    assert (version(url, 1).status, stored(url, 1)["title"]) == ("draft", "For myself (copy)")

    answer = staff_post(edit_url(url, 1, "/pages"), {"page-title": "About your pet"})
    assert answer.headers["Location"].endswith("#item-about-your-pet")
    add = edit_url(url, 1, "/question?page=about-your-pet")
    pet = question(type="choice", text="Do you have a pet?", options="Yes\nNo\n", required="y")
    assert staff_post(add, pet).status_code == 302
    about = question(type="text", text="Tell us about your pet", condition="custom.q1|yes")
    assert staff_post(add, about).status_code == 302
    start = question(type="date", text="When could you start?", hint="An idea is enough.")
    assert staff_post(add, start).status_code == 302

    mood = staff_post(edit_url(url, 1, "/remove"), {"item": "mood"})  # it held PHQ-9
    assert mood.status_code == 302
    staff_post(edit_url(url, 1, "/measures"), {"measure": "phq9"})
    published = staff_post(edit_url(url, 1, "/publish"))  # English only, as the practice is
    assert published.status_code == 302, errors_on(published)

    text = version(url, 1).definition
    assert version(url, 1).is_published
    parsed = definition.load(text, publishing=True)
    pet_page = parsed.item("about-your-pet")
    assert [i["type"] for i in pet_page["item"]] == ["choice", "text", "date"]
    assert parsed.item("custom.q2")["enableWhen"] == [
        {"question": "custom.q1", "operator": "=", "answerCoding": {"code": "yes"}}
    ]
    assert rules.extension(parsed.item("custom.q3"), rules.HINT) == "An idea is enough."
    assert parsed.item("phq9") == measures.get("phq9").as_items("phq9")
    assert coverage.declared(parsed.data) == ()  # a copy starts in English
    assert [c["change"] for c in changes()] == [
        "page.add",
        "question.add",
        "question.add",
        "question.add",
        "item.remove",
        "measure.add",
    ]
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "form.duplicate"))
    assert "Version 1 is published" in page_text(client.get(FORMS))


def test_forms_editor_is_for_the_owner_only(client, signed_in_clinician, staff_post, adult):
    first = adult.versions[0].id
    pages = [FORMS, f"{FORMS}/versions/{first}", f"{FORMS}/versions/{first}/preview"]
    pages += [f"{FORMS}/versions/{first}/question", f"{FORMS}/versions/{first}/measures"]
    assert [client.get(path).status_code for path in pages] == [403] * len(pages)
    posts = [f"{FORMS}/{adult.id}/duplicate", f"{FORMS}/versions/{first}/remove"]
    posts += [f"{FORMS}/versions/{first}/publish", f"{FORMS}/versions/{first}/pages"]
    assert [staff_post(path, {"item": "safety"}).status_code for path in posts] == [403] * 4
    assert db.session.scalar(select(FormVersion.id).where(FormVersion.version == 2)) is None


def test_forms_editor_sends_anonymous_visitors_to_sign_in(client, adult):
    response = client.get(FORMS)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_forms_editor_change_to_a_published_version_makes_a_draft_and_leaves_it_alone(
    client, signed_in_owner, staff_post, adult
):
    before = version(ADULT_URL, 1).definition
    response = staff_post(edit_url(ADULT_URL, 1, "/question?page=practical"), question())
    assert version(ADULT_URL, 1).definition == before
    assert (version(ADULT_URL, 2).status, version(ADULT_URL, 2).version) == ("draft", 2)
    assert "What name does your pet answer to?" in version(ADULT_URL, 2).definition
    shown = page_text(client.get(response.headers["Location"]))
    assert "started version 2 as a draft; version 1 has not changed" in shown
    assert service.published_version(service.by_url(ADULT_URL)).version == 1


def test_forms_editor_refuses_a_condition_on_a_later_question(
    client, signed_in_owner, staff_post, adult
):
    url = duplicate_adult(client, staff_post, adult)
    staff_post(edit_url(url, 1, "/question?page=consent"), question(type="boolean", text="Tick"))
    before = version(url, 1).definition
    earlier = edit_url(url, 1, "/question?item=reasons.hopes")
    response = staff_post(earlier, question(text="Hopes", condition="custom.q1|true"))
    assert response.status_code == 400
    sentence = (
        "Item reasons.hopes: the condition depends on 'custom.q1', which is not an earlier item."
    )
    assert sentence in errors_on(response)
    assert version(url, 1).definition == before


def test_forms_editor_refuses_a_move_that_puts_a_condition_first(
    client, signed_in_owner, staff_post, adult
):
    url = duplicate_adult(client, staff_post, adult)
    add = edit_url(url, 1, "/question?page=practical")
    staff_post(add, question(type="boolean", text="Do you drive?"))
    staff_post(add, question(text="Where do you park?", condition="custom.q1|true"))
    before = version(url, 1).definition
    response = staff_post(edit_url(url, 1, "/move"), {"item": "custom.q2", "direction": "up"})
    assert response.status_code == 400
    assert any("which is not an earlier item" in line for line in errors_on(response))
    assert version(url, 1).definition == before
    moved = staff_post(edit_url(url, 1, "/move"), {"item": "custom.q1", "direction": "up"})
    assert moved.status_code == 302
    items = stored(url, 1)["item"][-2]["item"]
    assert [i["linkId"] for i in items][-3:] == ["custom.q1", "practical.heard_from", "custom.q2"]


def test_forms_editor_without_the_safety_question_cannot_publish(
    client, signed_in_owner, staff_post, adult
):
    url = duplicate_adult(client, staff_post, adult)
    removed = staff_post(edit_url(url, 1, "/remove"), {"item": "eligibility.safety_risk"})
    assert removed.status_code == 302
    response = staff_post(edit_url(url, 1, "/publish"))
    assert response.status_code == 400
    assert rules.NO_SAFETY in errors_on(response)
    assert version(url, 1).status == "draft"


@pytest.mark.parametrize(
    ("changes_made", "message"),
    [
        ({"text": ""}, "Enter the question"),
        ({"text": "x" * 5000}, "Question must be 500 characters or fewer (you have 5,000)"),
        ({"type": "choice", "options": "Only one"}, "Enter at least two answers, one on each line"),
        ({"type": "choice", "options": "A\na"}, "Each answer must be different"),
        ({"type": "sketch"}, "Select the kind of question"),
        ({"condition": "nowhere|yes"}, "Select a question and answer from the list"),
        ({"hint": "y" * 100_000}, "Help text (optional) must be 1,000 characters or fewer"),
    ],
)
def test_forms_editor_bad_question_is_explained_and_nothing_saved(
    client, signed_in_owner, staff_post, adult, changes_made, message
):
    url = duplicate_adult(client, staff_post, adult)
    before = version(url, 1).definition
    response = staff_post(edit_url(url, 1, "/question?page=practical"), question(**changes_made))
    assert response.status_code == 400
    assert any(line.startswith(message) for line in errors_on(response)), errors_on(response)
    title = BeautifulSoup(response.get_data(as_text=True), "html.parser").title.get_text()
    assert title.startswith("Error: Add a question")
    assert version(url, 1).definition == before


def test_forms_editor_unknown_or_foreign_ids_are_not_found(
    client, signed_in_owner, staff_post, adult
):
    url = duplicate_adult(client, staff_post, adult)
    mine = version(url, 1).id
    paths = [f"{FORMS}/versions/99999", f"{FORMS}/versions/{10**30}", f"{FORMS}/versions/-1"]
    paths += [
        f"{FORMS}/versions/{mine}/question?item=nobody",
        f"{FORMS}/versions/{mine}/preview?page=99",
    ]
    paths += [
        f"{FORMS}/versions/{mine}/question?page=nowhere",
        f"{FORMS}/versions/{mine}/question?item=phq9.item_0",
    ]
    paths += [
        f"{FORMS}/versions/{mine}/preview?page=abc",
        f"{FORMS}/versions/{mine}/preview?page=0",
    ]
    assert [client.get(path).status_code for path in paths] == [404] * len(paths)
    before = version(url, 1).definition
    assert staff_post(f"{FORMS}/versions/{mine}/remove", {"item": "phq9.item_8"}).status_code == 404
    assert staff_post(f"{FORMS}/versions/{mine}/remove", {"item": "x" * 10_000}).status_code == 404
    assert staff_post(f"{FORMS}/{10**20}/duplicate").status_code == 404
    bad_way = staff_post(f"{FORMS}/versions/{mine}/move", {"item": "safety", "direction": "left"})
    assert bad_way.status_code == 400
    assert version(url, 1).definition == before


def test_forms_editor_posts_need_the_csrf_token(client, signed_in_owner, adult):
    first = adult.versions[0].id
    response = client.post(f"{FORMS}/versions/{first}/remove", data={"item": "safety"})
    assert response.status_code == 400
    assert len(service.by_url(ADULT_URL).versions) == 1


def test_forms_editor_lists_how_many_intakes_used_each_version(
    client, signed_in_owner, adult, make_intake
):
    make_intake()
    make_intake()
    soup = BeautifulSoup(client.get(FORMS).get_data(as_text=True), "html.parser")
    cells = [td.get_text(strip=True) for td in soup.select("td[data-label=Intakes]")]
    assert cells == ["0", "0", "2", "0"]  # by title: short, guardian, the adult one, couple


def test_forms_editor_preview_shows_each_page_and_saves_nothing(
    client, signed_in_owner, staff_post, adult
):
    url = duplicate_adult(client, staff_post, adult)
    staff_post(edit_url(url, 1, "/question?page=practical"), question(hint="Cats count too."))
    count = len(stored(url, 1)["item"])
    seen = []
    for number in range(1, count + 1):
        response = client.get(edit_url(url, 1, f"/preview?page={number}"))
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert "noindex" in response.headers["X-Robots-Tag"]
        seen.append(page_text(response))
    assert "Are you thinking about ending your life" in seen[2]
    assert "What name does your pet answer to? Cats count too." in seen[-2]
    assert "Over the last 2 weeks" in seen[5] and "Pfizer" in seen[5]
    assert all("Need help now?" in words for words in seen)
    html = client.get(edit_url(url, 1, "/preview?page=1")).get_data(as_text=True)
    main = BeautifulSoup(html, "html.parser").main
    assert main.select("input[type=radio]") and not main.select("form, button")
    assert len(service.by_url(url).versions) == 1


def test_forms_editor_editing_answers_keeps_the_codes_conditions_rely_on(
    client, signed_in_owner, staff_post, adult
):
    url = duplicate_adult(client, staff_post, adult)
    add = edit_url(url, 1, "/question?page=practical")
    staff_post(add, question(type="choice", text="Pets?", options="Cats!\nCats?\nDogs"))
    staff_post(add, question(text="Their names", condition="custom.q1|dogs"))
    edit = edit_url(url, 1, "/question?item=custom.q1")
    shown = BeautifulSoup(client.get(edit).get_data(as_text=True), "html.parser")
    assert shown.select_one("#options").get_text() == "Cats!\nCats?\nDogs"
    response = staff_post(edit, question(type="choice", text="Pets?", options="Dogs\nFish"))
    assert response.status_code == 302, errors_on(response)
    options = stored(url, 1)["item"][-2]["item"][-2]["answerOption"]
    assert [o["valueCoding"]["code"] for o in options] == ["dogs", "fish"]


def test_forms_editor_page_and_title_need_words(client, signed_in_owner, staff_post, adult):
    url = duplicate_adult(client, staff_post, adult)
    before = version(url, 1).definition
    empty_page = staff_post(edit_url(url, 1, "/pages"), {"page-title": "  "})
    assert empty_page.status_code == 400
    assert errors_on(empty_page) == ["Enter a heading for the page"]
    long_title = staff_post(edit_url(url, 1, "/title"), {"form-title": "t" * 300})
    assert errors_on(long_title) == ["Form title must be 200 characters or fewer (you have 300)"]
    assert version(url, 1).definition == before
    renamed = staff_post(edit_url(url, 1, "/title"), {"form-title": "Couples: shared part"})
    assert renamed.status_code == 302
    assert stored(url, 1)["title"] == "Couples: shared part"
    assert changes()[-1]["change"] == "form.title"


def test_forms_editor_measure_choice_shows_licence_and_credit(
    client, signed_in_owner, staff_post, adult
):
    url = duplicate_adult(client, staff_post, adult)
    shown = page_text(client.get(edit_url(url, 1, "/measures")))
    for measure in measures.LIBRARY.values():
        assert measure.title in shown and str(measure.licence) in shown
        assert measure.attribution in shown
    twice = staff_post(edit_url(url, 1, "/measures"), {"measure": "gad7"})
    assert twice.status_code == 400
    assert errors_on(twice) == ["GAD-7 is already in this form."]
    unknown = staff_post(edit_url(url, 1, "/measures"), {"measure": "cssrs"})
    assert errors_on(unknown) == ["Select a measure to include"]


def test_forms_editor_preview_of_a_one_question_page_has_the_question_as_its_heading(
    client, signed_in_owner, adult
):
    shown = BeautifulSoup(
        client.get(f"{FORMS}/versions/{adult.versions[0].id}/preview?page=3").get_data(True),
        "html.parser",
    )
    headings = [h.get_text(" ", strip=True) for h in shown.main.select("h1")]
    assert headings == ["Are you thinking about ending your life or harming yourself?"]
    assert shown.main.select_one("legend h1")


GARBAGE = [
    "",
    "x" * 20_000,
    "\x00\x1b",
    "../../etc",
    "custom.q1|",
    "|",
    "phq9",
    "'; DROP TABLE form;--",
]


def test_forms_editor_garbage_posts_never_fail_with_a_server_error(
    client, signed_in_owner, staff_post, adult
):
    """Odd but harmless words (a title "phq9") may be saved; nothing may answer 500."""
    url = duplicate_adult(client, staff_post, adult)
    base = edit_url(url, 1)
    statuses = set()
    for value in GARBAGE:
        for path, data in [
            ("/move", {"item": value, "direction": value}),
            ("/remove", {"item": value + "?"}),
            ("/pages", {"page-title": value}),
            ("/title", {"form-title": value}),
            ("/measures", {"measure": value}),
            ("/question?page=practical", question(type=value, text=value, condition=value)),
            ("/question?item=reasons.hopes", question(options=value, condition=value)),
        ]:
            statuses.add(staff_post(base + path, data).status_code)
    assert statuses <= {302, 400, 404}, statuses
    assert definition.load(version(url, 1).definition)


def test_forms_editor_second_change_on_the_published_version_points_to_the_draft(
    client, signed_in_owner, staff_post, adult
):
    staff_post(edit_url(ADULT_URL, 1, "/question?page=practical"), question())
    again = staff_post(
        edit_url(ADULT_URL, 1, "/question?page=practical"), question(text="A second question?")
    )
    assert again.status_code == 409
    assert errors_on(again) == [
        "Version 2 is already a draft of this form. Make your change there, so none of the "
        "changes it holds are lost."
    ]
    assert [v.version for v in service.by_url(ADULT_URL).versions] == [1, 2]
    assert "What name does your pet answer to?" in version(ADULT_URL, 2).definition
