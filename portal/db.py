"""Database set-up: the SQLAlchemy object, SQLite pragmas and IMMEDIATE write transactions."""

from __future__ import annotations

import contextvars
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=30000",  # wait for a writer rather than refuse a client
    "PRAGMA foreign_keys=ON",
    "PRAGMA secure_delete=ON",
    "PRAGMA synchronous=FULL",
)

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# True when the current unit of work may write: its SQLite transaction then starts IMMEDIATE,
# so a read-then-write can never fail half-way with "database is locked" (see docs/architecture.md).
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)


class Base(DeclarativeBase):
    """Declarative base whose constraints have stable names for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def init_app(app: Flask) -> None:
    """Bind the database and decide each request's transaction mode from its method."""
    # A copy per app: the defaults' dict is shared, and SQLite's options must not leak into
    # a PostgreSQL app created later in the same process.
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    options.setdefault("hide_parameters", True)  # SQL errors must never log client answers
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", 10)
        options["connect_args"] = connect_args
    else:
        options.setdefault("pool_pre_ping", True)
    db.init_app(app)

    @app.before_request
    def _choose_transaction_mode() -> None:
        writes = request.method not in READ_ONLY_METHODS or _view_writes(app)
        _write_intent.set(writes)


def _view_writes(app: Flask) -> bool:
    """A GET view marked with @writes (e.g. one that audits a view) needs a write transaction."""
    view = app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_on_get", False))


def writes(view):
    """Mark a GET view that writes (an audit row, a draft), so SQLite begins it IMMEDIATE."""
    view.writes_on_get = True
    return view


@contextmanager
def read_only() -> Iterator[None]:
    """Run a block whose SQLite transactions begin DEFERRED (no write lock taken)."""
    token = _write_intent.set(False)
    try:
        yield
    finally:
        _write_intent.reset(token)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record) -> None:
    """Set WAL, timeouts, foreign keys and secure delete; take over BEGIN from pysqlite."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """Begin SQLite transactions ourselves: IMMEDIATE when the unit of work may write."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


def is_postgres() -> bool:
    """True when the bound database is PostgreSQL (search and locks differ)."""
    return db.engine.dialect.name == "postgresql"


# Full-text search structures differ per database (FTS5 / tsvector) and are created by hand in
# their migration, so autogenerate must not try to drop or compare them.
HAND_MANAGED_PREFIXES = ("article_search",)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave hand-managed search tables, columns and indexes out of autogenerate."""
    if name and str(name).startswith(HAND_MANAGED_PREFIXES):
        return False
    if type_ == "column" and getattr(obj, "table", None) is not None:
        return not str(obj.table.name).startswith(HAND_MANAGED_PREFIXES)
    return True
