"""Saved web pages: the article (or main) content converted to Markdown, furniture removed."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from markdownify import markdownify

from portal.shelf.importer import ParsedArticle
from portal.shelf.importer import furniture as f
from portal.shelf.importer.text import summary_of
from portal.shelf.markdown import is_safe_link

DROP_TAGS = (
    "script", "style", "noscript", "iframe", "object", "embed", "form", "nav", "footer",
    "aside", "svg", "canvas", "video", "audio", "button", "input", "select", "textarea",
    "template", "img", "picture", "figure", "meta", "link",
)  # fmt: skip
FURNITURE_HINT = re.compile(
    r"comment|share|sharing|social|subscribe|newsletter|related|navigation|breadcrumb|sidebar|"
    r"widget|author-?bio|author-?box|post-?nav|pagination|advert|promo|cookie|jp-relatedposts",
    re.IGNORECASE,
)
AUTHOR_HINT = re.compile(r"author|byline", re.IGNORECASE)


def parse(content: str) -> list[ParsedArticle]:
    """One article from an HTML page or fragment."""
    soup = BeautifulSoup(content, "html.parser")
    meta = _meta(soup)
    author = meta.get("author") or _byline(soup)
    root = soup.find("article") or soup.find("main") or _heading_parent(soup) or soup.body or soup
    heading = root.find("h1") or soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading else meta.get("title", "")
    if heading is not None and heading in root.descendants:
        heading.decompose()
    body = fragment_to_markdown(root)
    if not title:
        first, _, body = body.partition("\n")
        title = first.lstrip("# ").strip()
    if not title and not body.strip():
        return []
    article = ParsedArticle(title=title, body_md=body, author=author or "")
    article.source_url = meta.get("url", "")
    article.summary = meta.get("description") or summary_of([("p", [_first_paragraph(body)])])
    return [article]


def fragment_to_markdown(root: Tag | BeautifulSoup | str) -> str:
    """Convert HTML to Markdown without furniture, unsafe links or images; h1 becomes ##."""
    if isinstance(root, str):
        root = BeautifulSoup(_paragraphs(root), "html.parser")
    for tag in list(root.find_all(DROP_TAGS)):
        tag.decompose()
    for tag in list(root.find_all(True)):
        if tag.decomposed:
            continue
        hint = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
        if tag.name not in ("article", "main", "body") and FURNITURE_HINT.search(hint):
            tag.decompose()
    for link in root.find_all("a"):
        href = str(link.get("href") or "").strip()
        if not is_safe_link(href):
            link.unwrap()
    markdown = markdownify(str(root), heading_style="ATX", bullets="-", escape_misc=False)
    return _tidy(markdown)


def _tidy(markdown: str) -> str:
    """Drop furniture lines, demote h1 headings, collapse runs of blank lines."""
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(("-", "#", ">", "|")) and f.is_furniture(stripped):
            continue
        if f.TAIL_START.match(stripped.lstrip("# ")) and lines:
            break
        lines.append(re.sub(r"^# ", "## ", line.rstrip()))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text + "\n" if text else ""


def _paragraphs(html: str) -> str:
    """Wrap blank-line-separated text in <p> when a fragment has none (WordPress stores it so)."""
    if re.search(r"<p[\s>]", html, re.IGNORECASE):
        return html
    parts = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
    return "".join(
        p if re.match(r"<(h\d|ul|ol|blockquote|pre|div|table)", p) else f"<p>{p}</p>" for p in parts
    )


def _meta(soup: BeautifulSoup) -> dict:
    """Title, author, description and canonical address from the page head."""
    found: dict = {}
    if soup.title and soup.title.string:
        found["title"] = soup.title.string.strip()
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").lower()
        value = str(tag.get("content") or "").strip()
        names = {"author": "author", "description": "description", "og:description": "description",
                 "og:url": "url", "og:title": "title"}  # fmt: skip
        if key in names and value and names[key] not in found:
            found[names[key]] = value
    canonical = soup.find("link", rel="canonical")
    href = str(canonical.get("href") or "") if canonical else ""
    if href.startswith(("http://", "https://")):
        found["url"] = href
    return found


def _byline(soup: BeautifulSoup) -> str | None:
    """The author from rel=author or an element whose class names the author or byline."""
    tag = soup.find(attrs={"rel": "author"}) or soup.find(class_=AUTHOR_HINT)
    if tag is None:
        return None
    text = tag.get_text(" ", strip=True)
    return f.byline_author(text) or (text if 0 < f.words(text) <= 4 else None)


def _heading_parent(soup: BeautifulSoup) -> Tag | None:
    """The element holding the page's h1, when there is no article or main element."""
    heading = soup.find("h1")
    return heading.parent if heading is not None and heading.parent.name != "[document]" else None


def _first_paragraph(markdown: str) -> str:
    """The first plain paragraph of Markdown text."""
    for block in markdown.split("\n\n"):
        if block.strip() and not block.lstrip().startswith(("#", "-", ">", "|", "1.")):
            return " ".join(block.split())
    return ""
