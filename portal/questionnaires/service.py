"""Form services: drafts, publishing (which freezes a version), import, export, the built-ins.

Every definition is stored as the JSON it was given, with its `version` set to the row's
number and its `status` to draft or active, so an exported file says what it is. Callers
commit; every change writes an audit row.
"""

from __future__ import annotations

import json
import re
from importlib import resources

from sqlalchemy import func, select

from portal.db import db
from portal.models import Form, FormVersion
from portal.models.base import utcnow
from portal.models.forms import FrozenVersionError
from portal.questionnaires import coverage, definition, translations
from portal.security import audit

BUILTINS = (  # (slug, file, offered on the start page)
    ("adult", "adult.json", True),
    ("guardian", "guardian.json", False),
    ("couple", "couple.json", False),
    ("short", "short.json", False),
)


class FormError(ValueError):
    """A form operation refused; `errors` holds every reason as a sentence."""

    def __init__(self, errors: list[str]) -> None:
        """Keep the reasons; the message is them all, one per line."""
        super().__init__("\n".join(errors))
        self.errors = errors


def by_slug(slug: str) -> Form | None:
    """The form with this address, if any."""
    return db.session.scalars(select(Form).where(Form.slug == slug)).first()


def by_url(url: str) -> Form | None:
    """The form with this canonical url, if any."""
    return db.session.scalars(select(Form).where(Form.url == url)).first()


def all_forms() -> list[Form]:
    """Every form, by title."""
    return list(db.session.scalars(select(Form).order_by(Form.title, Form.id)))


def published_version(form: Form) -> FormVersion | None:
    """The newest published version: the one new intakes answer."""
    found = [v for v in form.versions if v.is_published]
    return found[-1] if found else None


def find_version(form: Form, number: int | None = None) -> FormVersion | None:
    """Version `number`, or (None) the published one, else the newest draft."""
    if number is None:
        return published_version(form) or (form.versions[-1] if form.versions else None)
    return next((v for v in form.versions if v.version == number), None)


def parsed(version: FormVersion) -> definition.Definition:
    """A version's definition, parsed once per process (a published text never changes)."""
    return definition.cached(version.definition)


def _stored_text(data: dict, number: int, status: str) -> str:
    """The definition as stored: its own JSON with this row's version and status."""
    stamped = {**data, "version": str(number), "status": status}
    return json.dumps(stamped, indent=2, ensure_ascii=False) + "\n"


def _checked(data: dict, publishing: bool = False) -> definition.Definition:
    """The validated definition, or a FormError with every reason."""
    try:
        return definition.validate(data, publishing)
    except definition.DefinitionError as exc:
        raise FormError(exc.errors) from None


def create_form(data: dict, actor_id: int | None, slug: str | None = None) -> FormVersion:
    """A new form from a definition whose url is not yet known; its version 1 is a draft."""
    parsed = _checked(data)
    if by_url(parsed.url) is not None:
        raise FormError([f"A form with the url {parsed.url} already exists."])
    form = Form(slug=slug or _free_slug(parsed.url), url=parsed.url, title=data["title"])
    db.session.add(form)
    db.session.flush()
    audit.record("form.create", actor_id, "form", form.id, {"slug": form.slug})
    return _add_version(form, data, actor_id)


def new_draft(form: Form, data: dict, actor_id: int | None) -> FormVersion:
    """Editing a form: a new draft version after the newest one; published ones stay as they are."""
    _checked(data)
    if data.get("url") != form.url:
        raise FormError([f"The definition's url must stay {form.url}."])
    return _add_version(form, data, actor_id)


def _add_version(form: Form, data: dict, actor_id: int | None) -> FormVersion:
    """Insert the next version number as a draft, audited."""
    number = (
        db.session.scalar(
            select(func.max(FormVersion.version)).where(FormVersion.form_id == form.id)
        )
        or 0
    ) + 1
    version = FormVersion(
        form=form,
        version=number,
        status="draft",
        definition=_stored_text(data, number, "draft"),
        created_by_id=actor_id,
    )
    db.session.add(version)
    db.session.flush()
    audit.record("form.draft", actor_id, "form_version", version.id, {"version": number})
    return version


def update_draft(version: FormVersion, data: dict, actor_id: int | None) -> FormVersion:
    """Change a draft's definition in place; a published version is refused (make a new draft)."""
    if version.is_published:
        raise FrozenVersionError(f"Version {version.version} is published; edit a new draft.")
    _checked(data)
    if data.get("url") != version.form.url:
        raise FormError([f"The definition's url must stay {version.form.url}."])
    version.definition = _stored_text(data, version.version, "draft")
    audit.record("form.edit", actor_id, "form_version", version.id, {"version": version.version})
    return version


def publish(version: FormVersion, actor_id: int | None) -> FormVersion:
    """Validate fully (the safety question included) and freeze the version."""
    if version.is_published:
        raise FrozenVersionError(f"Version {version.version} is already published.")
    data = json.loads(version.definition)
    _checked(data, publishing=True)
    version.definition = _stored_text(data, version.version, "active")
    version.status = "published"
    version.published_at = utcnow()
    version.form.title = data["title"]
    audit.record("form.publish", actor_id, "form_version", version.id, {"version": version.version})
    return version


def import_definition(text: str, publish_it: bool, actor_id: int | None) -> FormVersion:
    """A file's definition as a new draft of its form (by url) or of a new form; maybe publish.

    Everything is checked before any row is added, so a refused file changes nothing.
    """
    try:
        data = definition.parse_json(text)
    except definition.DefinitionError as exc:
        raise FormError(exc.errors) from None
    _checked(data, publishing=publish_it)
    form = by_url(data["url"])
    version = create_form(data, actor_id) if form is None else new_draft(form, data, actor_id)
    audit.record("form.import", actor_id, "form_version", version.id, {"url": data["url"]})
    return publish(version, actor_id) if publish_it else version


def export_definition(form: Form, number: int | None = None) -> str:
    """The stored JSON of a version (default: the published one), exactly as stored."""
    version = find_version(form, number)
    if version is None:
        raise FormError([f"The form {form.slug} has no version {number}."])
    return version.definition


def ensure_builtin_forms() -> list[FormVersion]:
    """Add each built-in form as published version 1 when its url is missing, and publish a
    shipped update that only adds translations to a form still as shipped (idempotent)."""
    added = []
    for slug, filename, offered in BUILTINS:
        data = definition.parse_json(builtin_text(filename))
        form = by_url(data["url"])
        if form is None:
            version = create_form(data, None, slug=slug)
            version.form.is_offered = offered
            added.append(publish(version, None))
        elif _takes_update(form, data):
            added.append(publish(new_draft(form, data, None), None))
    return added


def _takes_update(form: Form, data: dict) -> bool:
    """True when the newest version is published and the shipped file only adds
    translations to it; a practice's own edits or a pending draft are never overridden."""
    newest = form.versions[-1] if form.versions else None
    return (
        newest is not None
        and newest.is_published
        and translations.only_adds(json.loads(newest.definition), data)
    )


def builtin_text(filename: str) -> str:
    """The JSON text of a built-in definition shipped with the package."""
    return resources.files("portal.questionnaires").joinpath("builtin", filename).read_text("utf-8")


def _free_slug(url: str) -> str:
    """An unused address from the url's last part ("…:questionnaire:couple" gives "couple")."""
    base = re.sub(r"[^a-z0-9]+", "-", re.split(r"[:/]", url.rstrip("/:"))[-1].lower()).strip("-")
    base, slug, n = base or "form", base or "form", 1
    while by_slug(slug) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


# The form editor (/clinician/forms) uses the functions below; they build on the ones above.


def duplicate_form(source: FormVersion, title: str, actor_id: int | None) -> FormVersion:
    """A new custom form copied from a version (a built-in too): its own url, draft version 1."""
    data = json.loads(source.definition)
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "form"
    slug = _free_slug(f"urn:practice-portal:questionnaire:{stem}")
    while by_url(f"urn:practice-portal:questionnaire:{slug}") is not None:
        slug = _free_slug(f"urn:practice-portal:questionnaire:{slug}-copy")
    url = f"urn:practice-portal:questionnaire:{slug}"
    copied = _as_copy(data, url, title.strip())
    version = create_form(copied, actor_id, slug=slug)
    detail = {"from": source.form.slug, "from_version": source.version}
    audit.record("form.duplicate", actor_id, "form", version.form.id, detail)
    return version


def _as_copy(data: dict, url: str, title: str) -> dict:
    """A copy's definition: its own url and title, in English until the author declares
    a language again (its words keep their translations; the questions they add have none
    yet, and publishing would refuse a declared language they lack)."""
    return {**coverage.declare(data, []), "url": url, "title": title, "status": "draft"}


def save_edit(version: FormVersion, data: dict, actor_id: int | None, change: dict) -> FormVersion:
    """One editor change: a draft is updated, a published version gets a new draft (never edited).

    `change` (what the editor did, e.g. {"change": "question.add", "item": "custom.q1"}) is
    audited beside the version write so the log says what changed, not only that it did.
    """
    if version.is_published:
        _no_newer_draft(version)
        saved = new_draft(version.form, data, actor_id)
    else:
        saved = update_draft(version, data, actor_id)
    audit.record("form.change", actor_id, "form_version", saved.id, change)
    return saved


def _no_newer_draft(version: FormVersion) -> None:
    """Refuse a change made on a published version when a newer draft already holds changes.

    A second draft started from the published text would leave the first one's changes behind
    (two tabs, or a page opened before someone else's edit).
    """
    newer = [v for v in version.form.versions if not v.is_published and v.version > version.version]
    if newer:
        raise FormError(
            [
                f"Version {newer[-1].version} is already a draft of this form. Make your change "
                "there, so none of the changes it holds are lost."
            ]
        )


def offered_versions() -> list[FormVersion]:
    """The published versions the intake start page offers, in the order the forms were made."""
    offered = db.session.scalars(select(Form).where(Form.is_offered).order_by(Form.id))
    return [v for form in offered if (v := published_version(form)) is not None]


def set_offered(form: Form, offered: bool, actor_id: int | None) -> None:
    """Offer a form on the start page (once it has a published version) or stop; audited.

    The last form offered stays: with none, clients would have nothing to start.
    """
    if offered and published_version(form) is None:
        raise FormError([f"Publish “{form.title}” before offering it on the start page."])
    others = [v for v in offered_versions() if v.form_id != form.id]
    if not offered and not others:
        raise FormError(
            [f"“{form.title}” is the only form offered. Offer another one before you stop this."]
        )
    form.is_offered = offered
    audit.record("form.offer" if offered else "form.withdraw", actor_id, "form", form.id, {})


def intake_counts() -> dict[tuple[str, int], int]:
    """How many intakes answered each form version, by (form url, version number)."""
    from portal.models import Intake

    rows = db.session.execute(
        select(Intake.form_url, Intake.form_version, func.count(Intake.id)).group_by(
            Intake.form_url, Intake.form_version
        )
    )
    return {(url, number): count for url, number, count in rows}
