"""Migration 0011: existing practices keep the country they effectively had, with its zone."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal.db import db
from portal.practice import default_practice


@pytest.mark.parametrize(
    ("preset", "country", "zone"),
    [
        ("UK", "UK", "Europe/London"),
        ("US", "US", "America/New_York"),
        ("custom", "US", "America/New_York"),
    ],
)
def test_upgrade_keeps_the_country_the_practice_had(app, preset, country, zone):
    db.session.add(default_practice("Harbour Light Counselling"))
    db.session.commit()
    db.session.remove()
    downgrade(revision="0010")
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE practice SET help_preset = :p"), {"p": preset})
    upgrade()
    with db.engine.connect() as connection:
        row = connection.execute(text("SELECT help_preset, country, time_zone FROM practice")).one()
    assert tuple(row) == (preset, country, zone)
