"""WordPress and Squarespace exports (WXR): published posts become articles, the rest is counted.

Private and password-protected posts come in as drafts with the reason shown, whatever the
import was asked to do; drafts, pages, attachments and menu items are skipped and counted.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from portal.shelf.importer import Batch, ImportProblem, ParsedArticle, SkippedItem, xmlread
from portal.shelf.importer.convert import lead, plain, wordpress_content
from portal.shelf.service import base_language

NAMESPACES = (  # most specific first: the excerpt namespace sits under the export one
    ("wordpress.org/export/", "excerpt", "/excerpt/"),
    ("purl.org/rss/1.0/modules/content", "content", ""),
    ("wordpress.org/export/", "wp", ""),
    ("purl.org/dc/elements", "dc", ""),
)
SKIPPED_STATUS = {
    "draft": ("draft", "a draft"),
    "auto-draft": ("draft", "an unsaved draft"),
    "pending": ("draft", "waiting for review (a draft)"),
    "future": ("draft", "scheduled, not yet published (a draft)"),
    "trash": ("trash", "in the bin"),
}
SKIPPED_TYPE = {"page": "page", "attachment": "attachment", "nav_menu_item": "menu item"}


def read(name: str, data: bytes) -> Batch:
    """Every item of the export as an article or a skipped item with its reason."""
    root, repaired, damaged, recovered = xmlread.parse(name, data)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ImportProblem(f"{name}: this XML file is not a WordPress export (no RSS channel)")
    where = xmlread.platform(data)
    batch = Batch(name)
    if damaged or recovered:
        batch.notes.append(
            f"parts of {name} were damaged and were read as well as possible; check each "
            f"article, or export it again from {where}"
        )
    authors = _authors(channel)
    channel_values = _values(channel)
    blog = plain(channel_values.get("title", ""))
    language = base_language(channel_values.get("language"))  # the site's, e.g. "es-MX"
    for index, item in enumerate(channel.findall("item")):
        values = _values(item)
        label = plain(values.get("title", "")) or values.get("wp:post_name") or "Untitled item"
        skip = _skip_reason(values, where)
        if skip:
            batch.skipped.append(SkippedItem(label, skip[1], skip[0]))
            continue
        article = _article(item, values, authors, where)
        article.source_name, article.language = blog, language
        if index in repaired:
            article.notes.append(
                "stray &, < or HTML entities in the export were repaired; check the title and text"
            )
        if index in damaged:
            article.notes.append(
                f"this post was damaged in the export and read as well as possible; compare it "
                f"with the post on {where}"
            )
        batch.articles.append(article)
    return batch


def _skip_reason(values: dict[str, str], where: str) -> tuple[str, str] | None:
    """(kind, reason) for an item that is not a post to import, else None."""
    kind = values.get("wp:post_type") or "post"
    if kind != "post":
        label = SKIPPED_TYPE.get(kind, "other")
        name = label if label != "other" else kind
        return label, f"{'an' if name[:1] in 'aeiou' else 'a'} {name} on {where}, not a post"
    status = values.get("wp:status") or "publish"
    if status in SKIPPED_STATUS:
        kind, words = SKIPPED_STATUS[status]
        return kind, f"{words} on {where}"
    if status not in ("publish", "private"):
        return "other", f"has the status “{status}” on {where}"
    return None


def _key(tag) -> str:
    """A namespaced tag as a short prefixed name, e.g. "wp:post_type" ("" for comments)."""
    if not isinstance(tag, str):
        return ""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    for fragment, prefix, extra in NAMESPACES:
        if fragment in namespace and extra in namespace:
            return f"{prefix}:{local}"
    return local


def _values(element) -> dict[str, str]:
    """The text of an element's direct children, keyed by prefixed name (first one wins).

    A title written with unescaped HTML in it is XML markup: its words are all kept.
    """
    values: dict[str, str] = {}
    for child in element:
        key = _key(child.tag)
        if key:
            values.setdefault(key, "".join(child.itertext()).strip())  # <title>A <em>b</em>
    return values


def _authors(channel) -> dict[str, str]:
    """Author logins mapped to display names."""
    found = {}
    for author in channel:
        if _key(author.tag) == "wp:author":
            values = _values(author)
            login = values.get("wp:author_login", "")
            found[login] = plain(values.get("wp:author_display_name", "")) or login
    return found


def _article(item, values: dict[str, str], authors: dict[str, str], where: str) -> ParsedArticle:
    """One post as a parsed article: title, slug, date, content, categories, its source."""
    creator = values.get("dc:creator", "")
    link = values.get("link", "")
    article = ParsedArticle(
        title=plain(values.get("title", "")) or values.get("wp:post_name") or "Untitled post",
        slug=unquote(values.get("wp:post_name", "")),
        body_md="",
        topics=_categories(item),
        author=authors.get(creator, creator),
        source_url=link if link.startswith(("http://", "https://")) else "",
        source_id=values.get("guid") or link or _post_id(values),
        published_at=_date(values),
    )
    wordpress_content(values.get("content:encoded", "")).into(article)
    lead(article, values.get("excerpt:encoded", ""))
    if values.get("wp:post_password"):
        article.hold_reason = f"it is password-protected on {where}"
    elif values.get("wp:status") == "private":
        article.hold_reason = f"it is private on {where}"
    return article


def _post_id(values: dict[str, str]) -> str:
    """The post's number in the export, as a last resort for matching re-imports."""
    number = values.get("wp:post_id", "")
    return f"wp-post:{number}" if number else ""


def _categories(item) -> list[str]:
    """The post's categories (not its tags), without WordPress's "Uncategorized"."""
    names = [
        plain(category.text or "")
        for category in item.findall("category")
        if category.get("domain") == "category"
    ]
    return [n for n in names if n and n.lower() != "uncategorized"]


def _date(values: dict[str, str]) -> datetime | None:
    """The post's publication time in UTC (naive), from wp:post_date_gmt or pubDate."""
    raw = values.get("wp:post_date_gmt", "")
    try:
        if raw and not raw.startswith("0000"):
            return datetime.strptime(raw, "%Y-%m-%d %H:%M:%S")
        if values.get("pubDate"):
            parsed = parsedate_to_datetime(values["pubDate"])
            return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
    except (ValueError, TypeError):
        return None
    return None
