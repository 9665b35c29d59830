"""Markdown files with optional YAML front matter (title, summary, topics, author, prompts…)."""

from __future__ import annotations

import re

import yaml

from portal.shelf.importer import ImportProblem, ParsedArticle

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$", re.MULTILINE)
TEXT_KEYS = ("title", "summary", "author", "author_bio", "source_name", "source_url", "licence")


def parse(content: str) -> list[ParsedArticle]:
    """One article: front matter values, else the first `# heading` (or first line) as title."""
    meta, body = _front_matter(content)
    body = body.strip("\n")
    title = _text(meta.get("title"))
    if not title:
        match = HEADING.search(body)
        if match and not body[: match.start()].strip():
            title, body = match.group("title"), body[match.end() :].lstrip("\n")
        elif body:
            first, _, rest = body.partition("\n")
            title, body = first.lstrip("# ").strip(), rest.lstrip("\n")
    if not title and not body.strip():
        return []
    article = ParsedArticle(title=title or "Untitled article", body_md=body + "\n")
    for key in TEXT_KEYS[1:]:
        if _text(meta.get(key)):
            setattr(article, key, _text(meta.get(key)))
    if not article.source_url.lower().startswith(("http://", "https://")):
        article.source_url = ""  # only web links are kept, never javascript: or file:
    article.slug = _text(meta.get("slug"))
    article.topics = _list(meta.get("topics") or meta.get("tags") or meta.get("categories"))
    article.prompts = _list(meta.get("prompts"))
    return [article]


def _front_matter(content: str) -> tuple[dict, str]:
    """Split YAML front matter (read with safe_load) from the Markdown body."""
    match = FRONT_MATTER.match(content.lstrip("\ufeff"))
    if not match:
        return {}, content
    try:
        meta = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = f" near line {line + 2}" if line is not None else ""
        raise ImportProblem(
            f"the front matter between the --- lines is not valid YAML{where}; fix it and try again"
        ) from None
    return (meta if isinstance(meta, dict) else {}), content[match.end() :]


def _text(value) -> str:
    """A front-matter value as one line of text ("" for missing or structured values)."""
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def _list(value) -> list[str]:
    """A front-matter list, or a comma-separated string, as clean strings."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [str(v).strip() for v in value if v is not None and str(v).strip()]
