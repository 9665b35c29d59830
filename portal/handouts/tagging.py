"""Repairs to WeasyPrint's PDF/UA tag tree, run as its `finisher` before the PDF is written.

WeasyPrint 70 tags what it draws, but four things it cannot express from HTML or CSS:

* margin boxes (running header, footer, "Page x of y") get marked content that no reachable
  element lists; we turn it into pagination artifacts (the crisis line is also in the body,
  once, as real text: see docs/architecture.md);
* an `<li>` holding blocks (`<p>`, a nested `<div>`) puts them straight under `LI`, which
  PDF/UA allows only `Lbl` and `LBody`; we wrap them in an `LBody`;
* a `<th>` gets `Headers`/`ID` but no `Scope`; we add the scope WeasyPrint itself used to map
  headers to cells (Row when a cell of the same row points at it, else Column);
* a link that wraps onto a second line becomes two `Link` elements; we merge them into one;
* an element's `lang` only sets the catalog's Lang (from `<html>`); a packet's article in
  another language gets its `Sect` elements (one per page it spans) a `Lang` of their own.

It works on the pydyf objects in memory, so it costs no re-parse of the finished PDF.
"""

from __future__ import annotations

import pydyf

ARTIFACT = pydyf.Dictionary({"Type": "/Pagination"})


class Tags:
    """The document's structure objects, looked up by reference."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.nums = self.get(self.root["ParentTree"])["Nums"]

    def get(self, reference):
        """The object a reference (b"12 0 R") points at; objects pass through."""
        if isinstance(reference, bytes | str):
            return self.pdf.objects[int(reference.split()[0])]
        return reference

    def parent_entry(self, key: int):
        """The ParentTree value stored under a key (a page's array or an annotation's element)."""
        for index in range(0, len(self.nums), 2):
            if self.nums[index] == key:
                return self.nums[index + 1]
        return None

    def set_parent_entry(self, key: int, value) -> None:
        """Point a ParentTree key (an annotation's StructParent) at another element."""
        for index in range(0, len(self.nums), 2):
            if self.nums[index] == key:
                self.nums[index + 1] = value
                return

    def elements(self) -> list[pydyf.Dictionary]:
        """Every element reachable from the root, depth first, in reading order."""
        found, pending = [], list(reversed(self.root["K"]))
        while pending:
            element = self.get(pending.pop())
            if element.get("Type") != "/StructElem":  # an annotation's OBJR
                continue
            found.append(element)
            pending += reversed([k for k in element["K"] if isinstance(k, bytes)])
        return found


def finish(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: repair the tag tree so the PDF passes PDF/UA-1 structurally."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    tags = Tags(pdf)
    elements = tags.elements()
    _artifact_margin_content(tags, {e.number for e in elements})
    _mark_section_languages(tags, elements, _page_languages(document))
    for element in elements:
        if element["S"] == "/LI":
            _wrap_list_body(tags, element)
        elif element["S"] == "/TR":
            _scope_headers(tags, element)
        _merge_split_links(tags, element)


def _artifact_margin_content(tags: Tags, reachable: set[int]) -> None:
    """Marked content of margin boxes (listed by no reachable element) becomes an Artifact."""
    pages = tags.pdf.pages["Kids"][::3]
    for page_number, object_number in enumerate(pages):
        mapping = tags.parent_entry(page_number)
        orphans = {
            mcid
            for mcid, ref in enumerate(mapping or [])
            if isinstance(ref, bytes) and tags.get(ref).number not in reachable
        }
        if not orphans:
            continue
        stream = tags.get(tags.pdf.objects[object_number]["Contents"])
        _rewrite_marks(stream.stream, orphans)
        for mcid in orphans:
            mapping[mcid] = "null"


def _rewrite_marks(operations: list, mcids: set[int]) -> None:
    """'/Span <</MCID n>> BDC' -> '/Artifact <</Type /Pagination>> BDC' for these MCIDs."""
    for index, item in enumerate(operations):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids:
            operations[index - 1] = "/Artifact"
            operations[index] = ARTIFACT


def _page_languages(document) -> list[str]:
    """The `lang` of the section each page shows ("" for a page with none, or with two)."""
    found = []
    for page in document.pages:
        langs = {
            box.element.get("lang")
            for box in page._page_box.descendants()
            if box.element_tag == "section" and box.element.get("lang")
        }
        found.append(langs.pop() if len(langs) == 1 else "")
    return found


def _mark_section_languages(tags: Tags, elements: list, page_langs: list[str]) -> None:
    """Give each top-level Sect the Lang of its page's section when it is not the document's."""
    document_lang = _string(tags.pdf.catalog.get("Lang", ""))
    pages = tags.pdf.page_references
    for element in elements:
        if element["S"] != "/Sect" or tags.get(element["P"]).get("S") != "/Part":
            continue
        lang = page_langs[pages.index(element["Pg"])] if element.get("Pg") in pages else ""
        if lang and lang != document_lang:
            element["Lang"] = pydyf.String(lang)


def _wrap_list_body(tags: Tags, item: pydyf.Dictionary) -> None:
    """Put every kid of an LI that is not its Lbl or LBody into one LBody, in order."""
    kids = list(item["K"])
    body_kids = [k for k in kids if not _is_type(tags, k, ("/Lbl", "/LBody"))]
    if not body_kids:
        return
    body = pydyf.Dictionary(
        {"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(), "P": item.reference}
    )
    if "Pg" in item:
        body["Pg"] = item["Pg"]
    tags.pdf.add_object(body)
    for kid in body_kids:
        body["K"].append(kid)
        if isinstance(kid, bytes):
            tags.get(kid)["P"] = body.reference
        elif isinstance(kid, int):  # an MCID straight under LI: its owner is now the LBody
            _remap_mcid(tags, item, kid, body.reference)
    first = kids.index(body_kids[0])
    rest = [k for k in kids if k not in body_kids]
    item["K"] = pydyf.Array(rest[:first] + [body.reference] + rest[first:])


def _is_type(tags: Tags, kid, types: tuple[str, ...]) -> bool:
    """Whether a K entry is an element of one of these types."""
    return isinstance(kid, bytes) and tags.get(kid).get("S") in types


def _remap_mcid(tags: Tags, element: pydyf.Dictionary, mcid: int, owner: bytes) -> None:
    """Point a page's ParentTree entry for this MCID at its new owner."""
    page = tags.pdf.page_references.index(element["Pg"])
    tags.parent_entry(page)[mcid] = owner


def _scope_headers(tags: Tags, row: pydyf.Dictionary) -> None:
    """Give each TH of a row the Scope WeasyPrint's Headers already imply."""
    cells = [tags.get(k) for k in row["K"] if isinstance(k, bytes)]
    pointed = {
        _string(header)
        for cell in cells
        if cell["S"] == "/TD"
        for header in cell.get("A", {}).get("Headers", [])
    }
    for cell in cells:
        if cell["S"] == "/TH":
            attributes = cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
            scope = "/Row" if _string(cell.get("ID")) in pointed else "/Column"
            attributes.setdefault("Scope", scope)


def _string(value) -> str:
    """The text of a pydyf String (or of a plain value)."""
    return str(getattr(value, "string", value))


def _merge_split_links(tags: Tags, element: pydyf.Dictionary) -> None:
    """Two Link kids in a row with the same target are one link broken by a line end."""
    kids = element["K"]
    index = 0
    while index < len(kids) - 1:
        first, second = kids[index], kids[index + 1]
        if (
            _is_type(tags, first, ("/Link",))
            and _is_type(tags, second, ("/Link",))
            and _target(tags, first) is not None
            and _target(tags, first) == _target(tags, second)
        ):
            _move_link_kids(tags, tags.get(second), tags.get(first))
            del kids[index + 1]
            continue
        index += 1


def _target(tags: Tags, link_ref: bytes) -> str | None:
    """A Link element's destination: its annotation's URI or internal destination."""
    for kid in tags.get(link_ref)["K"]:
        if isinstance(kid, bytes):
            reference = tags.get(kid)
            if reference.get("Type") == "/OBJR":
                annotation = tags.get(reference["Obj"])
                action = annotation.get("A") or {}
                target = action.get("URI") or annotation.get("Dest")
                return _string(target) if target is not None else None
    return None


def _move_link_kids(tags: Tags, source: pydyf.Dictionary, target: pydyf.Dictionary) -> None:
    """Move the marked content and annotations of one Link element into another."""
    for kid in source["K"]:
        target["K"].append(kid)
        if isinstance(kid, int):
            _remap_mcid(tags, source, kid, target.reference)
        elif isinstance(kid, bytes):
            annotation = tags.get(tags.get(kid)["Obj"])
            if "StructParent" in annotation:
                tags.set_parent_entry(annotation["StructParent"], target.reference)
