"""Migration 0014: intakes sent from a link point back at the one they came from; upgrading
keeps every intake and its history."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal.db import db
from portal.models import IntakeEvent


def test_existing_intakes_and_their_history_survive_the_link_columns(app, make_intake):
    made = sorted(make_intake().id for _ in range(2))
    for intake_id in made:  # history rows, whose foreign key a rebuilt table must keep
        db.session.add(IntakeEvent(intake_id=intake_id, kind="status", to_value="contacted"))
    db.session.commit()
    db.session.remove()
    with db.engine.connect() as connection:
        events = connection.execute(text("SELECT count(*) FROM intake_event")).scalar()
    downgrade(revision="0013")
    with db.engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM intake")).keys()
    assert {"partner_of_id", "follows_id", "language"}.isdisjoint(columns)
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, partner_of_id, follows_id, language FROM intake ORDER BY id")
        ).all()
        kept = connection.execute(text("SELECT count(*) FROM intake_event")).scalar()
    assert rows == [(intake_id, None, None, "en") for intake_id in made]
    assert kept == events == 2


def test_deleting_the_first_part_leaves_the_second_standing_alone(app, make_intake):
    first, second = make_intake(), make_intake()
    second.partner_of_id = first.id
    db.session.commit()
    second_id = second.id
    db.session.delete(first)
    db.session.commit()
    db.session.expire_all()
    with db.engine.connect() as connection:
        row = connection.execute(
            text("SELECT partner_of_id FROM intake WHERE id = :id"), {"id": second_id}
        ).one()
    assert row == (None,)
