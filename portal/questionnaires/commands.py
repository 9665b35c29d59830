"""`portal forms …`: the practice's intake forms as FHIR Questionnaire files (thin: services)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.db import db

forms = AppGroup("forms", help="List, export and import intake forms (FHIR Questionnaire JSON).")


def _ready() -> None:
    """The built-in forms exist before any command looks at forms."""
    from portal.questionnaires.service import ensure_builtin_forms

    if ensure_builtin_forms():
        db.session.commit()


@forms.command("list")
def list_forms() -> None:
    """One line per form: slug, title and published version."""
    from portal.questionnaires import service

    _ready()
    for form in service.all_forms():
        published = service.published_version(form)
        shown = f"version {published.version}" if published else "not published"
        click.echo(f"{form.slug}\t{form.title}\t{shown}")


@forms.command("export")
@click.argument("slug")
@click.option("--version", "number", type=int, default=None, help="Default: the published one.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
def export(slug: str, number: int | None, output: str) -> None:
    """Write a form's definition to a JSON file."""
    from portal.cli import fail
    from portal.questionnaires import service

    _ready()
    form = service.by_slug(slug)
    if form is None:
        fail(f"there is no form {slug!r}; `portal forms list` shows them")
    try:
        text = service.export_definition(form, number)
    except service.FormError as exc:
        fail(str(exc))
    Path(output).write_text(text, encoding="utf-8")
    click.echo(f"Wrote {slug} to {output}.")


@forms.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--publish", is_flag=True, help="Publish the new version after checking it.")
def import_form(path: str, publish: bool) -> None:
    """Add a file's definition as a new draft version of its form (matched by url)."""
    from portal.questionnaires import service

    _ready()
    try:
        version = service.import_definition(Path(path).read_text(encoding="utf-8"), publish, None)
    except (service.FormError, UnicodeDecodeError) as exc:
        db.session.rollback()
        _refuse(exc)
    db.session.commit()
    state = "published" if version.is_published else "a draft"
    click.echo(f"Imported {version.form.slug} version {version.version} ({state}).")


def _refuse(exc: Exception) -> None:
    """Say the file was not imported and list every reason, then exit non-zero."""
    import sys

    reasons = getattr(exc, "errors", None) or ["The file is not UTF-8 text."]
    name = Path(click.get_current_context().params["path"]).name
    click.echo(f"Error: {name} was not imported; nothing was changed. Reasons:", err=True)
    for reason in reasons:
        click.echo(f"  - {reason}", err=True)
    sys.exit(1)


COMMANDS: list = [forms]
