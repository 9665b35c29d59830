"""`portal` commands of the intake feature (thin: they call the feature's services)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.db import db


@click.command("send-mail")
@click.option("--limit", default=50, show_default=True, help="Most messages to try this run.")
@with_appcontext
def send_mail(limit: int) -> None:
    """Send queued notification emails that are due (failed ones are retried later)."""
    from portal.intake.notify import send_due

    sent, failed = send_due(limit)
    db.session.commit()
    click.echo(f"Sent {sent} message(s); {failed} not sent and will be retried.")
    if failed:
        raise SystemExit(1)


@click.command("purge-drafts")
@with_appcontext
def purge_drafts() -> None:
    """Delete unfinished intakes whose resume period has ended."""
    from portal.intake.service import purge_expired_drafts

    removed = purge_expired_drafts()
    db.session.commit()
    click.echo(f"Deleted {removed} expired draft(s).")


COMMANDS: list = [send_mail, purge_drafts]
