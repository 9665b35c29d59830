"""Article import shared by `portal import` and the curation import page.

A file is read into a Batch of ParsedArticle values and skipped items (nothing touches the
database), shown or printed, then saved by importer.save. Each format has its own module: text
(copied from a blog page), markdown_file (optional front matter), html (a saved page, a Medium
export or a Jekyll page), wxr (a WordPress or Squarespace export), ghost (a Ghost JSON export)
and substack (the zip Substack sends). rules.py holds the one rule set every item passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath

MAX_FILE_BYTES = 8 * 1024 * 1024
EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".xml", ".json", ".zip")
PASTED_NAME = "pasted text.txt"  # text from the paste box: no file, so no source id to match


class ImportProblem(ValueError):
    """A file cannot be imported; the message names the file and says what to do."""


@dataclass
class ParsedArticle:
    """What the importer understood from one article, before anything is saved."""

    title: str
    body_md: str
    summary: str = ""
    slug: str = ""
    topics: list[str] = field(default_factory=list)
    author: str = ""
    author_bio: str = ""
    source_name: str = ""
    source_url: str = ""
    source_id: str = ""
    licence: str = ""
    language: str = ""  # a base code where the source states one ("" means it does not)
    prompts: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    filename: str = ""
    hold_reason: str = ""  # set when the source says the post is not public: never published
    summary_from_body: bool = False
    images_dropped: int = 0
    notes: list[str] = field(default_factory=list)

    def fields(self) -> dict:
        """Values for service.save_article (status and slug are decided when saving).

        A language the source did not state is left out: a new article is English, an
        updated one keeps the language it has.
        """
        stated = {"language": self.language} if self.language else {}
        return {
            **stated,
            "title": self.title[:200],
            "summary": self.summary,
            "body_md": self.body_md,
            "topics": list(self.topics),
            "author": self.author[:200],
            "author_bio": self.author_bio,
            "source_name": self.source_name[:200],
            "source_url": self.source_url[:500],
            "licence": self.licence[:200],
            "prompts": list(self.prompts),
        }


@dataclass
class SkippedItem:
    """An item of an export that was not imported, with the reason a person can act on."""

    label: str
    reason: str
    kind: str = "other"  # draft, page, attachment, menu item… ("other" for a bad item)


@dataclass
class Batch:
    """Everything read from one file: the articles, the skipped items and file-wide notes."""

    name: str
    articles: list[ParsedArticle] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_upload(filename: str, data: bytes) -> Batch:
    """Read one file into a batch by its extension; raise ImportProblem with a clear message."""
    from portal.shelf.importer import decode, rules

    name = PurePath(filename or "file").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportProblem(
            f"{name}: the importer reads .txt, .md, .html, WordPress or Squarespace .xml, "
            "Ghost .json and Substack .zip files; save the article in one of those formats"
        )
    data = decode.check_size(name, data)
    try:
        batch = _reader(suffix)(name, data)
    except ImportProblem as problem:
        message = str(problem)
        prefixed = message if message.startswith(f"{name}:") else f"{name}: {message}"
        raise ImportProblem(prefixed) from None
    for article in batch.articles:
        article.filename = article.filename or name
    rules.apply(batch)
    if not batch.articles and not batch.skipped:
        raise ImportProblem(f"{name}: no articles were found in this file")
    return batch


def _reader(suffix: str):
    """The function that reads files with this extension into a batch."""
    from portal.shelf.importer import ghost, html, markdown_file, substack, text, wxr

    single = {".txt": text.parse, ".html": html.parse, ".htm": html.parse}
    if suffix in single or suffix in (".md", ".markdown"):
        return _single(single.get(suffix, markdown_file.parse))
    return {".xml": wxr.read, ".json": ghost.read, ".zip": substack.read}[suffix]


def _single(parser):
    """A reader for formats that hold one article as text (txt, md, html)."""
    from portal.shelf.importer import decode

    def read(name: str, data: bytes) -> Batch:
        """Decode the text and parse the one article in it."""
        articles = parser(decode.decode_text(name, data))
        for article in articles:
            if name != PASTED_NAME:
                article.source_id = article.source_id or f"file:{name}"
        return Batch(name, articles)

    return read


def parse_upload(filename: str, data: bytes) -> list[ParsedArticle]:
    """The articles of one file (skipped items left out); see read_upload."""
    batch = read_upload(filename, data)
    if not batch.articles:
        reasons = "; ".join(f"{s.label}: {s.reason}" for s in batch.skipped[:3])
        raise ImportProblem(f"{batch.name}: nothing in this file can be imported ({reasons})")
    return batch.articles
