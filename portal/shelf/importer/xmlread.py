"""Read export XML safely and leniently: no DTDs or entity tricks, common breakages repaired.

Real exports are often not quite XML: Squarespace writes bare `&` and `<` in titles and HTML
entities such as `&nbsp;` that XML does not define. Those are repaired item by item (CDATA
untouched) and reported. An item still broken is read alone by lxml's recovering parser (so
it cannot swallow the items after it), which never loads a DTD, never resolves entities and
never touches the network.
"""

from __future__ import annotations

import re
from html.entities import html5
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from lxml import etree

from portal.shelf.importer import ImportProblem

XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;)(?P<name>[A-Za-z][A-Za-z0-9]*;)?")
CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
BARE_LT = re.compile(r"<(?=[\s\d=<>]|$)")  # "less < more", "<3": never the start of a tag
ITEM = re.compile(r"(<item[\s>].*?</item>)", re.DOTALL)


def platform(data: bytes) -> str:
    """The platform that wrote the export, for advice that names it."""
    head = data[:20_000].lower()
    return "Squarespace" if b"squarespace" in head else "WordPress"


def parse(name: str, data: bytes) -> tuple[object, list[int], list[int], bool]:
    """The root, the items repaired, the items lxml mended alone, and whether all was recovered."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:100_000], re.IGNORECASE):
        raise ImportProblem(
            f"{name}: the file declares XML entities or a DTD, which the importer refuses for "
            f"safety; export it again from {platform(data)}"
        )
    try:
        return fromstring(data, forbid_dtd=True), [], [], False
    except DefusedXmlException:
        raise ImportProblem(f"{name}: the file declares XML entities, which are refused") from None
    except (ParseError, ValueError):
        pass
    text, repaired = repair(data.decode("utf-8", errors="replace"))
    try:
        return fromstring(text.encode("utf-8"), forbid_dtd=True), repaired, [], False
    except (ParseError, ValueError, DefusedXmlException) as error:
        _check_complete(name, data, text, error)
    text, damaged = _mend_items(text)  # one broken item must not swallow the ones after it
    try:
        return fromstring(text.encode("utf-8"), forbid_dtd=True), repaired, damaged, False
    except (ParseError, ValueError, DefusedXmlException) as error:
        return _recover(name, data, text, error), repaired, damaged, True


def _check_complete(name: str, data: bytes, text: str, error: Exception) -> None:
    """Refuse a file whose end is missing: recovering it would silently drop posts."""
    if not re.search(r"</rss>\s*$", text[-400:]):
        raise ImportProblem(
            f"{name}: the XML is damaged or incomplete ({error}); the end of the file is "
            f"missing, so export it again from {platform(data)}"
        )


def _mend_items(text: str) -> tuple[str, list[int]]:
    """Each item that is not well-formed on its own, read by lxml's recovering parser alone."""
    head = re.search(r"<rss\b[^>]*>", text)
    opening = head.group(0) if head else "<rss>"
    damaged: list[int] = []
    pieces = ITEM.split(text)
    index = -1
    for position, piece in enumerate(pieces):
        if not ITEM.fullmatch(piece):
            continue
        index += 1
        wrapped = f"{opening}{piece}</rss>".encode()
        try:
            fromstring(wrapped, forbid_dtd=True)
        except (ParseError, ValueError, DefusedXmlException):
            damaged.append(index)
            root = etree.fromstring(wrapped, _recovering_parser())
            item = root.find("item") if root is not None else None
            pieces[position] = etree.tostring(item, encoding="unicode") if item is not None else ""
    return "".join(pieces), damaged


def _recovering_parser():
    """lxml in recovery mode: no DTD, no entities, no network."""
    return etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )


def _recover(name: str, data: bytes, text: str, error: Exception):
    """lxml in recovery mode for a file that is complete but broken outside its items."""
    root = etree.fromstring(text.encode("utf-8"), _recovering_parser())
    if root is None:
        raise ImportProblem(
            f"{name}: the XML is damaged ({error}); export it again from {platform(data)}"
        )
    return root


def repair(text: str) -> tuple[str, list[int]]:
    """Escape bare `&` and turn HTML-only entities into characters; note which items changed."""
    repaired: list[int] = []
    parts = ITEM.split(text)
    index = -1
    for position, part in enumerate(parts):
        is_item = bool(ITEM.fullmatch(part))
        index += is_item
        fixed = _repair_outside_cdata(part)
        if fixed != part:
            parts[position] = fixed
            if is_item:
                repaired.append(index)
    return "".join(parts), repaired


def _repair_outside_cdata(text: str) -> str:
    """Entity and bare `<` repairs on the text outside CDATA (inside it all is literal)."""
    pieces = CDATA.split(text)
    return "".join(
        p if p.startswith("<![CDATA[") else BARE_LT.sub("&lt;", AMPERSAND.sub(_entity, p))
        for p in pieces
    )


def _entity(match: re.Match) -> str:
    """A bare ampersand escaped, an HTML entity as its character, XML's own left alone."""
    name = match.group("name")
    if name is None:
        return "&amp;"
    if name[:-1] in XML_ENTITIES:
        return match.group(0)
    if name in html5:
        return html5[name].replace("&", "&amp;").replace("<", "&lt;")
    return "&amp;" + name
