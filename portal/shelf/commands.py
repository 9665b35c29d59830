"""`portal` commands of the shelf feature (thin: they call the feature's services)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.db import db


def _files(paths: tuple[str, ...]) -> list[Path]:
    """The files named, with folders expanded to the importable files inside them."""
    from portal.shelf.importer import EXTENSIONS

    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in EXTENSIONS)
        else:
            found.append(path)
    return found


def _read(path: Path) -> bytes | str:
    """The file's bytes, or a one-line reason it cannot be read (missing, too large)."""
    from portal.shelf.importer import MAX_FILE_BYTES
    from portal.shelf.importer.decode import too_large

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return too_large(path.name, size)
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return f"{path.name}: cannot read the file ({error.strerror or 'unknown error'})"


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--publish", is_flag=True, help="Publish the articles (default: save as drafts).")
@click.option("--topic", "topics", multiple=True, help="Add this topic to every article.")
@click.option(
    "--licence",
    default="",
    help='The licence or permission of every article (e.g. "Own work", "CC BY 4.0").',
)
@with_appcontext
def import_articles(
    paths: tuple[str, ...], publish: bool, topics: tuple[str, ...], licence: str
) -> None:
    """Import articles from .txt, .md, .html, WordPress/Squarespace .xml, Ghost .json or
    Substack .zip files; one line per article, then what was skipped and why."""
    from portal.shelf.importer import report

    licence = _licence(licence)
    results = [_import_path(path, publish, topics, licence) for path in _files(paths)]
    db.session.commit()
    for result in results:
        if result.error:
            click.echo(f"Error: {result.error}", err=True)
        for item in result.saved:
            click.echo(_line(item))
    for line in report.skipped_lines(results):
        click.echo(f"Skipped: {line}", err=True)
    for line in report.note_lines(results):
        click.echo(f"Note: {line}", err=True)
    click.echo(report.summary(results), err=True)
    if not any(result.saved for result in results):
        click.echo("Error: nothing was imported.", err=True)
        sys.exit(1)


def _licence(licence: str) -> str:
    """The --licence value checked against the shelf's list (a clear error otherwise)."""
    from portal.shelf.forms import LICENCES

    if licence and licence not in LICENCES:
        raise click.BadParameter(f"choose one of: {', '.join(LICENCES)}", param_hint="--licence")
    return licence


def _import_path(path: Path, publish: bool, topics: tuple[str, ...], licence: str):
    """Read and save one file (each article in its own savepoint), never raising."""
    from portal.shelf.importer import ImportProblem, read_upload
    from portal.shelf.importer.save import FileResult, save_batch

    data = _read(path)
    if isinstance(data, str):
        return FileResult(path.name, error=data)
    try:
        batch = read_upload(path.name, data)
    except ImportProblem as problem:
        return FileResult(path.name, error=str(problem))
    for article in batch.articles:
        article.licence = article.licence or licence
    return save_batch(batch, publish, list(topics), actor_id=None)


def _line(item) -> str:
    """`slug  title`, with (updated) or why it was kept as a draft."""
    note = "" if item.created else "  (updated)"
    if item.held:
        note += f"  (kept as a draft: {item.held})"
    return f"{item.article.slug}  {item.article.title}{note}"


@click.command("search-reindex")
@with_appcontext
def search_reindex() -> None:
    """Rebuild the shelf's search index from the articles (after a restore or bulk edit)."""
    from portal.shelf.search import reindex_all

    count = reindex_all()
    db.session.commit()
    click.echo(f"Indexed {count} article(s).")


COMMANDS: list = [import_articles, search_reindex]
