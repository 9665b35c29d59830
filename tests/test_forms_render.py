"""A page built from the adult definition has the hand-written page's fields and behaves alike."""

from __future__ import annotations

import copy

import pytest
from werkzeug.datastructures import MultiDict

from bench.reference_intake import steps as flow  # the pinned hand-written pages
from portal.questionnaires import definition, render
from portal.questionnaires.service import builtin_text
from tests.fixtures_intake import sample_answers

SKIP = ("website", "csrf_token", "text_sha256")  # added by every page / the consent view
AREA = [("Springfield", "Springfield")]


def adult() -> definition.Definition:
    """The built-in adult definition, parsed."""
    return definition.cached(builtin_text("adult.json"))


def closure(check) -> tuple:
    """The message or limit a validator factory captured (empty for plain validators)."""
    code = getattr(check, "__code__", None)
    if code is None:
        return ()
    cells = zip(code.co_freevars, check.__closure__ or (), strict=True)
    return tuple((name, cell.cell_contents) for name, cell in cells if name in ("message", "limit"))


def describe(form) -> list[tuple]:
    """Each field as a person and the checks meet it: name, kind, label, choices, checks."""
    described = []
    for field in form:
        if field.name in SKIP:
            continue
        choices = list(field.iter_choices()) if hasattr(field, "iter_choices") else None
        checks = [
            (getattr(v, "__qualname__", type(v).__name__), closure(v)) for v in field.validators
        ]
        coerce = getattr(field, "coerce", None)
        described.append((field.name, field.type, field.label.text, choices, coerce, checks))
    return described


def both(step: flow.Step, formdata=None):
    """The hand-written page's form and the one built from the definition, filled alike."""
    made = render.page_form(adult(), step.slug)
    hand, built = (
        step.form(formdata=formdata, meta={"csrf": False}),
        made(formdata=formdata, meta={"csrf": False}),
    )
    if step.slug == "where-you-live":
        hand.area.choices = built.area.choices = AREA
    return hand, built


@pytest.mark.parametrize("step", flow.STEPS, ids=lambda s: s.slug)
def test_forms_render_page_has_the_hand_written_fields(app, step):
    with app.test_request_context():
        hand, built = both(step)
        assert describe(built) == describe(hand)
    made = render.page_form(adult(), step.slug)
    assert made.FIELDS == step.form.FIELDS
    assert getattr(made, "ITEM_COUNT", None) == getattr(step.form, "ITEM_COUNT", None)
    assert getattr(made, "STEM", None) == getattr(step.form, "STEM", None)


@pytest.mark.parametrize("step", flow.STEPS, ids=lambda s: s.slug)
def test_forms_render_empty_page_gives_the_same_messages(app, step):
    with app.test_request_context(method="POST"):
        hand, built = both(step, MultiDict())
        assert hand.validate() is built.validate() is False
        assert built.errors == hand.errors


def posted(step: flow.Step) -> MultiDict:
    """The sample answers of a page as a browser would post them."""
    section = copy.deepcopy(sample_answers()[step.section])
    section["area"] = "Springfield"
    pairs = []
    for name, value in step.form.load(section).items():
        if value is True:
            value = "y"
        pairs += (
            [(name, str(v)) for v in value] if isinstance(value, list) else [(name, str(value))]
        )
    return MultiDict(pairs)


@pytest.mark.parametrize("step", flow.STEPS, ids=lambda s: s.slug)
def test_forms_render_answered_page_stores_the_same_section(app, step):
    with app.test_request_context(method="POST"):
        hand, built = both(step, posted(step))
        assert hand.validate(), hand.errors
        assert built.validate(), built.errors
        assert built.dump() == hand.dump()
