"""Front matter (Jekyll, Hugo, Astro, Eleventy) in .md and .html files alike.

YAML between --- lines (read with safe_load) or Hugo's TOML between +++ lines gives the title,
summary, topics, author, source and, above all, whether the post is a draft: a draft never
becomes public on the shelf.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime

import yaml

from portal.shelf.importer import ImportProblem, ParsedArticle
from portal.shelf.importer.convert import plain
from portal.shelf.service import base_language

YAML_BLOCK = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
TOML_BLOCK = re.compile(r"\A\+\+\+[ \t]*\n(?P<toml>.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
SUMMARY_KEYS = ("summary", "description", "excerpt", "subtitle")
URL_KEYS = ("source_url", "canonical_url", "canonical", "original_url")
TRUE = (True, "true", "yes", "on", "1")
FALSE = (False, "false", "no", "off", "0")


def split_front_matter(content: str) -> tuple[dict, str]:
    """The front matter as a dict, and the text after it ({} and the text when there is none)."""
    content = content.lstrip("\ufeff")
    match = YAML_BLOCK.match(content)
    if match:
        return _yaml(match.group("yaml")), content[match.end() :]
    match = TOML_BLOCK.match(content)
    if match:
        try:
            return tomllib.loads(match.group("toml")), content[match.end() :]
        except tomllib.TOMLDecodeError as error:
            raise ImportProblem(
                f"the front matter between the +++ lines is not valid TOML ({error}); fix it"
            ) from None
    return {}, content


def _yaml(text: str) -> dict:
    """YAML front matter read safely, with the line of a mistake in the message."""
    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = f" near line {line + 2}" if line is not None else ""
        raise ImportProblem(
            f"the front matter between the --- lines is not valid YAML{where}; fix it and try again"
        ) from None
    return meta if isinstance(meta, dict) else {}


def apply_meta(article: ParsedArticle, meta: dict) -> None:
    """Fill the article from front matter values the source gave."""
    if not meta:
        return
    meta = {str(k).lower(): v for k, v in meta.items()}
    if text(meta.get("title")):
        article.title = plain(text(meta["title"]))
    summary = next((text(meta[k]) for k in SUMMARY_KEYS if text(meta.get(k))), "")
    if summary:
        article.summary, article.summary_from_body = plain(summary), False
    author = meta.get("author") or meta.get("authors")
    if isinstance(author, dict):
        author = author.get("name")
    if isinstance(author, list) and author:
        author = ", ".join(str(a.get("name", "") if isinstance(a, dict) else a) for a in author)
    for key, value in (("author", author), ("author_bio", meta.get("author_bio")),
                       ("source_name", meta.get("source_name"))):  # fmt: skip
        if text(value):
            setattr(article, key, text(value))
    url = next((text(meta[k]) for k in URL_KEYS if text(meta.get(k))), "")
    article.source_url = url if url.lower().startswith(("http://", "https://")) else ""
    article.source_id = article.source_url or article.source_id
    article.licence = text(meta.get("licence") or meta.get("license")) or article.licence
    article.slug = text(meta.get("slug")) or article.slug
    stated = text(meta.get("lang") or meta.get("language"))
    article.language = base_language(stated) or article.language
    article.topics = topics(meta)
    article.prompts = listed(meta.get("prompts"), commas_only=True)
    article.published_at = _when(meta.get("date")) or article.published_at
    article.hold_reason = draft_reason(meta)


def meta_title(meta: dict) -> str:
    """The title front matter gives ("" when it gives none)."""
    return next((text(v) for k, v in meta.items() if str(k).lower() == "title"), "")


def draft_reason(meta: dict) -> str:
    """Why front matter marks the post as not public ("" when it is public)."""
    if str(meta.get("draft", "")).lower() in [str(v).lower() for v in TRUE]:
        return "its front matter says draft: true"
    if "published" in meta and str(meta["published"]).lower() in [str(v).lower() for v in FALSE]:
        return "its front matter says published: false"
    if str(meta.get("private", "")).lower() in [str(v).lower() for v in TRUE]:
        return "its front matter says private: true"
    for key in ("publishdate", "pubdate", "date"):
        when = _when(meta.get(key))
        if when and when > datetime.now(UTC).replace(tzinfo=None):
            return f"its front matter dates it {when:%Y-%m-%d}, in the future (scheduled)"
    expired = _when(meta.get("expirydate"))
    if expired and expired < datetime.now(UTC).replace(tzinfo=None):
        return f"its front matter says it expired on {expired:%Y-%m-%d}"
    status = str(meta.get("status", "")).strip().lower()
    if status and status not in ("published", "publish", "public", "live"):
        return f"its front matter says status: {status}"
    return ""


def topics(meta: dict) -> list[str]:
    """Topics from `topics`, `tags` and `categories` (YAML lists, commas or spaces)."""
    found = listed(meta.get("topics"), commas_only=True)
    for key in ("tags", "categories", "category"):
        found += listed(meta.get(key))
    return list(dict.fromkeys(found))


def listed(value, commas_only: bool = False) -> list[str]:
    """A front-matter list, or a string split on commas (or, without commas, on spaces)."""
    if isinstance(value, str):
        value = value.split(",") if "," in value or commas_only else value.split()
    if not isinstance(value, list):
        return []
    return [str(v).strip() for v in value if v is not None and str(v).strip()]


def text(value) -> str:
    """A front-matter value as one line of text ("" for missing or structured values)."""
    if value is None or isinstance(value, dict | list | bool):
        return ""
    return str(value).strip()


def _when(value) -> datetime | None:
    """A front-matter date as a naive UTC datetime, when it is one."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None) if value else None
    except ValueError:
        return None
