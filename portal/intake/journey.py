"""The adult journey as data: pages, page forms and risk rules of a published form version.

A version's pages are built once per process (a published version never changes) and the
request only asks which version is published. What stays practice-driven is applied by
portal.intake.flow on top: the minimum age, the country's wording, the service areas.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from flask import current_app, g, has_request_context, session
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField

from portal import i18n
from portal.db import db
from portal.intake import forms
from portal.models import Form, FormVersion
from portal.questionnaires import (
    ADULT_FIRST_VERSION,
    ADULT_URL,
    conditions,
    coverage,
    measures,
    render,
    rules,
    translations,
)
from portal.questionnaires.definition import Definition, cached
from portal.questionnaires.service import FormError, builtin_text, ensure_builtin_forms

AGE_FIELD = "age_ok"  # the eligibility question that carries the practice's minimum age
FORM_KEY = "intake_form"  # in the session: the url of the form chosen on the start page


def with_min_age(text: str, min_age: int) -> str:
    """The age question's words with the practice's own minimum age (the definition says 18)."""
    return text.replace("18", str(min_age))


@dataclass(frozen=True)
class Step:
    """One question page: its slug, form class, answers section, title and what it flags."""

    slug: str
    form: type[forms.IntakeForm]
    section: str
    title: str
    safety: tuple[str, ...] = ()  # fields marked as the direct safety question
    measure: str | None = None  # the library measure the page holds, if any
    options_from: tuple[tuple[str, str], ...] = ()  # (field, source) set by the practice
    practice_texts: tuple[str, ...] = ()  # the practice statements shown (privacy, consent)
    items: dict = field(compare=False, default_factory=dict)  # field name: its definition item
    hints: dict = field(compare=False, default_factory=dict)  # field name: its help text
    notes: dict = field(compare=False, default_factory=dict)  # display item name: its words
    page: dict = field(compare=False, default_factory=dict)  # the definition's page group
    hand_written: bool = False  # exactly a built-in page, so its own template draws it
    shared: bool = False  # a couple answers it once, in the part of the partner who starts


@dataclass(frozen=True)
class Journey:
    """The pages of one form version, in order."""

    url: str
    version: int
    definition: Definition
    steps: tuple[Step, ...]
    by_slug: dict = field(compare=False, default_factory=dict)
    where: dict = field(compare=False, default_factory=dict)  # linkId: (section, field name)
    is_partner: bool = False  # the second partner's part of a couple's form: no shared pages
    lang: str = "en"  # the language its words are in

    @property
    def is_couple(self) -> bool:
        """True for a couple's form, whose first partner's answers invite the other one."""
        return any(step.shared for step in self.steps)

    @cached_property
    def partner_part(self) -> Journey:
        """The pages the second partner answers through their own link: none of the shared."""
        steps = tuple(step for step in self.steps if not step.shared)
        own = {item["linkId"] for step in steps for item in step.items.values()}
        return replace(
            self,
            steps=steps,
            by_slug={step.slug: step for step in steps},
            where={link: place for link, place in self.where.items() if link in own},
            is_partner=True,
        )

    def partner_email(self, answers: dict) -> str:
        """The address the first partner gave for the other one ("" when there is none)."""
        lookup = self.lookup(answers)
        return next(
            (
                str(lookup(item["linkId"]) or "").strip()
                for step in self.steps
                for item in step.items.values()
                if rules.extension(item, rules.PARTNER_EMAIL)
            ),
            "",
        )

    def step(self, slug: str) -> Step | None:
        """The page with this address, if the form has one."""
        return self.by_slug.get(slug)

    def lookup(self, answers: dict) -> conditions.Lookup:
        """Answers by linkId, wherever the draft keeps them (a page stores by its section)."""

        def answer(link_id: str):
            """The stored answer of the question with this linkId (None when not answered)."""
            section, name = self.where.get(link_id, ("", ""))
            return (answers.get(section) or {}).get(name)

        return answer

    def skips(self, step: Step, answers: dict) -> bool:
        """True when none of the page's questions applies, given the other pages' answers."""
        shown_if = [i for i in step.items.values() if i.get("enableWhen")]
        if not step.items or len(shown_if) < len(step.items):
            return False
        own = {item["linkId"] for item in step.items.values()}
        lookup = self.lookup(answers)
        return all(
            not conditions.targets(i) & own and not conditions.enabled(i, lookup) for i in shown_if
        )


class ContactChecks:
    """Email and phone format checks for a page asking them (not expressible in the subset);
    a couple's partner email must also not be the person's own."""

    PARTNER_EMAIL: str | None = None  # the field holding the other partner's address

    def validate(self, extra_validators=None) -> bool:
        """The page's own checks, then the email format and the phone a phone contact needs."""
        ok = super().validate(extra_validators)
        emails = [n for n in dict.fromkeys(("email", self.PARTNER_EMAIL)) if n in self._fields]
        for name in emails:
            if not self[name].errors:
                forms.valid_email_into(self[name])
        if self.PARTNER_EMAIL in emails and not self[self.PARTNER_EMAIL].errors:
            self._not_own_email(self[self.PARTNER_EMAIL])
        if "phone" in self._fields and not self.phone.errors:
            method = self.contact_method.data if "contact_method" in self._fields else None
            forms.valid_phone_into(self.phone, method)
        checked = [*emails, *(["phone"] if "phone" in self._fields else [])]
        return ok and not any(self[name].errors for name in checked)

    def _not_own_email(self, field) -> None:
        """The other partner gets their own link, so their address cannot be the person's."""
        own = str(self._answer("about.email") or "").strip().casefold()
        if own and own == (field.data or "").strip().casefold():
            field.errors.append(_("Enter your partner's email address, not your own"))


def _page_form(definition: Definition, slug: str, consent: bool) -> type[forms.IntakeForm]:
    """The page's form class, plus the contact checks and the consent statement's hash."""
    made = render.page_form(definition, slug)
    partner = [
        render.field_name(item)
        for item, _p in rules.walk(render.page_group(definition, slug)["item"])
        if rules.extension(item, rules.PARTNER_EMAIL)
    ]
    if {"email", "phone"} & set(made.FIELDS) or partner:
        made = type(made.__name__, (ContactChecks, made), {"PARTNER_EMAIL": (partner or [None])[0]})
    if consent:
        made = type(made.__name__, (made,), {"text_sha256": HiddenField()})
    return made


def _step(definition: Definition, group: dict) -> Step:
    """One page of the definition as a Step."""
    slug = rules.extension(group, rules.PAGE)
    questions = [i for i, _p in rules.walk(group["item"]) if i["type"] not in ("group", "display")]
    blocks = [i for i, _p in rules.walk(group["item"]) if rules.extension(i, rules.MEASURE)]
    texts = tuple(
        rules.extension(i, rules.PRACTICE_TEXT)
        for i, _p in rules.walk(group["item"])
        if rules.extension(i, rules.PRACTICE_TEXT)
    )
    return Step(
        slug=slug,
        form=_page_form(definition, slug, "consent" in texts),
        section=questions[0]["linkId"].split(".", 1)[0],
        title=group.get("text") or "",
        safety=tuple(render.field_name(i) for i in questions if rules.extension(i, rules.SAFETY)),
        measure=rules.extension(blocks[0], rules.MEASURE) if blocks else None,
        options_from=tuple(
            (render.field_name(i), rules.extension(i, rules.OPTIONS_FROM))
            for i in questions
            if rules.extension(i, rules.OPTIONS_FROM)
        ),
        practice_texts=texts,
        items={render.field_name(i): i for i in questions},
        hints={render.field_name(i): rules.extension(i, rules.HINT) for i in questions},
        notes={
            render.field_name(i): i.get("text") or ""
            for i, _p in rules.walk(group["item"])
            if i["type"] == "display"
        },
        page=group,
        hand_written=_builtin_pages().get(slug) == _english(group),
        shared=rules.is_shared(group),
    )


@lru_cache(maxsize=1)
def _builtin_pages() -> dict[str, dict]:
    """The built-in adult pages by address: a page still exactly like one keeps its template."""
    pages = cached(builtin_text("adult.json")).pages()
    return {rules.extension(g, rules.PAGE): _english(g) for g in pages}


def _english(group: dict) -> dict:
    """A page without its translations: the built-in page in English, before or after
    its Spanish words were added."""
    return translations.stripped({"item": [group]})["item"][0]


@lru_cache(maxsize=64)
def build(text: str, lang: str = "en") -> Journey:
    """The journey of a definition's text in one language, built once per process (the
    text is frozen); `lang` other than English only for a form that covers it."""
    definition = cached(text)
    if lang != "en":
        definition = Definition(translations.localized(definition.data, lang), definition.model)
    steps = tuple(_step(definition, group) for group in definition.pages())
    return Journey(
        lang=lang,
        url=definition.url,
        version=int(definition.data.get("version") or 1),
        definition=definition,
        steps=steps,
        by_slug={step.slug: step for step in steps},
        where={
            item["linkId"]: (step.section, name)
            for step in steps
            for name, item in step.items.items()
        },
    )


@lru_cache(maxsize=1)
def builtin_adult() -> Journey:
    """Version 1 of the built-in adult form, from the package (what early intakes answered)."""
    return build(builtin_text("adult.json"))


# Which version is published: asked once a request, so kept to one indexed Core query.
_FORM, _VERSION = Form.__table__, FormVersion.__table__
PUBLISHED = (
    select(_VERSION.c.id)
    .select_from(_VERSION.join(_FORM, _FORM.c.id == _VERSION.c.form_id))
    .where(_FORM.c.url == ADULT_URL, _VERSION.c.status == "published")
    .order_by(_VERSION.c.version.desc())
    .limit(1)
)


def _published_id() -> int | None:
    """The id of the adult form's newest published version."""
    return db.session.connection().execute(PUBLISHED).scalar()


def store_builtin() -> None:
    """Add the built-in forms on first use, in the caller's write (a submission), once.

    Until then pages are built from the package's adult form, which is what its stored
    version 1 will be; so no page view ever has to write.
    """
    if _published_id() is not None:
        return
    try:
        with db.session.begin_nested():
            ensure_builtin_forms()
    except (IntegrityError, FormError):  # a concurrent first submission added them
        pass


@lru_cache(maxsize=64)
def _offered_in(text: str, lang: str) -> bool:
    """True when the definition declares `lang` and has every word a client reads in it
    (publishing refuses a declared language it does not cover; a draft is checked here)."""
    data = cached(text).data
    return lang in coverage.declared(data) and translations.covers(data, lang)


def built(text: str) -> Journey:
    """A stored version's journey, in the visitor's language when the form is offered in it."""
    lang = i18n.current() if has_request_context() else "en"
    return build(text, lang if _offered_in(text, lang) else "en")


def _text_of(version_id: int) -> str:
    """A version's stored text, read once per app (ids belong to the app's own database)."""
    texts = current_app.extensions.setdefault("intake_form_texts", {})
    if version_id not in texts:
        version = db.session.get(FormVersion, version_id)
        if not version.is_published:  # a draft can still change: never keep it
            return version.definition
        texts[version_id] = version.definition
    return texts[version_id]


def current() -> Journey:
    """The journey new intakes answer: the published adult version (looked up once a request)."""
    if "intake_journey" not in g:
        found = _published_id()
        text = builtin_text("adult.json") if found is None else _text_of(found)
        g.intake_journey = built(text)
    return g.intake_journey


def for_draft(data: dict) -> Journey:
    """The version a draft started on; before its first page is saved, the form chosen on
    the start page (drafts from before forms were data: the current adult one). A couple's
    second partner gets the pages that are their own."""
    pinned = data.get("form") or {}
    if pinned:
        found = version_of(pinned.get("url", ADULT_URL), int(pinned.get("version") or 1))
    else:
        found = offered(session.get(FORM_KEY) or ADULT_URL) or current()
    if data.get("partner_of") and found.is_couple:  # the second partner's own link
        found = found.partner_part
    g.draft_journey = found
    return found


def offered(url: str) -> Journey | None:
    """The published journey of a form the start page offers (None when it offers no such)."""
    if url == ADULT_URL:
        return current()
    version_id = db.session.scalar(
        select(FormVersion.id)
        .join(Form)
        .where(Form.url == url, Form.is_offered, FormVersion.status == "published")
        .order_by(FormVersion.version.desc())
        .limit(1)
    )
    return built(_text_of(version_id)) if version_id is not None else None


def version_of(url: str, version: int) -> Journey:
    """The journey of one stored version (the built-in text when it was never stored)."""
    found = current()
    if (found.url, found.version) == (url, version):
        return found
    version_id = db.session.scalar(
        select(FormVersion.id).join(Form).where(Form.url == url, FormVersion.version == version)
    )
    if version_id is not None:
        return built(_text_of(version_id))
    if (url, version) == (ADULT_URL, ADULT_FIRST_VERSION):
        return built(builtin_text("adult.json"))
    raise LookupError(f"No form version {url} {version}.")


def safety_yes(step: Step, section: dict) -> bool:
    """True when the page's safety-marked question is answered yes."""
    return any(section.get(name) == "yes" for name in step.safety)


def measure_risk(step: Step, section: dict) -> bool:
    """True when a risk item of the page's measure is above its lowest option."""
    return step.measure is not None and measures.get(step.measure).is_risk(section.get("items"))


def is_risk_answer(step: Step, form: forms.IntakeForm) -> bool:
    """The safety question answered yes, or a risk item of the page's measure above its lowest."""
    section = form.dump()
    return safety_yes(step, section) or measure_risk(step, section)
