"""HTML to the shelf's Markdown: rich blocks made readable, furniture removed, text as written."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag
from markdownify import markdownify

from portal.shelf.importer import ParsedArticle, blocks, wordpress
from portal.shelf.importer.text import summary_of
from portal.shelf.markdown import is_safe_link

DROP_TAGS = (
    "script", "style", "noscript", "object", "form", "nav", "footer", "aside", "svg",
    "canvas", "button", "input", "select", "textarea", "template", "meta", "link", "source",
    "track",
)  # fmt: skip
EMOJI = re.compile(r"\bemoji\b|wp-smiley", re.IGNORECASE)
FURNITURE_HINT = re.compile(
    r"comment|share|sharing|social|subscri|newsletter|related|navigation|breadcrumb|sidebar|"
    r"widget|author-?bio|author-?box|post-?nav|pagination|advert|promo|cookie|jp-relatedposts|"
    r"button|emoji",
    re.IGNORECASE,
)


@dataclass
class Converted:
    """Markdown from HTML, with what could not come along (images, shortcodes)."""

    markdown: str
    images_dropped: int = 0
    notes: list[str] = field(default_factory=list)

    def into(self, article: ParsedArticle) -> ParsedArticle:
        """Put the body and its notes on an article."""
        article.body_md = self.markdown
        article.images_dropped += self.images_dropped
        article.notes += self.notes
        return article


def wordpress_content(content: str) -> Converted:
    """A WordPress post's content: shortcodes, then wpautop for classic posts, then convert."""
    text, removed = wordpress.shortcodes(content)
    if not wordpress.is_block_markup(text):
        text = wordpress.autop(text)
    converted = convert(text)
    if removed:
        names = ", ".join(f"[{name}]" for name in removed)
        converted.notes.append(f"removed shortcodes the shelf cannot show: {names}")
    return converted


def convert(root: Tag | BeautifulSoup | str) -> Converted:
    """Convert HTML to Markdown without furniture, unsafe links or images; h1 becomes ##."""
    if isinstance(root, str):
        root = BeautifulSoup(root, "html.parser")
    for emoji in list(root.find_all("img", class_=EMOJI)):
        emoji.replace_with(str(emoji.get("alt") or ""))  # WordPress draws emoji as images
    for picture in list(root.find_all("picture")):
        picture.unwrap()  # its <img> is the image (alt text, caption), its <source>s are not
    for tag in list(root.find_all(DROP_TAGS)):
        tag.decompose()
    for tag in list(root.find_all(True)):
        if not tag.decomposed and _is_furniture(tag):
            tag.decompose()
    dropped = blocks.prepare(root)
    for link in root.find_all("a"):
        href = str(link.get("href") or "").strip()
        if not is_safe_link(href):
            link.unwrap()
    markdown = markdownify(
        str(root), heading_style="ATX", bullets="-", escape_misc=False, newline_style="backslash"
    )  # a line break is a backslash: trailing spaces would be trimmed away
    return Converted(_tidy(markdown), dropped)


def fragment_to_markdown(root: Tag | BeautifulSoup | str) -> str:
    """Just the Markdown of an HTML fragment (see convert)."""
    return convert(root).markdown


def _is_furniture(tag: Tag) -> bool:
    """Sharing, subscribing, comment and button elements, known by their markup, not words."""
    if tag.name in ("article", "main", "body", "html") or tag.attrs is None:
        return False
    hint = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    return bool(FURNITURE_HINT.search(hint)) or tag.get("role") == "button"


def _tidy(markdown: str) -> str:
    """Demote h1 headings and collapse runs of blank lines.

    Furniture was removed by its markup before conversion; no line is dropped for its words,
    so a sentence about a newsletter or a heading called "Comments" stays in the article.
    """
    lines = [re.sub(r"^# ", "## ", line.rstrip()) for line in markdown.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text + "\n" if text else ""


def plain(value: str) -> str:
    """Text with any HTML tags and entities made plain (titles, excerpts), on one line."""
    if "<" in value or "&" in value:
        value = BeautifulSoup(value, "html.parser").get_text(" ")
        value = html_lib.unescape(value)
    value = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(value.split()))
    return value


def first_paragraph(markdown: str) -> str:
    """The first plain paragraph of Markdown text."""
    for block in markdown.split("\n\n"):
        stripped = block.lstrip()
        if stripped and not stripped.startswith(("#", "-", ">", "|", "*Image", "1.", "[")):
            return " ".join(block.split())
    return ""


def lead(article: ParsedArticle, excerpt: str = "") -> None:
    """The summary: the source's own excerpt when it has one, else the body's first paragraph."""
    excerpt = plain(excerpt)
    if excerpt:
        article.summary = excerpt
        return
    opening = first_paragraph(article.body_md)
    article.summary = _unmarked(summary_of([("p", [opening])])) if opening else ""
    article.summary_from_body = bool(article.summary)


def _unmarked(text: str) -> str:
    """A Markdown line as the plain words a reader sees (links, emphasis and escapes gone)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_)(\S.*?)\1", r"\2", text)
    return re.sub(r"\\([\\`*_\[\]#>|.-])", r"\1", text)
