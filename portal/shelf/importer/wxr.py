"""WordPress exports (WXR): each published post becomes an article; pages and drafts are skipped."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from portal.shelf.importer import ImportProblem, ParsedArticle
from portal.shelf.importer.html import fragment_to_markdown
from portal.shelf.importer.text import summary_of

NAMESPACES = (  # most specific first: the excerpt namespace sits under the export one
    ("wordpress.org/export/", "excerpt", "/excerpt/"),
    ("purl.org/rss/1.0/modules/content", "content", ""),
    ("wordpress.org/export/", "wp", ""),
    ("purl.org/dc/elements", "dc", ""),
)


def parse(name: str, data: bytes) -> list[ParsedArticle]:
    """Published posts from a WXR file; a malformed file or entity tricks are refused."""
    root = _parse_xml(name, data)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ImportProblem(f"{name}: this XML file is not a WordPress export (no RSS channel)")
    authors = _authors(channel)
    articles = []
    for item in channel.findall("item"):
        values = _values(item)
        if values.get("wp:post_type") != "post" or values.get("wp:status") != "publish":
            continue
        articles.append(_article(item, values, authors))
    return articles


def _parse_xml(name: str, data: bytes) -> Element:
    """Parse with defusedxml: DTDs, entity expansion and external references are refused."""
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ImportProblem(
            f"{name}: the file declares XML entities or a DTD, which the importer refuses for "
            "safety; export it again from WordPress"
        ) from None
    except (ParseError, ValueError) as error:
        raise ImportProblem(
            f"{name}: the XML is damaged or incomplete ({error}); export it again from WordPress"
        ) from None


def _key(tag: str) -> str:
    """A namespaced tag as a short prefixed name, e.g. "wp:post_type"."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    for fragment, prefix, extra in NAMESPACES:
        if fragment in namespace and extra in namespace:
            return f"{prefix}:{local}"
    return local


def _values(element: Element) -> dict[str, str]:
    """The text of an element's direct children, keyed by prefixed name (first one wins)."""
    values: dict[str, str] = {}
    for child in element:
        values.setdefault(_key(child.tag), (child.text or "").strip())
    return values


def _authors(channel: Element) -> dict[str, str]:
    """Author logins mapped to display names."""
    found = {}
    for author in channel:
        if _key(author.tag) == "wp:author":
            values = _values(author)
            login = values.get("wp:author_login", "")
            found[login] = values.get("wp:author_display_name") or login
    return found


def _article(item: Element, values: dict[str, str], authors: dict[str, str]) -> ParsedArticle:
    """One post as a parsed article: title, slug, date, content, categories as topics."""
    body = fragment_to_markdown(values.get("content:encoded", ""))
    excerpt = " ".join(values.get("excerpt:encoded", "").split())
    creator = values.get("dc:creator", "")
    topics = [
        (category.text or "").strip()
        for category in item.findall("category")
        if category.get("domain") == "category" and (category.text or "").strip()
    ]
    return ParsedArticle(
        title=values.get("title") or values.get("wp:post_name") or "Untitled post",
        slug=values.get("wp:post_name", ""),
        body_md=body,
        summary=excerpt or summary_of([("p", [_first_paragraph(body)])]),
        topics=[t for t in topics if t.lower() != "uncategorized"],
        author=authors.get(creator, creator),
        source_url=values.get("link", "") if values.get("link", "").startswith("http") else "",
        published_at=_date(values),
    )


def _first_paragraph(markdown: str) -> str:
    """The first paragraph of the converted body, for a summary."""
    for block in markdown.split("\n\n"):
        if block.strip() and not block.lstrip().startswith(("#", "-", ">")):
            return " ".join(block.split())
    return ""


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
