"""The one rule set every imported item passes, from the command line and the web form alike.

An item that cannot become an article (no text, too long) is skipped with its reason; values
that would not fit (a long title, sixty categories, characters a database refuses) are trimmed
with a note, so the review form always accepts what the importer read.
"""

from __future__ import annotations

import re

from portal.inputs import has_bad_characters
from portal.shelf.importer import Batch, ParsedArticle, SkippedItem
from portal.shelf.service import MAX_BODY_CHARS

LIMITS = {"title": 200, "summary": 600, "author": 200, "author_bio": 2_000, "source_name": 200}
MAX_TOPICS = 12
MAX_TOPICS_CHARS = 400  # the review form's topics box
MAX_PROMPTS_CHARS = 4_000


def apply(batch: Batch) -> None:
    """Tidy every article in place; move the ones that cannot be saved to the skipped list."""
    kept = []
    for article in batch.articles:
        reason = problem(article)
        if reason:
            batch.skipped.append(SkippedItem(article.title or "Untitled", reason))
        else:
            tidy(article)
            kept.append(article)
    batch.articles = kept


def problem(article: ParsedArticle) -> str:
    """Why this item cannot become an article ("" when it can)."""
    if not article.body_md.strip():
        return "it has no text"
    if len(article.body_md) > MAX_BODY_CHARS:
        return (
            f"its text is too long ({len(article.body_md):,} characters; an article holds "
            f"up to {MAX_BODY_CHARS:,}), so split it into shorter articles"
        )
    return ""


def tidy(article: ParsedArticle) -> None:
    """Make every value fit the article's fields, noting what had to change."""
    for name in ("title", "summary", "author", "author_bio", "source_name", "body_md"):
        setattr(article, name, _storable(getattr(article, name)))
    article.title = " ".join(article.title.split()) or "Untitled post"
    for name, limit in LIMITS.items():
        value = getattr(article, name)
        if len(value) > limit:
            setattr(article, name, _cut(value, limit))
            if name == "title":
                article.notes.append(f"the title was shortened to {limit} characters")
    _fit_topics(article)
    if not re.match(r"^https?://\S+$", article.source_url or "", re.IGNORECASE):
        article.source_url = ""
    article.source_url = article.source_url[:500]
    article.prompts = _fit_prompts(article.prompts)


def _storable(value: str) -> str:
    """The text without control characters and lone surrogates a database cannot store."""
    if not has_bad_characters(value or ""):
        return value or ""
    return "".join(
        ch
        for ch in value
        if not (
            (ord(ch) < 32 and ch not in "\t\n\r") or 0xD800 <= ord(ch) <= 0xDFFF or ch == "\x7f"
        )
    )


def _cut(value: str, limit: int) -> str:
    """The text cut at a word boundary to fit the limit, with an ellipsis."""
    return value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _fit_topics(article: ParsedArticle) -> None:
    """At most MAX_TOPICS distinct topics that fit the topics box; note how many were left out."""
    names = list(dict.fromkeys(" ".join(t.replace(",", " ").split())[:80] for t in article.topics))
    names = [n for n in names if n]
    kept: list[str] = []
    for name in names:
        if len(kept) == MAX_TOPICS or len(", ".join([*kept, name])) > MAX_TOPICS_CHARS:
            break
        kept.append(name)
    if len(kept) < len(names):
        article.notes.append(
            f"{len(names)} categories or tags: the first {len(kept)} were kept as topics"
        )
    article.topics = kept


def _fit_prompts(prompts: list[str]) -> list[str]:
    """Prompts that fit the prompts box, one line each."""
    kept: list[str] = []
    for prompt in (" ".join(p.split()) for p in prompts):
        if prompt and len("\n".join([*kept, prompt])) <= MAX_PROMPTS_CHARS:
            kept.append(prompt)
    return kept
