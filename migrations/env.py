"""Alembic environment: the portal's models are the target; search tables are managed by hand."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

import portal.models  # noqa: F401  (registers every model on the metadata)
from portal.db import include_object

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db


def process_revision_directives(context_, revision, directives):
    """Do not write an empty migration."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_online():
    """Run migrations against the app's engine."""
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("compare_type", True)
    conf_args["render_as_batch"] = db.engine.dialect.name == "sqlite"
    with db.engine.connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        if is_sqlite:
            _sqlite_foreign_keys(connection, on=False)
        context.configure(
            connection=connection,
            target_metadata=db.metadata,
            include_object=include_object,
            **conf_args,
        )
        with context.begin_transaction():
            context.run_migrations()
        if is_sqlite:
            _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection, on: bool) -> None:
    """Foreign keys off while SQLite batch mode rebuilds tables, then checked and back on.

    Batch mode copies a table, drops the old one and renames the copy. With foreign keys on,
    that DROP deletes every child row through ON DELETE CASCADE (an intake's notes and
    history would vanish). The pragma only works outside a transaction, so it goes to the
    driver connection directly (autocommit).
    """
    raw = connection.connection.driver_connection
    if on:
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def run_migrations_offline():
    """Emit SQL without a database connection."""
    context.configure(url=str(db.engine.url), target_metadata=db.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
