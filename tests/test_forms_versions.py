"""Form versions: drafts, publishing, and a published version that never changes."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.models import AuditEvent, Form, FormVersion
from portal.models.forms import FrozenVersionError
from portal.questionnaires import rules, service
from tests.forms_samples import form


def actions() -> list[str]:
    """The audit actions written so far, oldest first."""
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def published_form() -> FormVersion:
    """A new form whose version 1 is published and committed."""
    version = service.publish(service.create_form(form(), None), None)
    db.session.commit()
    return version


def test_forms_versions_create_then_publish_freezes_and_audits(app):
    draft = service.create_form(form(), None)
    assert (draft.version, draft.status, draft.form.slug) == (1, "draft", "test")
    assert json.loads(draft.definition)["status"] == "draft"
    service.publish(draft, None)
    db.session.commit()
    assert draft.is_published and json.loads(draft.definition)["status"] == "active"
    assert actions() == ["form.create", "form.draft", "form.publish"]


def test_forms_versions_published_definition_cannot_be_updated_by_the_service(app):
    version = published_form()
    with pytest.raises(FrozenVersionError):
        service.update_draft(version, form(title="Rewritten"), None)
    db.session.rollback()
    assert json.loads(db.session.get(FormVersion, version.id).definition)["title"] == "Test form"


def test_forms_versions_published_row_cannot_change_even_by_a_careless_caller(app):
    """Setting the column directly and committing is refused at flush: history stays."""
    version = published_form()
    before = version.definition
    version.definition = before.replace("Test form", "Rewritten")
    with pytest.raises(FrozenVersionError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(FormVersion, version.id).definition == before
    db.session.delete(db.session.get(FormVersion, version.id))
    with pytest.raises(FrozenVersionError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(FormVersion.id))) == 1


def test_forms_versions_editing_a_published_form_makes_a_new_draft(app):
    first = published_form()
    second = service.new_draft(first.form, form(title="Second wording"), None)
    db.session.commit()
    assert (second.version, second.status) == (2, "draft")
    assert json.loads(first.definition)["title"] == "Test form"
    assert service.published_version(first.form) is first
    service.update_draft(second, form(title="Third wording"), None)
    service.publish(second, None)
    db.session.commit()
    assert service.published_version(first.form) is second
    assert first.form.title == "Third wording"
    assert actions()[-3:] == ["form.draft", "form.edit", "form.publish"]


def test_forms_versions_publishing_needs_the_safety_question(app):
    data = form()
    data["item"].pop(0)
    draft = service.create_form(data, None)
    with pytest.raises(service.FormError) as caught:
        service.publish(draft, None)
    assert caught.value.errors == [rules.NO_SAFETY]
    db.session.commit()
    assert db.session.get(FormVersion, draft.id).status == "draft"


def test_forms_versions_draft_url_must_stay_the_forms(app):
    first = published_form()
    with pytest.raises(service.FormError, match="url must stay"):
        service.new_draft(first.form, form(url="urn:practice-portal:questionnaire:other"), None)
    assert db.session.scalar(select(func.count(Form.id))) == 1
