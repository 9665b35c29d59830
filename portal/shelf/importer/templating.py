"""Static-site template code in posts: Hugo shortcodes and Jekyll (Liquid) tags.

They are the static sites' shortcodes and would otherwise reach readers verbatim. A Hugo
figure becomes its alt text and caption (the image is counted), a YouTube or Vimeo shortcode
a link, a paired shortcode keeps its content; Liquid tags go and keep what they wrap. What
was removed is named in the import notes.
"""

from __future__ import annotations

import re
from html import escape

from portal.shelf.importer import ParsedArticle

HUGO_PAIRED = re.compile(
    r"\{\{[<%]\s*(?P<name>[\w-]+)(?P<attrs>[^}]*?)\s*[>%]\}\}(?P<body>.*?)"
    r"\{\{[<%]\s*/(?P=name)\s*[>%]\}\}",
    re.DOTALL,
)
HUGO_SINGLE = re.compile(r"\{\{[<%]\s*(?P<name>[\w-]+)(?P<attrs>.*?)/?\s*[>%]\}\}", re.DOTALL)
ATTRIBUTE = re.compile(r"(?P<key>[\w-]+)\s*=\s*(?:\"(?P<quoted>[^\"]*)\"|(?P<bare>\S+))")
VIDEO = {"youtube": ("YouTube", "https://www.youtube.com/watch?v={}"),
         "vimeo": ("Vimeo", "https://vimeo.com/{}")}  # fmt: skip
RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<body>.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
LIQUID_TAG = re.compile(r"\{%-?\s*(?P<name>\w+)[^%]*?-?%\}")
LIQUID_OUTPUT = re.compile(r"\{\{-?\s*[^{}]*?\s*-?\}\}")


def clean(text: str, article: ParsedArticle, liquid: bool, html: bool = False) -> str:
    """The text without shortcodes and (for front-matter files) Liquid tags; notes what went.

    What replaces a figure or video is Markdown, or HTML when the text is HTML.
    """
    removed: list[str] = []
    for _ in range(3):  # nested paired shortcodes, outermost first
        text = HUGO_PAIRED.sub(lambda m: m.group("body"), text)
    text = HUGO_SINGLE.sub(lambda m: _single(m, article, removed, html), text)
    if liquid:  # {% raw %} keeps its content exactly as written
        parts = RAW.split(text)
        for index in range(0, len(parts), 2):
            part = LIQUID_TAG.sub(lambda m: _noted(removed, m.group("name")), parts[index])
            parts[index] = LIQUID_OUTPUT.sub(lambda m: _noted(removed, "{{ }}"), part)
        text = "".join(parts)
    if removed:
        names = ", ".join(dict.fromkeys(removed))
        article.notes.append(f"removed template code the shelf cannot show: {names}")
    return text


def _noted(removed: list[str], name: str) -> str:
    """Remember a removed tag's name; nothing takes its place."""
    removed.append(name)
    return ""


def _single(match: re.Match, article: ParsedArticle, removed: list[str], html: bool) -> str:
    """One self-closing Hugo shortcode as the words or link a reader needs, else nothing."""
    name, attrs = match.group("name").lower(), _attributes(match.group("attrs"))
    if name == "figure":
        article.images_dropped += 1
        words = [f"Image: {attrs['alt'].rstrip('.')}." if attrs.get("alt") else ""]
        words.append(attrs.get("caption") or attrs.get("title") or "")
        text = " ".join(w for w in words if w)
        if not text:
            return ""
        return f"<p><em>{escape(text)}</em></p>" if html else f"*{text}*"
    if name in VIDEO:
        ident = attrs.get("id") or next(iter(attrs.get("_", [])), "")
        if re.fullmatch(r"[\w-]+", ident or ""):
            site, url = VIDEO[name]
            label, url = attrs.get("title") or f"A video on {site}", url.format(ident)
            return f'<p><a href="{url}">{escape(label)}</a></p>' if html else f"[{label}]({url})"
    removed.append(name)
    return ""


def _attributes(raw: str) -> dict:
    """Shortcode attributes as a dict; positional values are listed under "_"."""
    found: dict = {"_": []}
    for match in ATTRIBUTE.finditer(raw):
        found[match.group("key").lower()] = match.group("quoted") or match.group("bare") or ""
    rest = ATTRIBUTE.sub("", raw)
    found["_"] = [v.strip("\"'") for v in rest.split() if v.strip("\"'/")]
    return found
