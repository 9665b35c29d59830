"""Migration 0013: forms and versions; an upgraded install's old intakes find their questions."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from portal.db import db
from portal.models import Intake
from portal.questionnaires import definition, service


def test_upgrade_to_forms_then_seed_gives_old_intakes_their_form_version(app, make_intake):
    made = make_intake().id
    db.session.remove()
    downgrade(revision="0012")
    assert "form_version" not in inspect(db.engine).get_table_names()
    upgrade()
    db.session.remove()
    service.ensure_builtin_forms()
    db.session.commit()
    intake = db.session.get(Intake, made)
    form = service.by_url(intake.form_url)
    version = service.find_version(form, intake.form_version)
    assert version.is_published
    asked = definition.cached(version.definition).item("about.full_name")["text"]
    assert asked == "Full name"
    assert db.session.scalars(select(Intake.id)).all() == [made]
