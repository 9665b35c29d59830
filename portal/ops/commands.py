"""`portal backup`, `portal restore` and `portal purge` (thin: they call portal.ops services)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.ops.backup import BackupError, Report


def _summary(report: Report) -> str:
    """One line of counts a person can compare: tables, rows, and the ones that matter most."""
    main = ("intake", "intake_draft", "user", "article", "audit_event")
    parts = ", ".join(f"{name} {report.counts[name]}" for name in main if name in report.counts)
    return f"{len(report.counts)} tables, {report.total} rows ({parts})"


def _run(action, file: Path, done: str, advice: str) -> None:
    """Run backup or restore on FILE; one line of counts and one of advice, or a clear failure."""
    from portal.cli import fail

    try:
        report = action(file)
    except BackupError as exc:
        fail(str(exc))
    click.echo(done.format(report=report, file=file, summary=_summary(report)))
    click.echo(advice)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write a consistent, verified backup of the database to FILE (owner-only, 0600)."""
    from portal.ops.backup import backup

    _run(
        backup,
        file,
        "Backed up the {report.engine} database to {report.path}: {summary}.",
        "Keep the encryption keys separately: the backup holds the answers encrypted.",
    )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    """Restore a backup made by `portal backup` into this empty instance, checking row counts."""
    from portal.ops.backup import restore

    _run(
        restore,
        file,
        "Restored {file.name}: {summary}; every table's rows match.",
        "Run `portal init-db` next if the backup came from an older release.",
    )


COMMANDS: list = [backup_command, restore_command]


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Apply the practice's retention periods (run daily); --dry-run only counts."""
    from portal.db import db
    from portal.ops.purge import LABELS, checkpoint, purge

    counts = purge(dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
        checkpoint()
    verb = "Would delete" if dry_run else "Deleted"
    for name, count in counts.items():
        click.echo(f"{verb} {count}: {LABELS[name]}")


COMMANDS.append(purge_command)
