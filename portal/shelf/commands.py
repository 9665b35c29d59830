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
@with_appcontext
def import_articles(paths: tuple[str, ...], publish: bool, topics: tuple[str, ...]) -> None:
    """Import articles from .txt, .md, .html or WordPress .xml files; one line per article."""
    from portal.shelf.importer.save import FileResult, import_file

    imported = 0
    for path in _files(paths):
        data = _read(path)
        result = (
            FileResult(path.name, error=data)
            if isinstance(data, str)
            else import_file(path.name, data, publish, topics, actor_id=None)
        )
        if result.error:
            click.echo(f"Error: {result.error}", err=True)
        for item in result.saved:
            note = "" if item.created else "  (updated)"
            click.echo(f"{item.article.slug}  {item.article.title}{note}")
        imported += len(result.saved)
    db.session.commit()
    if not imported:
        click.echo("Error: nothing was imported.", err=True)
        sys.exit(1)


@click.command("search-reindex")
@with_appcontext
def search_reindex() -> None:
    """Rebuild the shelf's search index from the articles (after a restore or bulk edit)."""
    from portal.shelf.search import reindex_all

    count = reindex_all()
    db.session.commit()
    click.echo(f"Indexed {count} article(s).")


COMMANDS: list = [import_articles, search_reindex]
