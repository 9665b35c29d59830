"""Rich blocks of blog HTML made readable before conversion: figures, tables, quotes, media.

Block-editor posts wrap tables, pull quotes, embeds and images in <figure>; each becomes what a
reader of a handout needs: a table stays a table, a pull quote a block quote, an embed or a
bookmark card a link with its title, an image its alt text beside its caption (the image file
itself is not imported, and the count is reported).
Headings deeper than the article allows become h4.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from portal.shelf.markdown import is_safe_link

MEDIA = ("video", "audio", "iframe", "embed", "object")
CARD_BLOCKS = ("div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "section", "figure")
_FACTORY = BeautifulSoup("", "html.parser")


def _new(name: str, text: str = "", **attrs: str) -> Tag:
    """A new element with optional text, ready to insert into any tree."""
    tag = _FACTORY.new_tag(name, attrs=attrs)
    if text:
        tag.string = text
    return tag


def prepare(soup: BeautifulSoup | Tag) -> int:
    """Rewrite the tree in place for Markdown conversion; return how many images were dropped."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for heading in soup.find_all(["h5", "h6"]):
        heading.name = "h4"
    for verse in soup.find_all("pre", class_="wp-block-verse"):
        _verse(verse)
    for summary in soup.find_all("summary"):  # a <details> question, kept apart from its answer
        summary.wrap(_new("p")).find("summary").name = "strong"
    dropped = sum(_figure(figure) for figure in list(soup.find_all("figure")))
    _footnote_marks(soup)
    _block_links(soup)  # a card's logo and thumbnail are not the article's images
    dropped += sum(_image(img) for img in list(soup.find_all("img")))
    for media in list(soup.find_all(MEDIA)):
        if not media.decomposed:
            _media(media)
    for table in soup.find_all("table"):
        _table(table)
    _keep_backslashes(soup)
    _drop_empty(soup)
    return dropped


def _verse(pre: Tag) -> None:
    """A poem (the block editor's verse) as a paragraph keeping its lines, not as code."""
    paragraph = _new("p")
    for number, line in enumerate(pre.get_text().strip("\n").split("\n")):
        if number:
            paragraph.append(_new("br"))
        paragraph.append(NavigableString(line))
    pre.replace_with(paragraph)


def _figure(figure: Tag) -> int:
    """One <figure> replaced by its readable content; returns the images it held."""
    if figure.decomposed:
        return 0
    caption_tag = figure.find("figcaption")
    caption = caption_tag.get_text(" ", strip=True) if caption_tag else ""
    if caption_tag is not None:
        caption_tag.decompose()
    images = figure.find_all("img")
    if _link_card(figure, caption):
        return 0
    if figure.find("table") is not None:
        _after(figure, caption)
        figure.unwrap()
        return 0
    if figure.find("blockquote") is not None:
        figure.unwrap()
        return 0
    if images:
        alts = [_alt(img) for img in images]
        for img in images:
            img.decompose()
        _replace_with_image_text(figure, [a for a in alts if a], caption)
        return len(images)
    if figure.find(MEDIA) is not None or _embed_url(figure):
        _embed(figure, caption)
        return 0
    _after(figure, caption)
    figure.unwrap()
    return 0


def _link_card(figure: Tag, caption: str) -> bool:
    """A bookmark card (a link wrapping a title, text and a thumbnail) as a link with its title."""
    link = figure.find("a", href=True)
    title = _card_title(link) if link else ""
    if not title or link.find(["table", "blockquote"]) is not None:
        return False
    paragraph = _card_link(link, title)
    figure.replace_with(paragraph)
    if caption:
        paragraph.insert_after(_new("p", caption))
    return True


def _card_title(link: Tag) -> str:
    """A card's title: the element named as its title, else its heading, else its first words."""
    named = link.find(class_=lambda c: bool(c) and "title" in c.lower())
    heading = named or link.find(["h1", "h2", "h3", "h4", "h5", "h6", "strong"])
    if heading is not None and heading.get_text(strip=True):
        return " ".join(heading.get_text(" ", strip=True).split())
    return next((" ".join(s.split()) for s in link.find_all(string=True) if s.strip()), "")


def _card_link(link: Tag, title: str) -> Tag:
    """A paragraph with the card's title linked to where it pointed (plain if unsafe)."""
    href = str(link.get("href") or "").strip()
    paragraph = _new("p")
    if is_safe_link(href) and href.startswith("http"):
        paragraph.append(_new("a", title, href=href))
    else:
        paragraph.string = title
    return paragraph


def _footnote_marks(soup: BeautifulSoup | Tag) -> None:
    """A footnote reference as [1] (not a number glued to the word); back-arrows dropped."""
    for link in list(soup.find_all("a", href=lambda h: bool(h) and h.startswith("#"))):
        words = link.get_text(strip=True)
        sup = link.find_parent("sup")
        if sup is not None and words.isdigit():
            sup.replace_with(NavigableString(f"[{words}]"))
        elif not any(ch.isalnum() for ch in words):
            link.decompose()  # ↩ back to the text: there is no jumping in print


def _block_links(soup: BeautifulSoup | Tag) -> None:
    """A link wrapped around blocks (an embedded-post card) as one link with the card's title."""
    for link in list(soup.find_all("a")):
        if link.decomposed or link.find(CARD_BLOCKS) is None:
            continue
        title = _card_title(link)
        if title:
            link.replace_with(_card_link(link, title))
        else:
            link.decompose()


def _alt(img: Tag) -> str:
    """An image's alt text, one line."""
    return " ".join(str(img.get("alt") or "").split())


def _image_text(alts: list[str], caption: str) -> str:
    """The words a reader sees instead of an image: its alt text, then its caption."""
    parts = [f"Image: {alt.rstrip('.')}." for alt in alts]
    if caption and all(caption != alt for alt in alts):
        parts.append(caption)
    return " ".join(parts)


def _replace_with_image_text(tag: Tag, alts: list[str], caption: str) -> None:
    """Put a paragraph with the alt text and caption where the image was (nothing if neither)."""
    words = _image_text(alts, caption)
    if not words:
        tag.decompose()
        return
    paragraph = _new("p")
    paragraph.append(_new("em", words))
    tag.replace_with(paragraph)


def _image(img: Tag) -> int:
    """A bare image (not in a figure): its alt text stays inline; the image is counted."""
    alt = _alt(img)
    if alt:
        img.replace_with(NavigableString(f"(Image: {alt.rstrip('.')}.)"))
    else:
        img.decompose()
    return 1


def _after(tag: Tag, caption: str) -> None:
    """Insert the caption as its own paragraph after the tag."""
    if caption:
        tag.insert_after(_new("p", caption))


def _embed_url(tag: Tag) -> str:
    """The address an embed points at: an iframe or media source, else a bare URL in the text."""
    for media in tag.find_all(MEDIA) if tag.name not in MEDIA else [tag]:
        src = str(media.get("src") or media.get("data") or "")
        source = media.find("source") if not src else None
        src = src or (str(source.get("src") or "") if source else "")
        if src:
            return src
    text = tag.get_text(" ", strip=True)
    return text if text.startswith(("http://", "https://")) and " " not in text else ""


def _embed(tag: Tag, caption: str = "") -> None:
    """An embedded video, post or audio as a link with its title (or a note when unsafe)."""
    url = _embed_url(tag)
    title = caption or str(tag.get("title") or "") or _titled(tag)
    paragraph = _new("p")
    if url.startswith("//"):
        url = "https:" + url
    if url and is_safe_link(url) and url.startswith("http"):
        label = title or f"Embedded content from {urlsplit(url).hostname or 'another site'}"
        paragraph.append(_new("a", label, href=url))
    else:
        paragraph.string = f"({title or 'Media'} from the original post is not included.)"
    tag.replace_with(paragraph)


def _titled(tag: Tag) -> str:
    """A title attribute on the media inside an embed, if any."""
    for media in tag.find_all(MEDIA):
        if media.get("title"):
            return str(media["title"])
    return ""


def _media(media: Tag) -> None:
    """A video, audio or iframe outside a figure: a link with its title."""
    _embed(media, "")


def _table(table: Tag) -> None:
    """A table Markdown can hold: flat cells, escaped pipes, the first row as header."""
    for cell in table.find_all(["td", "th"]):
        words = " ".join(cell.get_text(" ", strip=True).split())
        words = words.replace("\\", "\\\\").replace("|", "\\|")
        cell.clear()
        cell.append(NavigableString(words))
    if table.find("th") is None:
        first = table.find("tr")
        for cell in first.find_all("td") if first else []:
            cell.name = "th"


def _keep_backslashes(soup: BeautifulSoup | Tag) -> None:
    """Double backslashes in text so Markdown shows them as written (code keeps them as is)."""
    for string in list(soup.find_all(string=lambda s: "\\" in s)):
        if isinstance(string, Comment) or string.find_parent(["code", "pre", "td", "th"]):
            continue
        string.replace_with(NavigableString(string.replace("\\", "\\\\")))


def _drop_empty(soup: BeautifulSoup | Tag) -> None:
    """Remove paragraphs and wrappers left with no words (never leave an empty block)."""
    for tag in list(soup.find_all(["p", "div", "span", "li", "blockquote", "a"])):
        if not tag.decomposed and not tag.get_text(strip=True) and tag.find("br") is None:
            tag.decompose()
