"""Raw HTML written inside Markdown files, made into Markdown the shelf shows.

The shelf renders Markdown with HTML switched off (for safety), so a Jekyll or Hugo post's
<figure>, <div> or <br> would reach readers as escaped markup. Block-level HTML is converted
like any imported HTML (figures become alt text and caption, images are counted); common
inline tags become their Markdown (emphasis, links, line breaks) or plain words. Code spans
and anything that is not a known tag (such as "a <3 b") are left as written.
"""

from __future__ import annotations

import re

from portal.shelf.importer import ParsedArticle
from portal.shelf.importer.convert import convert
from portal.shelf.markdown import is_safe_link

BLOCK_START = re.compile(
    r"^ {0,3}<(?:div|figure|p|table|details|section|aside|blockquote|ul|ol|dl|h[1-6]|center|"
    r"img|picture|article|header|footer|hr)(?=[\s/>])",
    re.IGNORECASE,
)
CHUNKS = re.compile(r"(\n[ \t]*\n)")
CODE_SPAN = re.compile(r"(`+[^`\n]*`+)")
EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
EMPHASIS_TAG = re.compile(r"</?(?P<name>em|i|strong|b)(?:\s[^>]*)?>", re.IGNORECASE)
BREAK = re.compile(r"[ \t]*<br\s*/?>[ \t]*(?:\n[ \t]*)?", re.IGNORECASE)
LINK = re.compile(
    r"<a\s[^>]*?href\s*=\s*[\"'](?P<href>[^\"']*)[\"'][^>]*>(?P<text>.*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
PLAIN_TAG = re.compile(
    r"</?(?:span|mark|u|small|kbd|abbr|cite|q|sup|sub|font|ins|del|s|big|time)(?:\s[^>]*)?>",
    re.IGNORECASE,
)


def to_markdown(text: str, article: ParsedArticle) -> str:
    """Markdown prose (no code fences) with its raw HTML made Markdown."""
    pieces = CHUNKS.split(text)
    for index, piece in enumerate(pieces):
        if index % 2:
            continue  # the blank lines between chunks
        if BLOCK_START.match(piece):
            converted = convert(piece)
            article.images_dropped += converted.images_dropped
            pieces[index] = converted.markdown.strip()
        else:
            pieces[index] = _inline(piece)
    return "".join(pieces)


def _inline(chunk: str) -> str:
    """Inline tags in one paragraph made Markdown, outside code spans."""
    parts = CODE_SPAN.split(chunk)
    for index in range(0, len(parts), 2):
        part = LINK.sub(_link, parts[index])
        part = EMPHASIS_TAG.sub(lambda m: EMPHASIS[m.group("name").lower()], part)
        part = PLAIN_TAG.sub("", part)
        parts[index] = BREAK.sub("\\\\\n", part)
    text = "".join(parts)
    return re.sub(r"\\\n(?=\s*$)", "", text)  # a break at the paragraph's end breaks nothing


def _link(match: re.Match) -> str:
    """<a href> as a Markdown link (its words only when the address is not safe)."""
    href, words = match.group("href").strip(), match.group("text").strip()
    return f"[{words}]({href})" if is_safe_link(href) and words else words
