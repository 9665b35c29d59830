"""Ghost JSON exports: published public posts become articles; members-only posts stay drafts."""

from __future__ import annotations

import json
from datetime import datetime

from portal.shelf.importer import Batch, ImportProblem, ParsedArticle, SkippedItem
from portal.shelf.importer.convert import convert, lead, plain

HELD = {"members": "for members only on Ghost", "paid": "for paying members only on Ghost",
        "tiers": "for some membership tiers only on Ghost"}  # fmt: skip
LEXICAL_BLOCKS = {"paragraph": "p", "heading": None, "quote": "blockquote", "list": None,
                  "listitem": "li", "aside": "blockquote"}  # fmt: skip


def read(name: str, data: bytes) -> Batch:
    """Every post and page of the export, as an article or a skipped item."""
    tables = _tables(name, data)
    tags = {t.get("id"): plain(str(t.get("name") or "")) for t in tables.get("tags", [])}
    users = {u.get("id"): plain(str(u.get("name") or "")) for u in tables.get("users", [])}
    post_tags = _joined(tables.get("posts_tags", []), "tag_id", tags)
    post_authors = _joined(tables.get("posts_authors", []), "author_id", users)
    batch = Batch(name)
    for post in tables.get("posts", []):
        if not isinstance(post, dict):
            continue
        skipped = _skipped(post)
        if skipped:
            batch.skipped.append(skipped)
            continue
        authors = post_authors.get(post.get("id")) or [users.get(post.get("author_id"), "")]
        batch.articles.append(_article(post, post_tags.get(post.get("id"), []), authors))
    return batch


def _tables(name: str, data: bytes) -> dict:
    """The export's data tables, from either the current or the older layout."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(
            f"{name}: this is not readable JSON ({error}); export the content again from Ghost "
            "(Settings → Advanced → Import/Export)"
        ) from None
    if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
        document = document["db"][0]
    tables = document.get("data") if isinstance(document, dict) else None
    if not isinstance(tables, dict) or not isinstance(tables.get("posts"), list):
        raise ImportProblem(
            f"{name}: this JSON file is not a Ghost export (it has no posts); the importer reads "
            "Ghost's content export"
        )
    return tables


def _joined(rows: list, key: str, names: dict) -> dict[str, list[str]]:
    """post id → names, in the export's sort order, from a join table."""
    found: dict[str, list[str]] = {}
    ordered = sorted((r for r in rows if isinstance(r, dict)), key=lambda r: r.get("sort_order", 0))
    for row in ordered:
        name = names.get(row.get(key))
        if name:
            found.setdefault(row.get("post_id"), []).append(name)
    return found


def _skipped(post: dict) -> SkippedItem | None:
    """Pages and unpublished posts are skipped and counted."""
    label = plain(str(post.get("title") or "")) or str(post.get("slug") or "Untitled post")
    if post.get("type") == "page" or post.get("page") is True:
        return SkippedItem(label, "a page on Ghost, not a post", "page")
    status = post.get("status") or "published"
    if status == "draft":
        return SkippedItem(label, "a draft on Ghost", "draft")
    if status == "sent":
        return SkippedItem(label, "sent by email only on Ghost, never shown on the site")
    if status != "published":
        return SkippedItem(label, f"{status} on Ghost, not yet published (a draft)", "draft")
    return None


def _article(post: dict, topics: list[str], authors: list[str]) -> ParsedArticle:
    """One published post: body from its HTML (or Lexical text), tags as topics."""
    article = ParsedArticle(
        title=plain(str(post.get("title") or "")) or "Untitled post",
        body_md="",
        slug=str(post.get("slug") or ""),
        topics=[t for t in topics if not t.startswith("#")],  # #internal tags are Ghost's own
        author=", ".join(a for a in authors if a),
        source_url=str(post.get("canonical_url") or ""),
        source_id=f"ghost:{post.get('id')}" if post.get("id") else "",
        published_at=_when(post.get("published_at")),
    )
    convert(_html(post)).into(article)
    lead(article, str(post.get("custom_excerpt") or ""))
    visibility = str(post.get("visibility") or "public")
    if visibility != "public":
        article.hold_reason = "it is " + HELD.get(visibility, f"{visibility} only on Ghost")
    return article


def _html(post: dict) -> str:
    """The post's HTML; exports without it give Lexical JSON or plain text instead."""
    if post.get("html"):
        return str(post["html"])
    try:
        lexical = json.loads(post.get("lexical") or "null")
    except (TypeError, json.JSONDecodeError):
        lexical = None
    if isinstance(lexical, dict) and isinstance(lexical.get("root"), dict):
        return "".join(_lexical(node) for node in lexical["root"].get("children", []))
    text = str(post.get("plaintext") or "")
    return "".join(f"<p>{_escape(p)}</p>" for p in text.split("\n\n") if p.strip())


def _lexical(node: dict) -> str:
    """HTML for one Lexical editor node (paragraphs, headings, lists, quotes, text)."""
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    if kind == "text":
        return _escape(str(node.get("text") or ""))
    if kind == "linebreak":
        return "<br>"
    inner = "".join(_lexical(child) for child in node.get("children", []) or [])
    tag = LEXICAL_BLOCKS.get(kind)
    if kind == "heading":
        tag = str(node.get("tag") or "h2")
    elif kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
    return f"<{tag}>{inner}</{tag}>" if tag else inner


def _escape(text: str) -> str:
    """Text safe to place inside HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _when(value) -> datetime | None:
    """An ISO timestamp as naive UTC."""
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None
