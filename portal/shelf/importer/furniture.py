"""Recognise blog-page furniture (navigation, sharing, subscribing, comments) and author lines."""

from __future__ import annotations

import re

SOCIAL = (
    r"(?:facebook|twitter|x|instagram|threads|tiktok|youtube|linkedin|pinterest|reddit|whatsapp|"
    r"tumblr|mastodon|bluesky|substack|telegram|email|print)"
)
NAV_LINE = re.compile(
    r"^[«‹←<\s]*(?:previous|prev|next|older|newer)(?:\s+(?:posts?|articles?|entry|entries|"
    r"stories|story|page))?[\s:»›→>]*$|^[«‹←<]+\s*(?:newer|older)?\s*$|^(?:home|see all|menu)$",
    re.IGNORECASE,
)
RELATED = re.compile(
    r"^(?:related(?: posts| articles| reading)?|recent posts|popular posts|"
    r"you (?:may|might) also like|read next|more (?:posts|articles|from .{1,60}))[\s:.!]*$",
    re.IGNORECASE,
)
NAV_COMBINED = re.compile(
    r"^(?:newer|older|previous|next)\s+posts?\s+(?:newer|older|previous|next)", re.I
)
TAIL_START = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment|write a comment|"
    r"\d+\s+(?:comments?|responses?|replies)|comments?(?:\s*\(\d+\))?|no comments|"
    r"(?:one|no) (?:comments?|responses?|thoughts?)|responses|join the (?:conversation|discussion)|"
    r"discussion about this post|cancel reply|subscribe to: post comments.*)[\s:.!]*"
    r"(?:cancel reply)?$",
    re.IGNORECASE,
)
FURNITURE_LINE = re.compile(
    rf"^(?:share(?: this(?: post| article| story)?)?|share (?:on|to) {SOCIAL}.*|email this|"
    r"blog ?this|"
    r"click to (?:share|print|email).*|like this|like|loading\.*|like loading\.*|"
    r"be the first to like this\.?|tweet|pin it|follow|listen|save|"
    rf"{SOCIAL}|tags?:.*|tagged(?: with)?:.*|categor(?:y|ies):.*|filed under:?.*|"
    r"posted in:?.*|read more|continue reading.*|\d+\s+min(?:ute)?s?\s+read|reading time:.*|"
    r"\d[\d,.]*k?\s+(?:views?|likes?|followers?|comments?)|subscribe(?: now| here)?|"
    r"type your email.*|sign in|sign up|home|see all|recent posts|"
    r"posted by .{1,60} at \d{1,2}:\d{2}.*)[\s:.!…]*$",
    re.IGNORECASE,
)
PROMO = re.compile(
    r"\b(?:un)?subscrib|\bnewsletter\b|\bmailing list\b|\bnever miss\b|"
    rf"\b(?:follow|find|connect with|join)\b[^.]{{0,40}}\b(?:on|at)\s+{SOCIAL}\b|"
    r"\bshare (?:this|on)\b|\bcheck out (?:my|our|her|his|their)\b|"
    r"\bdownload (?:my|our|the|your) free\b|\bsign up (?:for|to)\b",
    re.IGNORECASE,
)
NAME = r"(?:Dr\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}"
BIO = re.compile(
    rf"^(?:about the author[:.]?\s*)?(?P<name>{NAME})(?:,\s*[A-Z][\w.,\s-]{{1,40}},)?\s+"
    r"(?:is|was|has been|works|writes|lives|practi[cs]es|speciali[sz]es|helps)\b"
)
ROLE = re.compile(
    r"therapist|counsel|psycholog|psychiatr|author|writer|coach|social worker|clinician|founder|"
    r"licensed|LCSW|LPC|LMFT|MFT|PhD|Psy\.?D|doctor|practitioner|blogger",
    re.IGNORECASE,
)
ABOUT = re.compile(r"^about the author[:.]?$|^about me[:.]?$", re.IGNORECASE)
BYLINE = re.compile(
    r"^(?:(?i:posted|written|published)\s+)?(?:(?i:on)\s+.{3,30}?\s+)?(?i:by)\s+"
    rf"(?P<name>{NAME}|[A-Z][\w'’.-]+)(?:\s+(?i:on|at|in|\||·|-|–|—)(?:\s.*)?)?[\s.]*$"
)
DATE_LINE = re.compile(
    r"^(?:posted|published|updated)?\s*(?:on\s*)?(?:[a-z]+day,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?|[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?),?\s+\d{4}$|"
    r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}/\d{1,2}/\d{2,4}$",
    re.IGNORECASE,
)
BLOG_NAME = re.compile(
    r"\b(?:blog|column|podcast|newsletter|site|website)\s+(?:called|named|titled)\s+"
    r"[“\"]?(?P<name>[A-Z][^.,;!?“”\"]*?)[”\"]?(?=\s+(?:to|for|where|which|and)\b|[.,;!?]|$)"
)
SENTENCE = re.compile(r"(?<=[.!?…])[”’\"]?\s+(?=[A-Z“\"])")


def words(line: str) -> int:
    """How many words a line has."""
    return len(line.split())


def is_furniture(line: str) -> bool:
    """A line that belongs to the page around the article, not to the article."""
    stripped = line.strip()
    if not stripped:
        return True
    if FURNITURE_LINE.match(stripped) or NAV_COMBINED.match(stripped):
        return True
    return words(stripped) <= 30 and bool(PROMO.search(stripped))


def is_nav_block(lines: list[str]) -> bool:
    """A previous/next block: the first line is a navigation word, the rest at most a title."""
    return (
        bool(NAV_LINE.match(lines[0].strip()))
        and all(words(x) <= 20 for x in lines[1:3])
        and (len(lines) <= 3)
    )


def is_title_like(lines: list[str]) -> bool:
    """A single short line, as a neighbouring post's title would be."""
    return len(lines) == 1 and 0 < words(lines[0]) <= 20


def is_post_title(lines: list[str]) -> bool:
    """Short lines without a full stop, as a list of other posts' titles would be."""
    return all(0 < words(x) <= 14 and not x.rstrip().endswith(".") for x in lines)


def byline_author(line: str) -> str | None:
    """The name in a "By Jane Doe" / "Written by Jane Doe" line, if this is one."""
    match = BYLINE.match(line.strip())
    if not match or words(line) > 14:
        return None
    return match.group("name").strip()


def sentences(text: str) -> list[str]:
    """Split prose into sentences (good enough for biographies)."""
    return [s.strip() for s in SENTENCE.split(text) if s.strip()]


def bio_author(text: str) -> str | None:
    """The person a closing biography is about, when the text reads like one."""
    match = BIO.match(text.strip())
    if match and ROLE.search(text):
        return match.group("name").strip()
    return None
