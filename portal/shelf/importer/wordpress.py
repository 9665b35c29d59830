"""WordPress post content rules: shortcodes and the classic editor's paragraph rule (wpautop)."""

from __future__ import annotations

import html
import re

# Shortcodes that wrap words a reader should keep: the wrapper goes, the content stays.
# [embed]address[/embed] becomes an embed figure, which the conversion makes a link.
CAPTION = re.compile(r"\[(?:wp_)?caption\b[^\]]*\](?P<body>.*?)\[/(?:wp_)?caption\]", re.S | re.I)
EMBED = re.compile(r"\[embed\b[^\]]*\](?P<url>.*?)\[/embed\]", re.S | re.I)
PAIRED = re.compile(
    r"\[(?P<name>[a-z][\w-]*)(?P<attrs>\s[^\]]*)?\](?P<body>.*?)\[/(?P=name)\]", re.S
)
# Self-closing shortcodes: WordPress's own media ones, or any name followed by attributes.
CORE = "gallery|audio|video|playlist|embed|caption|wp_caption"
SINGLE = re.compile(
    rf"\[(?P<name>{CORE})\b[^\]]*\]|\[(?P<named>[a-z][\w-]*)\s+[\w-]+=[^\]]*\]", re.I
)
BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary|video|audio|iframe|object"
)
BLOCK_TAG = re.compile(rf"(<(?:{BLOCKS})[\s/>])", re.I)
BLOCK_END = re.compile(rf"(</(?:{BLOCKS})>)", re.I)
PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
TAG = re.compile(r"<[^<>]+>")
ANY_BLOCK = rf"</?(?:{BLOCKS})[^>]*>"
UNWRAP = [  # WordPress's clean-up after wrapping every part in <p>, in its order
    (re.compile(r"<p>\s*</p>"), ""),
    (re.compile(r"<p>([^<]+)</(div|address|form)>", re.I), r"<p>\1</p></\2>"),
    (re.compile(rf"<p>\s*({ANY_BLOCK})\s*</p>", re.I), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>", re.I), r"\1"),
    (re.compile(r"<p><blockquote([^>]*)>", re.I), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>", re.I), "</p></blockquote>"),
    (re.compile(rf"<p>\s*({ANY_BLOCK})", re.I), r"\1"),
    (re.compile(rf"({ANY_BLOCK})\s*</p>", re.I), r"\1"),
]
BREAKS = re.compile(r"(<br\s*/?>)?[ \t]*\n", re.I)  # a newline is a break unless it follows one
BLOCK_BEFORE_BR = re.compile(rf"({ANY_BLOCK})\s*<br />", re.I)
BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.I)


def is_block_markup(content: str) -> bool:
    """Block-editor posts carry <!-- wp:… --> comments; WordPress never runs wpautop on them."""
    return "<!-- wp:" in content


def shortcodes(content: str) -> tuple[str, list[str]]:
    """Unwrap content shortcodes, remove the rest; return the text and the names removed."""
    removed: list[str] = []
    content = CAPTION.sub(lambda m: _caption(m.group("body")), content)
    content = EMBED.sub(lambda m: _embed_figure(m.group("url")), content)

    def single(match: re.Match) -> str:
        """Remove a self-closing shortcode, remembering its name."""
        removed.append((match.group("name") or match.group("named")).lower())
        return ""

    for _ in range(3):  # nested paired shortcodes, outermost first
        content = PAIRED.sub(lambda m: _unwrap(m, removed), content)
    content = SINGLE.sub(single, content)
    return content, list(dict.fromkeys(removed))


def _embed_figure(url: str) -> str:
    """[embed]address[/embed] as the figure a block-editor embed would be."""
    return f"<figure>{html.escape(url.strip())}</figure>"


def _unwrap(match: re.Match, removed: list[str]) -> str:
    """A paired shortcode keeps its content; media ones (audio, video) keep nothing."""
    if match.group("name").lower() in ("audio", "video", "playlist", "gallery"):
        removed.append(match.group("name").lower())
        return ""
    return match.group("body")


def _caption(body: str) -> str:
    """[caption]<img …> Words[/caption] as a figure with the words as its caption."""
    image = re.search(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", body, re.I)
    if not image:
        return body
    words = (body[: image.start()] + body[image.end() :]).strip()
    return f"<figure>{image.group(0)}<figcaption>{words}</figcaption></figure>"


def autop(content: str) -> str:
    """WordPress's wpautop: blank lines make paragraphs, single newlines line breaks.

    The same steps as WordPress's own function: every blank-line part is wrapped in <p>, then
    the <p> around block tags is taken away again, so paragraphs inside a quote or a <div>
    stay paragraphs and a classic post that mixes <p> and bare text keeps every one.
    """
    kept: dict[str, str] = {}

    def hold(match: re.Match) -> str:
        """Keep a <pre> block out of the rule (its newlines are the text)."""
        key = f"<pre wp-autop-{len(kept)}></pre>"
        kept[key] = match.group(0)
        return key

    text = PRE.sub(hold, content.replace("\r\n", "\n").replace("\r", "\n"))
    text = TAG.sub(lambda m: m.group(0).replace("\n", " "), text)  # newlines inside a tag
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = BLOCK_END.sub(r"\1\n\n", BLOCK_TAG.sub(r"\n\n\1", text))
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join(f"<p>{part}</p>\n" for part in parts)
    for pattern, replacement in UNWRAP:
        html = pattern.sub(replacement, html)
    html = BREAKS.sub(lambda m: m.group(0) if m.group(1) else "<br />\n", html)
    html = BLOCK_BEFORE_BR.sub(r"\1", html)
    html = BR_BEFORE_BLOCK.sub(r"\1", html)
    for key, value in kept.items():
        html = html.replace(key, value)
    return html.strip()
