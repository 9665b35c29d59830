"""Pinned copy of the hand-written page order, the practice's changes and the risk rule."""

from __future__ import annotations

from dataclasses import dataclass

from bench.reference_intake import forms
from bench.reference_intake.choices import OUTSIDE_AREA
from portal.intake import locale


@dataclass(frozen=True)
class Step:
    """One question page: its URL slug, form, answers section and page title."""

    slug: str
    form: type[forms.IntakeForm]
    section: str
    title: str


STEPS = (
    Step("age", forms.AgeForm, "eligibility", "Are you 18 or older?"),
    Step("where-you-live", forms.AreaForm, "eligibility", "Where do you live?"),
    Step(
        "safety",
        forms.SafetyForm,
        "eligibility",
        "Are you thinking about ending your life or harming yourself?",
    ),
    Step("about-you", forms.AboutForm, "about", "About you"),
    Step("what-brings-you", forms.ReasonsForm, "reasons", "What brings you here"),
    Step("mood", forms.Phq9Form, "phq9", "How you have been feeling: mood"),
    Step("worry", forms.Gad7Form, "gad7", "How you have been feeling: worry"),
    Step("practical", forms.PracticalForm, "practical", "Practical details"),
    Step("consent", forms.ConsentForm, "consent", "Privacy and consent"),
)
BY_SLUG = {step.slug: step for step in STEPS}


def build_form(step: Step, section: dict, practice, formdata=None) -> forms.IntakeForm:
    """The page's form, filled from the posted data or else from the saved answers."""
    form = step.form(formdata=formdata, data=None if formdata else step.form.load(section))
    if step.slug == "age":
        form.age_ok.label.text = f"Are you {practice.min_age} or older?"
        form.age_ok.validators[0] = forms.required(
            f"Select yes if you are {practice.min_age} or older"
        )
    if step.slug == "about-you":
        local = locale.conventions(practice)
        form.region.label.text = local.region_label
        form.region.validators[-1] = forms.required(local.region_message)
    if step.slug == "where-you-live":
        form.area.choices = [(a, a) for a in practice.service_areas] + [
            (OUTSIDE_AREA, "Somewhere else")
        ]
    return form


def is_risk_answer(step: Step, form: forms.IntakeForm) -> bool:
    """The direct safety question answered yes, or PHQ-9 item 9 above zero."""
    if step.slug == "safety":
        return form.safety_risk.data == "yes"
    return step.slug == "mood" and (form.item_8.data or 0) > 0
