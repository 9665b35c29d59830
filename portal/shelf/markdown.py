"""Markdown to safe HTML: markdown-it-py renders, then nh3 keeps only an allowlist."""

from __future__ import annotations

import html as html_lib
import math
import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable(
    "table"
)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "b",
    "i",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"scope"},
    "ol": {"start"},
}
UPLOADS_PREFIX = "/static/uploads/"
_SAFE_LINK = re.compile(r"^(https?://|mailto:|/(?!/))", re.IGNORECASE)


def is_safe_link(href: str) -> bool:
    """Whether a link target is http(s), mailto or a path on this site."""
    return bool(_SAFE_LINK.match(href)) and "\\" not in href


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    """Links: http(s), mailto or site paths only; images: the practice's own uploads only."""
    if tag == "a" and attr == "href":
        return value if is_safe_link(value) else None
    if tag == "img" and attr == "src":
        return value if value.startswith(UPLOADS_PREFIX) and ".." not in value else None
    return value


def render(markdown_text: str) -> str:
    """Render Markdown and sanitise the HTML; raw HTML in the source never survives."""
    html = _md.render(markdown_text or "")
    return sanitise(html)


_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def sanitise(html: str) -> str:
    """Keep only allowlisted tags, attributes and URLs; images that lost their source go too."""
    return _IMG_WITHOUT_SRC.sub("", _clean(html))


def _clean(html: str) -> str:
    """nh3 with the portal's allowlist."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def reading_minutes(markdown_text: str) -> int:
    """Minutes to read at about 200 words a minute, at least one."""
    words = len(re.findall(r"\w+", markdown_text or ""))
    return max(1, math.ceil(words / 200))


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|tr)>|<br\s*/?>", re.IGNORECASE)


def plain_text(html: str) -> str:
    """The words of sanitised HTML without tags, for the search index and excerpts."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + "\n", html or "")
    stripped = nh3.clean(spaced, tags=set(), strip_comments=True)
    return re.sub(r"[ \t]*\n\s*", "\n", html_lib.unescape(stripped)).strip()
