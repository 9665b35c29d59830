"""The built-in adult form as data says exactly what the hand-written journey says."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from portal.db import db
from portal.intake import measures as published
from portal.models import AuditEvent, Form, FormVersion
from portal.questionnaires import (
    ADULT_FIRST_VERSION,
    ADULT_URL,
    COUPLE_URL,
    GUARDIAN_URL,
    SHORT_URL,
    definition,
    rules,
)
from portal.questionnaires.service import builtin_text, ensure_builtin_forms
from tests import handwritten_forms as hw
from tests.fixtures_clinician import page_text


def adult() -> dict:
    """The shipped adult definition."""
    return json.loads(builtin_text("adult.json"))


def questions(group: dict) -> list[hw.Question]:
    """The questions of a page of the definition, in order, as the hand-written forms see them."""
    found = []
    for item, _parents in rules.walk(group["item"]):
        if item["type"] in ("group", "display"):
            continue
        choices = tuple(
            (o["valueCoding"]["code"], o["valueCoding"]["display"])
            for o in item.get("answerOption", [])
        )
        found.append(
            hw.Question(
                link_id=item["linkId"],
                type=item["type"],
                label=item["text"],
                choices=choices,
                # A measure's follow-up is required only while enabled (an item above the
                # lowest answer): the hand-written page shows it always and needs it then.
                required=bool(item.get("required")) and not item.get("enableWhen"),
                message=rules.extension(item, rules.REQUIRED_MESSAGE),
                max_length=item.get("maxLength"),
                repeats=bool(item.get("repeats")),
            )
        )
    return found


def test_forms_builtin_adult_has_the_hand_written_pages_in_order(app):
    pages = adult()["item"]
    with app.test_request_context():
        expected = hw.pages()
    assert [rules.extension(p, rules.PAGE) for p in pages] == [slug for slug, _t, _q in expected]
    assert [p["text"] for p in pages] == [title for _s, title, _q in expected]


def test_forms_builtin_adult_questions_match_the_hand_written_forms(app):
    """Labels, choices, required flags, messages and limits: the two cannot drift apart."""
    with app.test_request_context():
        expected = hw.pages()
    for group, (slug, _title, asked) in zip(adult()["item"], expected, strict=True):
        assert questions(group) == asked, slug


def test_forms_builtin_adult_pages_show_the_definitions_hints_and_notes(client):
    for group in adult()["item"]:
        response = client.get(f"/intake/{rules.extension(group, rules.PAGE)}")
        if response.status_code == 404:  # the area page, for a practice without areas
            continue
        text = page_text(response)
        for item, _parents in rules.walk(group["item"]):
            hint = rules.extension(item, rules.HINT)
            assert hint is None or " ".join(hint.split()) in text, item["linkId"]
            if item["type"] == "display":
                assert " ".join(item["text"].split()) in text, item["linkId"]


def test_forms_builtin_adult_measures_and_safety_by_extension():
    data = adult()
    blocks = {rules.extension(i, rules.MEASURE): i for i, _p in rules.walk(data["item"])}
    assert {"phq9", "gad7"} <= set(blocks)
    asked = [c["text"] for c in blocks["phq9"]["item"] if c["type"] == "choice"]
    assert asked == [*published.PHQ9_ITEMS, published.PHQ9_DIFFICULTY]
    marked = [i["linkId"] for i, _p in rules.walk(data["item"]) if rules.extension(i, rules.SAFETY)]
    assert marked == ["eligibility.safety_risk"]


def test_forms_builtin_adult_validates_for_publishing():
    data = adult()
    assert definition.errors_in(data, publishing=True) == []
    assert (data["url"], data["version"], data["status"]) == (ADULT_URL, "1", "active")


def test_forms_builtin_seeded_once_as_published_version_1(app):
    ensure_builtin_forms()
    ensure_builtin_forms()
    db.session.commit()
    form = db.session.scalars(select(Form).where(Form.url == ADULT_URL)).one()
    (version,) = form.versions
    assert (form.slug, form.is_offered, version.version) == ("adult", True, ADULT_FIRST_VERSION)
    assert version.is_published and version.published_at is not None
    assert version.definition == builtin_text("adult.json")
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["form.create", "form.draft", "form.publish"] * 4  # each built-in form
    assert db.session.scalar(select(func.count(FormVersion.id))) == 4
    for url, slug in ((GUARDIAN_URL, "guardian"), (COUPLE_URL, "couple"), (SHORT_URL, "short")):
        other = db.session.scalars(select(Form).where(Form.url == url)).one()
        assert other.slug == slug and not other.is_offered  # the practice chooses


def _install_english_adult(edit=None) -> Form:
    """An install from before the adult form had its Spanish words (maybe edited since)."""
    from portal.questionnaires import service, translations

    english = translations.stripped(adult())
    service.publish(service.create_form(english, None, slug="adult"), None)
    form = service.by_url(ADULT_URL)
    if edit is not None:
        edit(service, form, english)
    db.session.commit()
    return form


def test_forms_builtin_an_update_that_only_adds_spanish_is_published_as_a_new_version(app):
    form = _install_english_adult()
    first = form.versions[0].definition
    (added, *others) = [v for v in ensure_builtin_forms() if v.form.url == ADULT_URL]
    db.session.commit()
    assert not others and added.version == 2 and added.is_published
    assert json.loads(added.definition)["item"] == adult()["item"]
    assert form.versions[0].definition == first  # old intakes keep the words they read
    assert [v for v in ensure_builtin_forms() if v.form.url == ADULT_URL] == []  # once


def test_forms_builtin_update_never_overrides_the_practices_own_edits(app):
    def edit(service, form, english):
        english["item"][0]["text"] = "Are you an adult?"
        service.publish(service.new_draft(form, english, None), None)

    form = _install_english_adult(edit)
    assert [v for v in ensure_builtin_forms() if v.form.url == ADULT_URL] == []
    assert [v.version for v in form.versions] == [1, 2]


def test_forms_builtin_update_waits_while_a_draft_is_open(app):
    form = _install_english_adult(
        lambda service, form, english: service.new_draft(form, english, None)
    )
    assert [v for v in ensure_builtin_forms() if v.form.url == ADULT_URL] == []
    assert [v.status for v in form.versions] == ["published", "draft"]


def test_forms_builtin_update_never_drops_a_translation_the_practice_added(app):
    from portal.questionnaires import translations

    def edit(service, form, english):
        translations.set_translation(english, "title", "cy", "I mi fy hun")
        service.publish(service.new_draft(form, english, None), None)

    form = _install_english_adult(edit)
    assert [v for v in ensure_builtin_forms() if v.form.url == ADULT_URL] == []
    assert len(form.versions) == 2
