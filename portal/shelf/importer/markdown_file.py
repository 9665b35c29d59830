"""Markdown files with optional front matter; HTML comments dropped, raw HTML made Markdown.

Headings keep their place: h1 in the body becomes h2 and h5/h6 become h4, the levels an
article shows (any other level would be printed as bare text).
"""

from __future__ import annotations

import re

from portal.shelf.importer import ParsedArticle, footnotes, raw_html, templating
from portal.shelf.importer.convert import convert, lead
from portal.shelf.importer.frontmatter import apply_meta, meta_title, split_front_matter
from portal.shelf.markdown import UPLOADS_PREFIX

HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
MEDIA = re.compile(
    r"<(video|audio|iframe)\b[^>]*?(?:/>|>.*?</\1\s*>)|<(?:video|audio|iframe)\b[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
DEEP_HEADING = re.compile(r"^ {0,3}#{5,6}(?=[ \t]|$)", re.MULTILINE)
TOP_HEADING = re.compile(r"^ {0,3}#(?=[ \t])", re.MULTILINE)
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+\"[^\"]*\")?\)")


def parse(content: str) -> list[ParsedArticle]:
    """One article: front matter values, else the first `# heading` (or first line) as title."""
    meta, body = split_front_matter(content)
    body = body.strip("\n")
    title = ""
    match = HEADING.search(body)
    if match and not body[: match.start()].strip():
        title, body = match.group("title"), body[match.end() :].lstrip("\n")
    elif body and not meta_title(meta):
        first, _, rest = body.partition("\n")
        title, body = first.lstrip("# ").strip(), rest.lstrip("\n")
    article = ParsedArticle(title=title or "Untitled article", body_md="")
    article.body_md = _clean(body, article, liquid=bool(meta))
    if not title and not meta_title(meta) and not article.body_md.strip():
        return []
    lead(article)
    apply_meta(article, meta)
    return [article]


def _clean(body: str, article: ParsedArticle, liquid: bool = False) -> str:
    """The body without HTML comments, raw media turned into links, images into their alt text."""
    pieces, last = [], 0
    for fence in FENCE.finditer(body):  # code blocks are kept exactly as written
        pieces += [_clean_prose(body[last : fence.start()], article, liquid), fence.group(0)]
        last = fence.end()
    pieces.append(_clean_prose(body[last:], article, liquid))
    text = footnotes.number(re.sub(r"\n{3,}", "\n\n", "".join(pieces))).strip("\n")
    return text + "\n" if text.strip() else ""


def _clean_prose(text: str, article: ParsedArticle, liquid: bool) -> str:
    """Comments, template code, media and images handled in prose outside code blocks."""
    text = templating.clean(COMMENT.sub("", text), article, liquid)
    text = DEEP_HEADING.sub("####", TOP_HEADING.sub("##", text))  # the levels an article shows

    def media(match: re.Match) -> str:
        """A raw <video>/<audio>/<iframe> block as a Markdown link or a short note."""
        converted = convert(match.group(0))
        return "\n\n" + converted.markdown.strip() + "\n\n"

    def image(match: re.Match) -> str:
        """An image the shelf cannot hold: its alt text stays, the image is counted."""
        if match.group("src").startswith(UPLOADS_PREFIX):
            return match.group(0)  # the practice's own uploads are shown
        article.images_dropped += 1
        alt = " ".join(match.group("alt").split())
        return f"*Image: {alt.rstrip('.')}.*" if alt else ""

    text = raw_html.to_markdown(MEDIA.sub(media, text), article)
    return IMAGE.sub(image, text)
