"""The schema comes from migrations, and the migrations give exactly the models."""

from __future__ import annotations

from importlib.metadata import version

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from portal.db import db, include_object
from portal.models import User


def test_upgrade_gives_exactly_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": include_object},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_model_table_exists_after_upgrade(app):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_downgrade_to_first_revision_and_back_keeps_rows(app, make_user):
    """Every later migration can be undone and redone without losing the foundation's rows."""
    from flask_migrate import downgrade, upgrade

    make_user("keeper@example.org")
    db.session.remove()
    downgrade(revision="0001")
    upgrade()
    db.session.remove()
    emails = db.session.scalars(select(User.email)).all()
    assert emails == ["keeper@example.org"]
    db.session.remove()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        assert compare_metadata(context, db.metadata) == []


def test_version_floors_of_security_sensitive_dependencies():
    """Known-vulnerable releases of the libraries that parse untrusted input stay out."""
    floors = {
        "weasyprint": (70, 0),
        "flask": (3, 1, 1),
        "werkzeug": (3, 1, 3),
        "jinja2": (3, 1, 6),
        "nh3": (0, 2, 18),
    }
    for name, floor in floors.items():
        installed = tuple(int(p) for p in version(name).split(".")[: len(floor)] if p.isdigit())
        assert installed >= floor, (name, version(name))
