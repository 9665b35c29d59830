"""The `portal` command line: Flask's CLI plus our commands, each a thin call into a service."""

from __future__ import annotations

import sys

import click
from flask import Flask, has_app_context
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from portal.db import db

MISSING_SCHEMA = ("no such table", "UndefinedTable")


def main() -> None:
    """Console script entry point: `portal …` is `flask --app portal …`."""
    from sqlalchemy.exc import DBAPIError

    from portal import create_app

    group = FlaskGroup(create_app=create_app, help="Practice Portal commands.")
    try:
        group(prog_name="portal")
    except DBAPIError as exc:  # a command run before the schema exists gets a next step
        if not any(sign in repr(exc.orig) for sign in MISSING_SCHEMA):
            raise
        fail("the database has no tables yet. Run `portal init-db` first.")


def init_app(app: Flask) -> None:
    """Register the commands on the app."""
    from portal.clinician.commands import COMMANDS as clinician_commands
    from portal.handouts.commands import COMMANDS as handout_commands
    from portal.intake.commands import COMMANDS as intake_commands
    from portal.ops.commands import COMMANDS as ops_commands
    from portal.questionnaires.commands import COMMANDS as form_commands
    from portal.shelf.commands import COMMANDS as shelf_commands

    feature_commands = (
        shelf_commands
        + handout_commands
        + intake_commands
        + clinician_commands
        + ops_commands
        + form_commands
    )
    for command in (init_db, create_user, demo, audit_check, new_key, *feature_commands):
        app.cli.add_command(command)


def fail(message: str) -> None:
    """Print a one-line error and exit non-zero, ending the command's transaction first so
    no lock outlives it (a caller that keeps the app context would otherwise hold it)."""
    if has_app_context():
        db.session.rollback()
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or migrate the database to the newest schema (backing an existing one up first)."""
    from portal.ops.backup import BackupError, backup_before_upgrade

    try:
        report = backup_before_upgrade()
    except BackupError as exc:
        fail(f"{exc}; no migration was run")
    if report is not None:
        click.echo(f"Backed up the database before upgrading: {report.path}")
    upgrade()
    _seed_builtin_forms()
    click.echo("Database is up to date.")


def _seed_builtin_forms() -> None:
    """Every install has the built-in forms (the adult form is version 1 of old intakes)."""
    from portal.questionnaires.service import ensure_builtin_forms

    ensure_builtin_forms()
    db.session.commit()


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["owner", "clinician"]), default="clinician")
@click.option("--name", "display_name", default="", help="Name shown in the workspace.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user(email: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Add a staff account (password prompted, or read from standard input)."""
    from portal.auth.service import AccountError
    from portal.auth.service import create_user as create

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create(email, password, role, display_name)
    except AccountError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


@click.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load nothing into an instance with data; say how to sign in.",
)
@with_appcontext
def demo(if_empty: bool) -> None:
    """Fill an empty instance with a demo practice, articles and a clinician."""
    from flask import current_app

    from portal.demo import load_demo

    if current_app.config["PORTAL_ENV"] == "production":
        fail("the demo has a published password; it is not loaded in production")
    report = load_demo()
    db.session.commit()
    click.echo(report.message)  # a second run says again how to sign in


@click.command("audit-check")
@click.option(
    "--expect-head", default=None, help="A head hash noted earlier that must be in the chain."
)
@with_appcontext
def audit_check(expect_head: str | None) -> None:
    """Verify the audit trail's keyed chain and head; exit 1 and name what is wrong if broken."""
    from portal.security.audit import verify_chain

    report = verify_chain(expect_head)
    if not report.ok:
        fail(AUDIT_PROBLEMS[report.problem].format(id=report.broken_id, head=expect_head))
    click.echo(
        f"Audit trail intact: {report.checked} rows checked; head {report.head_id or 0} "
        f"{report.head_hash}"
    )


AUDIT_PROBLEMS = {
    "changed": "audit row {id} was changed or the chain is broken there",
    "unkeyed": "the audit trail was written before keyed hashing; run `portal init-db` to key it",
    "truncated": "audit rows were deleted: row {id}, the newest recorded in the head file, is gone",
    "expected head missing": "the expected head {head} is not in the audit chain",
}


@click.command("new-key")
@click.option("--id", "kid", default="k1", help="Key id (letters and digits).")
def new_key(kid: str) -> None:
    """Print a new encryption key entry for PORTAL_ENCRYPTION_KEYS."""
    from portal.security.crypto import new_key_spec

    click.echo(new_key_spec(kid))
