"""Consistent online backups and verified restores (SQLite backup API; PostgreSQL pg_dump).

A backup is written beside its target under a temporary name, owner-only (0600) from the first
byte, checked, and only then renamed into place, so a half-written file never looks complete.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from portal.db import db

PG_TOOLS_HINT = (
    "install the PostgreSQL client tools (package postgresql-client, the same major version "
    "as the server) or back up with your database provider's own tools"
)


# The start of one table's rows in a plain-text dump: COPY public.intake (id, ...) FROM stdin;
COPY_LINE = re.compile(r"^COPY (?:[\w\"]+\.)?(?P<table>[\w\"]+) .*FROM stdin;$")


class BackupError(RuntimeError):
    """A backup or restore could not be made safely; the message says what to do."""


@dataclass
class Report:
    """What a backup or restore did: the file, the engine and the rows per table."""

    path: Path
    engine: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """All rows in all tables."""
        return sum(self.counts.values())


def sqlite_file() -> Path | None:
    """The app's SQLite database file, or None on PostgreSQL."""
    url = make_url(db.engine.url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database)


def _private_new_file(path: Path) -> None:
    """Create an empty owner-only file (refusing to overwrite anything)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _partial(target: Path) -> Path:
    """The temporary name a backup is written under until it is verified."""
    return target.with_name(f".{target.name}.partial")


def backup(target: Path) -> Report:
    """Write a consistent, verified copy of the live database to `target` (mode 0600)."""
    target = target.resolve()
    if target.exists():
        raise BackupError(f"{target.name} already exists; choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    source = sqlite_file()
    partial = _partial(target)
    partial.unlink(missing_ok=True)
    _private_new_file(partial)
    try:
        counts = _backup_sqlite(source, partial) if source else _backup_postgres(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return Report(target, "sqlite" if source else "postgresql", counts)


def _backup_sqlite(source: Path, partial: Path) -> dict[str, int]:
    """SQLite's online backup API (a consistent snapshot while others write), then check it."""
    with _connect(source) as src, _connect(partial) as dst:
        src.backup(dst, pages=0)
    return verify_sqlite(partial)


def _connect(path: Path) -> sqlite3.Connection:
    """A plain connection that waits for writers instead of failing."""
    connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def verify_sqlite(path: Path) -> dict[str, int]:
    """integrity_check must say ok; returns the rows in every table."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"{path.name} failed SQLite's integrity check: {result}")
        return _sqlite_counts(connection)
    finally:
        connection.close()


def _sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (SQLite's own and full-text shadow tables left out)."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'article_search_%' ORDER BY name"
        )
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def _pg_environment() -> dict[str, str]:
    """libpq settings from DATABASE_URL, so the password never shows on a command line."""
    url = make_url(db.engine.url)
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _pg_tool(name: str) -> str:
    """The path of pg_dump / pg_restore, or a clear error saying how to get it."""
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found: {PG_TOOLS_HINT}")
    return found


def _run(args: list[str]) -> None:
    """Run a PostgreSQL client tool; its own error message becomes ours."""
    # The arguments are our own: a tool path from shutil.which and file names, no shell.
    done = subprocess.run(args, env=_pg_environment(), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{Path(args[0]).name}: {last}")


def _backup_postgres(partial: Path) -> dict[str, int]:
    """pg_dump in its custom format (one consistent snapshot), then count the rows it holds."""
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial)])
    return dump_counts(partial)


def dump_counts(path: Path) -> dict[str, int]:
    """Rows per table inside a pg_dump file, read from its data section (COPY blocks)."""
    args = [_pg_tool("pg_restore"), "--data-only", "--file=-", str(path)]
    counts: dict[str, int] = {}
    table = None
    with subprocess.Popen(  # noqa: S603
        args, env=_pg_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as reader:
        for line in reader.stdout:
            if table is None:
                match = COPY_LINE.match(line)
                if match:
                    table = match["table"].strip('"')
                    counts[table] = 0
            elif line == "\\.\n":
                table = None
            else:
                counts[table] += 1
        error = reader.stderr.read()
    if reader.returncode != 0:
        last = (error.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"pg_restore: {last}")
    return counts


def _pg_counts(names) -> dict[str, int]:
    """Rows per named table in the app's PostgreSQL database."""
    counts = {
        name: db.session.scalar(text(f'SELECT count(*) FROM "{name}"')) or 0  # noqa: S608
        for name in names
    }
    db.session.rollback()
    return counts


def model_counts() -> dict[str, int]:
    """Rows per model table in the app's database."""
    counts = {
        name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for name, table in sorted(db.metadata.tables.items())
    }
    db.session.rollback()
    return counts


def ensure_empty() -> None:
    """Refuse to restore over data: every table of the target must be empty."""
    try:
        filled = [name for name, count in model_counts().items() if count]
    except Exception:  # noqa: BLE001 (no schema yet is as empty as it gets)
        db.session.rollback()
        return
    if filled:
        raise BackupError(
            "this instance already holds data (" + ", ".join(filled[:4]) + "); restore into a "
            "new, empty instance (set PORTAL_INSTANCE_PATH or DATABASE_URL to it)"
        )


def restore(source: Path) -> Report:
    """Copy a backup into this empty instance and check every table's row count matches."""
    source = source.resolve()
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    ensure_empty()
    target = sqlite_file()
    db.session.remove()
    db.engine.dispose()
    if target is None:
        return _restore_postgres(source)
    expected = verify_sqlite(source)
    with _connect(source) as src, _connect(target) as dst:
        src.backup(dst, pages=0)
    found = verify_sqlite(target)
    if found != expected:
        raise BackupError("the restored row counts differ from the backup; do not use it")
    return Report(target, "sqlite", found)


def _restore_postgres(source: Path) -> Report:
    """pg_restore into the empty database (schema and data); every table's rows must match."""
    expected = dump_counts(source)
    _run(
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--clean",
            "--if-exists",
            "--exit-on-error",
            "--dbname",
            make_url(db.engine.url).database or "",
            str(source),
        ]
    )
    found = _pg_counts(expected)
    if found != expected:
        short = [name for name in expected if found.get(name) != expected[name]]
        raise BackupError(
            "the restored row counts differ from the backup (" + ", ".join(short[:4]) + "); "
            "do not use this database"
        )
    return Report(source, "postgresql", found)


def pending_upgrade() -> str | None:
    """The schema revision of an existing database that is behind the newest, else None."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from flask import current_app

    directory = current_app.extensions["migrate"].directory
    head = ScriptDirectory(directory).get_current_head()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current if current is not None and current != head else None


def backup_before_upgrade() -> Report | None:
    """Back up an existing database before migrating it (instance/backups/, 0600)."""
    from flask import current_app

    from portal.models.base import utcnow

    revision = pending_upgrade()
    if revision is None:
        return None
    folder = Path(current_app.instance_path) / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return backup(folder / f"before-upgrade-{revision}-{utcnow():%Y%m%d-%H%M%S}.db")
