"""Article import shared by `portal import` and the curation import page.

A file is read into ParsedArticle values (nothing touches the database), shown or printed, then
saved by importer.save. Each format has its own module: text (copied from a blog page), markdown
(optional YAML front matter), html (the article element of a saved page) and wxr (a WordPress
export).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath

MAX_FILE_BYTES = 8 * 1024 * 1024
EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".xml")


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
    licence: str = "Own work"
    prompts: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    filename: str = ""

    def fields(self) -> dict:
        """Values for service.save_article (status and slug are decided when saving)."""
        return {
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


def parse_upload(filename: str, data: bytes) -> list[ParsedArticle]:
    """Read one file into articles by its extension; raise ImportProblem with a clear message."""
    from portal.shelf.importer import decode, html, markdown_file, text, wxr

    name = PurePath(filename or "file").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportProblem(
            f"{name}: the importer reads .txt, .md, .html and WordPress .xml files; "
            "save the article in one of those formats"
        )
    if suffix == ".xml":
        articles = wxr.parse(name, decode.check_size(name, data))
    else:
        content = decode.decode_text(name, data)
        parser = {".txt": text.parse, ".html": html.parse, ".htm": html.parse}.get(
            suffix, markdown_file.parse
        )
        try:
            articles = parser(content)
        except ImportProblem as problem:
            raise ImportProblem(f"{name}: {problem}") from None
    if not articles:
        raise ImportProblem(f"{name}: no articles were found in this file")
    for article in articles:
        article.filename = name
    return articles
