"""Saved web pages, Medium exports and Jekyll/Hugo .html files: the article, not the page."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from portal.shelf.importer import ParsedArticle, templating
from portal.shelf.importer import furniture as f
from portal.shelf.importer.convert import convert, lead, plain
from portal.shelf.importer.frontmatter import apply_meta, meta_title, split_front_matter
from portal.shelf.service import base_language

AUTHOR_HINT = re.compile(r"author|byline", re.IGNORECASE)
LICENCES = {"/by/": "CC BY", "/by-sa/": "CC BY-SA", "/by-nc/": "CC BY-NC", "/by-nd/": "CC BY-ND",
            "/by-nc-sa/": "CC BY-NC-SA", "/by-nc-nd/": "CC BY-NC-ND"}  # fmt: skip


def parse(content: str) -> list[ParsedArticle]:
    """One article from an HTML page or fragment, with front matter read when it has some."""
    meta, content = split_front_matter(content)
    template_code = ParsedArticle(title="", body_md="")  # what removing it left to report
    if meta:  # a static site's page: its Liquid tags and shortcodes are not the article
        content = templating.clean(content, template_code, liquid=True, html=True)
    soup = BeautifulSoup(content, "html.parser")
    found = _meta(soup)
    root = soup.find("article") or soup.find("main") or _heading_parent(soup) or soup.body or soup
    body_root = root.find(attrs={"data-field": "body"}) or root  # Medium keeps the post there
    title, subtitle = _title(soup, root, found), _subtitle(root)
    _drop_repeats(body_root, title, subtitle)
    article = ParsedArticle(title=title, body_md="", author=found.get("author", ""))
    article.notes, article.images_dropped = template_code.notes, template_code.images_dropped
    convert(body_root).into(article)
    if not article.title and not meta_title(meta):  # front matter names it: the text is body
        first, _, rest = article.body_md.partition("\n")
        article.title, article.body_md = first.lstrip("# ").strip(), rest.lstrip("\n")
    if not article.title and not article.body_md.strip():
        return []
    article.source_url = found.get("url", "")
    article.source_id = article.source_url
    article.licence = found.get("licence", "")
    article.language = _page_language(soup, root)
    article.published_at = None
    lead(article, subtitle or found.get("description", ""))
    apply_meta(article, meta)
    article.hold_reason = article.hold_reason or _medium_draft(soup)
    return [article]


def _page_language(soup: BeautifulSoup, root: Tag) -> str:
    """The language the article's element or the page states (`lang`), as a base code."""
    for tag in (root, soup.find("html")):
        if isinstance(tag, Tag) and base_language(str(tag.get("lang") or "")):
            return base_language(str(tag["lang"]))
    return ""


def _medium_draft(soup: BeautifulSoup) -> str:
    """Why a Medium export page is a draft: Medium gives every published post its date."""
    if soup.find(attrs={"data-field": "body"}) is None or soup.find("footer") is None:
        return ""
    exported = "medium.com" in str(soup.find("footer")).lower()
    if exported and soup.find("time", class_="dt-published") is None:
        return "it is a draft in the Medium export (it has no publication date)"
    return ""


def _title(soup: BeautifulSoup, root: Tag, found: dict) -> str:
    """The page's h1 (removed from the body), else its head title."""
    heading = root.find("h1") or soup.find("h1")
    if heading is None:
        return found.get("title", "")
    title = plain(heading.get_text(" "))
    if heading in root.descendants:
        heading.decompose()
    return title


def _subtitle(root: Tag) -> str:
    """A Medium-style subtitle kept outside the body (it becomes the summary)."""
    tag = root.find(attrs={"data-field": "subtitle"})
    return plain(tag.get_text(" ")) if tag is not None else ""


def _drop_repeats(body: Tag, title: str, subtitle: str) -> None:
    """Remove a leading rule and leading blocks that repeat the title or subtitle."""
    repeats = {" ".join(x.lower().split()) for x in (title, subtitle) if x}
    for tag in list(body.find_all(True)):
        if tag.decomposed:
            continue
        text = " ".join(tag.get_text(" ", strip=True).lower().split())
        if tag.name == "hr":
            tag.decompose()
            continue
        if tag.name in ("h1", "h2", "h3", "h4", "h5", "h6", "p") and text in repeats:
            tag.decompose()
            continue
        if text and tag.name in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote"):
            return  # the first real block: repeats can only come before it


def _meta(soup: BeautifulSoup) -> dict:
    """Title, author, description, canonical address and licence from the page."""
    found: dict = {}
    if soup.title and soup.title.string:
        found["title"] = plain(soup.title.string)
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").lower()
        value = str(tag.get("content") or "").strip()
        names = {"author": "author", "description": "description", "og:description": "description",
                 "og:url": "url", "og:title": "title"}  # fmt: skip
        if key in names and value and names[key] not in found:
            found[names[key]] = value
    for rel, key in (("canonical", "url"), ("license", "licence")):
        link = soup.find(["link", "a"], rel=rel) or soup.find("a", class_=f"p-{rel}")
        href = str(link.get("href") or "") if link else ""
        if href.startswith(("http://", "https://")):
            found[key] = href if key == "url" else _licence(href)
    found.setdefault("author", _byline(soup) or "")
    return found


def _licence(href: str) -> str:
    """A Creative Commons licence address as its short name (CC BY 4.0), else ""."""
    match = re.search(r"creativecommons\.org/licenses(/[a-z-]+/)(\d\.\d)", href)
    if not match or match.group(1) not in LICENCES:
        return ""
    return f"{LICENCES[match.group(1)]} {match.group(2)}"


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
