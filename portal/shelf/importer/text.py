"""Text copied from a blog page: title, headings, lists, no page furniture, author from the bio."""

from __future__ import annotations

import re

from portal.shelf.importer import ParsedArticle
from portal.shelf.importer import furniture as f

BULLET = re.compile(r"^\s*(?:(?P<mark>[•●○▪◦·‣⁃*–-])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$")
CLOSING_PUNCTUATION = re.compile(r"[.!?:;,…]['\"”’)\]»]*$")
HEADER_BLOCKS = 3
BIO_WINDOW = 6


def parse(content: str) -> list[ParsedArticle]:
    """One article from pasted blog text (an empty list when there is no text at all)."""
    blocks = _blocks(content)
    if not blocks:
        return []
    title = blocks[0][0].strip()
    blocks = ([blocks[0][1:]] if len(blocks[0]) > 1 else []) + blocks[1:]
    blocks = _cut_tail(blocks)
    blocks, author = _strip_header(blocks)
    blocks = _drop_navigation(blocks)
    body, closing = _split_closing(blocks)
    details = _closing_details(closing)
    body = [kept for kept in ([x for x in b if not f.is_furniture(x)] for b in body) if kept]
    segments = _segments(body)
    summary = summary_of(segments)
    return [  # the body keeps every paragraph; the summary says it was drawn from it
        ParsedArticle(
            title=title,
            body_md=to_markdown(segments),
            summary=summary,
            author=details.get("author") or author or "",
            author_bio=details.get("bio", ""),
            source_name=details.get("source_name", ""),
            summary_from_body=bool(summary),
        )
    ]


def _blocks(content: str) -> list[list[str]]:
    """Paragraph blocks: runs of non-blank lines, non-breaking spaces made plain."""
    blocks, current = [], []
    for raw in content.replace("\u00a0", " ").replace("\u200b", "").split("\n"):
        line = raw.rstrip()
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cut_tail(blocks: list[list[str]]) -> list[list[str]]:
    """Drop everything from the comments or related-posts section on."""
    for index, block in enumerate(blocks):
        if index and f.TAIL_START.match(block[0].strip()):
            return blocks[:index]
    return blocks


def _strip_header(blocks: list[list[str]]) -> tuple[list[list[str]], str | None]:
    """Remove a byline, date or reading-time line just under the title, keeping the author."""
    author, kept = None, []
    for index, block in enumerate(blocks):
        if index < HEADER_BLOCKS and len(block) == 1:
            name = f.byline_author(block[0])
            if name or f.DATE_LINE.match(block[0].strip()) or f.is_furniture(block[0]):
                author = author or name
                continue
        kept.append(block)
    return kept, author


def _drop_navigation(blocks: list[list[str]]) -> list[list[str]]:
    """Remove previous/next links, related-post lists and the post titles that follow them."""
    kept, index = [], 0
    while index < len(blocks):
        block = blocks[index]
        if f.RELATED.match(block[0].strip()):
            index += 1
            while index < len(blocks) and f.is_post_title(blocks[index]):
                index += 1
            continue
        if f.is_nav_block(block):
            index += 1
            only_words = all(f.NAV_LINE.match(x.strip()) for x in block)
            if only_words and index < len(blocks) and f.is_title_like(blocks[index]):
                index += 1
            continue
        kept.append(block)
        index += 1
    return kept


def _split_closing(blocks: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Separate a closing author biography (and what follows it) from the article body."""
    start = max(1, len(blocks) - BIO_WINDOW)
    for index in range(len(blocks) - 1, start - 1, -1):
        text = " ".join(x.strip() for x in blocks[index])
        after = blocks[index + 1 :]
        if f.bio_author(text) and all(_minor(b) for b in after):
            if index > 1 and f.ABOUT.match(blocks[index - 1][0].strip()):
                index -= 1
            return blocks[:index], blocks[index:]
        name = f.byline_author(text) if len(blocks[index]) == 1 else None
        if name and all(_minor(b) for b in after):
            return blocks[:index], blocks[index:]
    return blocks, []


def _minor(block: list[str]) -> bool:
    """A block after a biography that is furniture or a short line, not more article."""
    return all(f.is_furniture(x) or f.words(x) <= 30 for x in block)


def _closing_details(closing: list[list[str]]) -> dict:
    """Author, biography and blog name from the closing blocks; promotion is dropped."""
    details: dict = {}
    bio: list[str] = []
    for block in closing:
        text = " ".join(x.strip() for x in block)
        if f.ABOUT.match(text):
            continue
        name = f.bio_author(text) or (f.byline_author(text) if len(block) == 1 else None)
        if name and "author" not in details:
            details["author"] = name
            if f.bio_author(text):
                bio += [s for s in f.sentences(text) if not f.is_furniture(s)]
        blog = f.BLOG_NAME.search(text)
        if blog and "source_name" not in details:
            details["source_name"] = blog.group("name").strip()
    details["bio"] = " ".join(bio)
    return details


def _segments(blocks: list[list[str]]) -> list[tuple[str, list[str]]]:
    """Classify blocks into ("p", lines), ("ul"/"ol", items) and ("h", [line]) segments."""
    segments: list[tuple[str, list[str]]] = []
    for block in blocks:
        for kind, lines in _split_lists(block):
            previous = segments[-1] if segments else None
            if kind in ("ul", "ol") and previous and previous[0] == kind:
                previous[1].extend(lines)
            else:
                segments.append((kind, list(lines)))
    for index, (kind, lines) in enumerate(segments):
        following = segments[index + 1][0] if index + 1 < len(segments) else None
        if kind == "p" and following in ("p", "ul", "ol") and _heading_like(lines):
            segments[index] = ("h", lines)
    return segments


def _split_lists(block: list[str]) -> list[tuple[str, list[str]]]:
    """Split a block into paragraph lines and list items (wrapped item lines joined)."""
    parts: list[tuple[str, list[str]]] = []
    for line in block:
        match = BULLET.match(line)
        if match:
            kind = "ol" if match.group("number") else "ul"
            if parts and parts[-1][0] == kind:
                parts[-1][1].append(match.group("text").strip())
            else:
                parts.append((kind, [match.group("text").strip()]))
        elif parts and parts[-1][0] in ("ul", "ol"):
            parts[-1][1][-1] += " " + line.strip()
        elif parts:
            parts[-1][1].append(line.strip())
        else:
            parts.append(("p", [line.strip()]))
    return parts


def _heading_like(lines: list[str]) -> bool:
    """One short line, starting with a capital, without closing punctuation."""
    if len(lines) != 1:
        return False
    line = lines[0]
    return (
        len(line) <= 90
        and f.words(line) <= 14
        and not CLOSING_PUNCTUATION.search(line)
        and (line[0].isupper() or line[0].isdigit() or line[0] in "“\"'‘")
    )


def escape_line(line: str) -> str:
    """Escape what Markdown would read as syntax in plain pasted text."""
    line = re.sub(r"([\\`*_\[\]])", r"\\\1", line)
    line = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", line)
    return re.sub(r"^([#>+=~|-])", r"\\\1", line)


def to_markdown(segments: list[tuple[str, list[str]]]) -> str:
    """Markdown for the segments; line breaks inside a paragraph are kept as hard breaks."""
    out = []
    for kind, lines in segments:
        if kind == "h":
            out.append("## " + escape_line(lines[0]))
        elif kind == "ul":
            out.append("\n".join("- " + escape_line(x) for x in lines))
        elif kind == "ol":
            out.append("\n".join(f"{n}. " + escape_line(x) for n, x in enumerate(lines, 1)))
        else:
            out.append("\\\n".join(escape_line(x) for x in lines))
    return "\n\n".join(out) + "\n"


def summary_of(segments: list[tuple[str, list[str]]], limit: int = 300) -> str:
    """The first paragraph, cut at a sentence end when it is long."""
    for kind, lines in segments:
        if kind == "p":
            text = " ".join(lines)
            if len(text) <= limit:
                return text
            kept = ""
            for sentence in f.sentences(text):
                if len(kept) + len(sentence) + 1 > limit:
                    break
                kept = f"{kept} {sentence}".strip()
            return kept or text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return ""
