"""`portal` commands of the handouts feature (thin: they call the feature's services)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.db import db


@click.command("handout")
@click.argument("slugs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the PDF.",
)
@click.option(
    "--paper",
    type=click.Choice(["letter", "a4"]),
    default=None,
    help="Paper size (default: the practice setting).",
)
@click.option("--large-print", is_flag=True, help="Body text at 17 pt.")
@click.option("--client", "client_name", default="", help="Name for the 'For:' line.")
@click.option("--note", default="", help="A short note from the therapist.")
@click.option("--title", "packet_title", default="", help="Cover title when printing a packet.")
@click.option("--notes-page", is_flag=True, help="Add a blank page for notes.")
@click.option(
    "--fillable", is_flag=True, help="Reflection questions and notes as fillable PDF fields."
)
@with_appcontext
def handout(
    slugs: tuple[str, ...],
    output: str,
    paper: str | None,
    large_print: bool,
    client_name: str,
    note: str,
    packet_title: str,
    notes_page: bool,
    fillable: bool,
) -> None:
    """Render a handout; several slugs make one packet with a cover and contents."""
    from portal.cli import fail
    from portal.handouts import engine, service

    options = service.Options(
        paper=paper or "",
        large_print=large_print,
        client_name=client_name,
        note=note,
        packet_title=packet_title,
        notes_page=notes_page,
        fillable=fillable,
    )
    try:
        pdf, _ = service.render_handout(list(slugs), options)
    except (service.HandoutError, engine.RenderError) as exc:
        fail(str(exc))
    db.session.commit()
    Path(output).write_bytes(pdf)
    kind = "handout" if len(slugs) == 1 else f"packet of {len(set(slugs))} articles"
    click.echo(f"Wrote {kind} to {output} ({len(pdf) // 1024} KB).")


COMMANDS: list = [handout]
