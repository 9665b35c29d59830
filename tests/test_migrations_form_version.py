"""Migration 0012: intakes made before forms became data answered version 1 of the adult form."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal.db import db
from portal.questionnaires import ADULT_URL


def test_existing_intakes_become_version_1_of_the_adult_form(app, make_intake):
    made = [make_intake().id for _ in range(2)]
    db.session.remove()
    downgrade(revision="0011")
    with db.engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM intake")).keys()
    assert "form_url" not in columns
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, form_url, form_version FROM intake")).all()
    assert sorted(rows) == sorted((intake_id, ADULT_URL, 1) for intake_id in made)
