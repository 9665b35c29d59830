"""A structural PDF/UA-1 checker (pikepdf): the machine-checkable rules veraPDF applies, by number.

veraPDF cannot run here, so the tests walk the structure tree and every page's content stream
themselves. Each failure names the rule of veraPDF's PDF/UA-1 profile it stands for (clause and
test number of ISO 14289-1), so a report reads like veraPDF's: "7.2-20: LI holds a P".
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

PAINTING = {
    "Tj",
    "TJ",
    "'",
    '"',
    "S",
    "s",
    "f",
    "F",
    "f*",
    "B",
    "B*",
    "b",
    "b*",
    "sh",
    "INLINE IMAGE",
}
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
HEADING = re.compile(r"^H([1-6])$")


@dataclass(frozen=True)
class Failure:
    """One broken rule: its veraPDF number and what is wrong, in words."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass
class Element:
    """A structure element as the checker sees it: standard type, kids and where it sits."""

    obj: pikepdf.Dictionary
    type: str
    parent: Element | None
    kids: list[Element] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page number, MCID)
    annots: list[tuple[int, int]] = field(default_factory=list)  # annotation objgen


@dataclass
class Tree:
    """The reachable structure: elements in reading order and what they point to."""

    elements: list[Element] = field(default_factory=list)
    by_objgen: dict[tuple[int, int], Element] = field(default_factory=dict)
    reached: set[tuple[int, int]] = field(default_factory=set)  # (page number, MCID)


def check(data: bytes) -> list[Failure]:
    """Every failure in a PDF, in the order the rules are listed in ISO 14289-1."""
    pdf = pikepdf.open(io.BytesIO(data))
    failures: list[Failure] = []
    failures += _document_rules(pdf)
    tree = _walk_tree(pdf)
    failures += _structure_rules(tree)
    failures += _content_rules(pdf, tree)
    failures += _annotation_rules(pdf, tree)
    failures += _font_rules(pdf)
    return failures


def assert_pdfua(data: bytes, kind: str = "PDF") -> None:
    """Fail the test with every broken rule listed, one per line."""
    failures = check(data)
    unique = list(dict.fromkeys(str(f) for f in failures))
    assert not unique, f"{kind} fails PDF/UA-1 ({len(failures)}):\n" + "\n".join(unique[:40])


# --- document-level rules ------------------------------------------------------------------


def _document_rules(pdf: pikepdf.Pdf) -> list[Failure]:
    """5-1, 5-2, 7.1-8 to 7.1-11, 7.2-29/7.2-34: identification, title, tagging, language."""
    root = pdf.Root
    failures = []
    xmp = (
        bytes(root.Metadata.read_bytes()).decode("utf-8", "replace") if "/Metadata" in root else ""
    )
    if not xmp:
        failures.append(Failure("7.1-8", "the catalog has no Metadata stream"))
    if "pdfuaid" not in xmp:
        failures.append(Failure("5-1", "the metadata has no PDF/UA identification schema"))
    else:
        part = re.search(r"pdfuaid:part(?:>|=\")\s*(\d+)", xmp)
        if not part or part.group(1) != "1":
            failures.append(Failure("5-2", "pdfuaid:part is not 1"))
    title = re.search(r"<dc:title>.*?<rdf:li[^>]*>([^<]*)</rdf:li>", xmp, re.S)
    if not title or not title.group(1).strip():
        failures.append(Failure("7.1-9", "the metadata has no dc:title"))
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        failures.append(Failure("7.1-10", "ViewerPreferences has no DisplayDocTitle true"))
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        failures.append(Failure("7.1-11", "MarkInfo has no Marked true"))
    if "/StructTreeRoot" not in root:
        failures.append(Failure("7.1-11", "the catalog has no StructTreeRoot"))
    lang = str(root.get("/Lang", ""))
    if not lang:
        failures.append(Failure("7.2-34", "the catalog has no Lang, so no text has a language"))
    elif not LANGUAGE_TAG.match(lang):
        failures.append(Failure("7.2-29", f"Lang {lang!r} is not a language tag"))
    return failures


# --- the structure tree --------------------------------------------------------------------


def _page_numbers(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    """Page objgen -> page number (0-based)."""
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages)}


def _standard_type(obj: pikepdf.Dictionary, role_map: dict[str, str]) -> str:
    """The element's type after the role map, without the slash."""
    name = str(obj.get("/S", "/NonStruct"))[1:]
    seen = set()
    while name in role_map and name not in seen:
        seen.add(name)
        name = role_map[name]
    return name


def _walk_tree(pdf: pikepdf.Pdf) -> Tree:
    """Walk StructTreeRoot depth first, in reading order, recording what each element holds."""
    tree = Tree()
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return tree
    role_map = {str(k)[1:]: str(v)[1:] for k, v in root.get("/RoleMap", {}).items()}
    pages = _page_numbers(pdf)

    def visit(obj, parent: Element | None, page: int | None) -> None:
        if obj.objgen in tree.by_objgen:  # a loop or a shared element: visit once
            return
        element = Element(obj, _standard_type(obj, role_map), parent)
        tree.by_objgen[obj.objgen] = element
        tree.elements.append(element)
        if parent is not None:
            parent.kids.append(element)
        if "/Pg" in obj:
            page = pages.get(obj.Pg.objgen, page)
        for kid in _as_list(obj.get("/K")):
            visit_kid(kid, element, page)

    def visit_kid(kid, element: Element, page: int | None) -> None:
        if isinstance(kid, int):
            element.mcids.append((page, int(kid)))
            tree.reached.add((page, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            kind = str(kid.get("/Type", ""))
            kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
            if kind == "/MCR":
                element.mcids.append((kid_page, int(kid.MCID)))
                tree.reached.add((kid_page, int(kid.MCID)))
            elif kind == "/OBJR":
                element.annots.append(kid.Obj.objgen)
            else:
                visit(kid, element, page)

    for kid in _as_list(root.get("/K")):
        if isinstance(kid, pikepdf.Dictionary):
            visit(kid, None, None)
    return tree


def _as_list(value) -> list:
    """K may be one kid or an array of kids."""
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return list(value)
    return [value]


def _structure_rules(tree: Tree) -> list[Failure]:
    """Lists (7.2-17 to 7.2-20), tables (7.2-8 to 7.2-10, 7.5-1), figures, headings, links."""
    failures = []
    for element in tree.elements:
        failures += _list_rules(element)
        failures += _table_rules(element)
        if element.type == "Figure" and not (
            _text(element, "/Alt") or _text(element, "/ActualText")
        ):
            failures.append(Failure("7.3-1", "a Figure has no Alt or ActualText"))
    failures += _heading_rules(tree)
    failures += _split_links(tree)
    return failures


def _text(element: Element, key: str) -> str:
    """A string entry of a structure element, stripped ('' when absent)."""
    return str(element.obj.get(key, "")).strip()


def _kid_types(element: Element) -> list[str]:
    """The standard types of an element's element kids."""
    return [kid.type for kid in element.kids]


def _list_rules(element: Element) -> list[Failure]:
    """L holds L/LI/Caption; LI sits in L and holds Lbl/LBody (with its content in LBody)."""
    failures = []
    kinds = _kid_types(element)
    if element.type == "L":
        wrong = sorted(set(kinds) - {"L", "LI", "Caption"})
        if wrong or element.mcids:
            what = ", ".join(wrong) or "content outside any LI"
            failures.append(Failure("7.2-19", f"an L holds {what}"))
    if element.type == "LI":
        parent = element.parent.type if element.parent else None
        if parent != "L":
            failures.append(Failure("7.2-17", f"an LI sits in {parent}, not in an L"))
        wrong = sorted(set(kinds) - {"Lbl", "LBody"})
        if wrong or element.mcids:
            what = ", ".join(wrong) or "content outside Lbl and LBody"
            failures.append(Failure("7.2-20", f"an LI holds {what}"))
        elif "LBody" not in kinds:
            failures.append(Failure("7.2-20", "an LI has no LBody"))
    if element.type == "LBody" and (element.parent is None or element.parent.type != "LI"):
        failures.append(Failure("7.2-18", "an LBody is not inside an LI"))
    return failures


def _table_rules(element: Element) -> list[Failure]:
    """TR in a table part and holding only cells; every TH says its Scope."""
    failures = []
    parent = element.parent.type if element.parent else None
    if element.type == "TR":
        if parent not in ("Table", "THead", "TBody", "TFoot"):
            failures.append(Failure("7.2-4", f"a TR sits in {parent}"))
        if set(_kid_types(element)) - {"TH", "TD"}:
            failures.append(Failure("7.2-10", "a TR holds something other than TH and TD"))
    if element.type in ("TH", "TD") and parent != "TR":
        rule = "7.2-8" if element.type == "TH" else "7.2-9"
        failures.append(Failure(rule, f"a {element.type} sits in {parent}, not in a TR"))
    if element.type == "TH" and not _scope(element):
        failures.append(Failure("7.5-1", "a TH has no Scope (Row, Column or Both)"))
    return failures


def _scope(element: Element) -> str:
    """The Table attribute Scope of a cell, if any."""
    attributes = element.obj.get("/A")
    for owner in _as_list(attributes):
        if isinstance(owner, pikepdf.Dictionary) and "/Scope" in owner:
            return str(owner.Scope)
    return ""


def _heading_rules(tree: Tree) -> list[Failure]:
    """7.4.2-1: the first heading is H1 and no level is skipped on the way down."""
    levels = [int(m.group(1)) for e in tree.elements if (m := HEADING.match(e.type))]
    failures = []
    if levels and levels[0] != 1:
        failures.append(Failure("7.4.2-1", f"the first heading is H{levels[0]}, not H1"))
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            failures.append(Failure("7.4.2-1", f"H{before} is followed by H{after}"))
    return failures


def _split_links(tree: Tree) -> list[Failure]:
    """7.18.5-1: one link is one Link element, even when it wraps onto a second line."""
    failures = []
    for element in tree.elements:
        links = [(i, kid) for i, kid in enumerate(element.kids) if kid.type == "Link"]
        for (i, first), (j, second) in zip(links, links[1:], strict=False):
            if j == i + 1 and _targets(first) and _targets(first) == _targets(second):
                failures.append(
                    Failure(
                        "7.18.5-1", f"one link is split into two Link elements ({_targets(first)})"
                    )
                )
    return failures


def _targets(element: Element) -> str:
    """Where a Link element's annotations go (URI or destination), as one string."""
    found = []
    for kid in _as_list(element.obj.get("/K")):
        if isinstance(kid, pikepdf.Dictionary) and str(kid.get("/Type", "")) == "/OBJR":
            annot = kid.Obj
            action = annot.get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action.URI))
            elif "/Dest" in annot:
                found.append(repr(annot.Dest))
    return "|".join(sorted(set(found)))


# --- page content ---------------------------------------------------------------------------


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    """The ParentTree number tree flattened: key -> array (pages) or element (annotations)."""
    root = pdf.Root.get("/StructTreeRoot")
    found: dict[int, object] = {}

    def walk(node) -> None:
        nums = list(node.get("/Nums", []))
        for key, value in zip(nums[::2], nums[1::2], strict=False):
            found[int(key)] = value
        for kid in node.get("/Kids", []):
            walk(kid)

    if root is not None and "/ParentTree" in root:
        walk(root.ParentTree)
    return found


def _content_rules(pdf: pikepdf.Pdf, tree: Tree) -> list[Failure]:
    """7.1-1, 7.1-2, 7.1-3: painted content is tagged (and reachable) or an artifact."""
    failures: list[Failure] = []
    parents = _parent_tree(pdf)
    for number, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        mapping = parents.get(int(key)) if key is not None else None
        state = _PageState(number, tree, mapping, failures)
        state.run(page.obj, pikepdf.parse_content_stream(page), [])
        failures += state.summary()
    return failures


class _PageState:
    """Walks one page's operators with the marked-content stack and notes what is painted."""

    def __init__(self, number: int, tree: Tree, mapping, failures: list[Failure]) -> None:
        self.number = number
        self.tree = tree
        self.mapping = mapping
        self.failures = failures
        self.untagged: list[str] = []
        self.unreachable: set[int] = set()
        self.depth = 0

    def run(self, owner, operations, stack: list) -> None:
        """Operators of a page or form XObject; stack entries are ('Artifact'|tag, mcid|None)."""
        resources = owner.get("/Resources", {})
        for operands, operator in operations:
            op = str(operator)
            if op in ("BMC", "BDC"):
                stack.append(self._open(operands, resources, stack))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in PAINTING:
                self._painted(op, operands, stack)
            elif op == "Do":
                self._draw(operands, resources, stack)

    def _open(self, operands, resources, stack: list) -> tuple[str, int | None]:
        """A marked-content sequence opens: note its tag and MCID, check nesting rules."""
        tag = str(operands[0])[1:]
        properties = operands[1] if len(operands) > 1 else None
        if isinstance(properties, pikepdf.Name):
            properties = resources.get("/Properties", {}).get(properties)
        mcid = None
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            mcid = int(properties.MCID)
        inside_artifact = any(t == "Artifact" for t, _ in stack)
        inside_tagged = any(m is not None for _, m in stack)
        if tag == "Artifact" and inside_tagged:
            self.failures.append(
                Failure("7.1-1", f"an Artifact inside tagged content, page {self.number + 1}")
            )
        if mcid is not None and inside_artifact:
            self.failures.append(
                Failure("7.1-2", f"tagged content inside an Artifact, page {self.number + 1}")
            )
        return tag, mcid

    def _painted(self, op: str, operands, stack: list) -> None:
        """Something is drawn: it must be inside an Artifact or an MCID the tree reaches."""
        if any(tag == "Artifact" for tag, _ in stack):
            return
        mcids = [m for _, m in stack if m is not None]
        if not mcids:
            self.untagged.append(_describe(op, operands))
            return
        mcid = mcids[-1]
        if (self.number, mcid) not in self.tree.reached or not self._mapped(mcid):
            self.unreachable.add(mcid)

    def _mapped(self, mcid: int) -> bool:
        """The page's ParentTree entry lists this MCID under an element the tree reaches."""
        if not isinstance(self.mapping, pikepdf.Array) or mcid >= len(self.mapping):
            return False
        target = self.mapping[mcid]
        return isinstance(target, pikepdf.Dictionary) and target.objgen in self.tree.by_objgen

    def _draw(self, operands, resources, stack: list) -> None:
        """Do: an image is painted; a form XObject's own operators are walked inside this stack."""
        xobject = resources.get("/XObject", {}).get(operands[0])
        if xobject is None:
            return
        if str(xobject.get("/Subtype")) == "/Form" and self.depth < 8:
            self.depth += 1
            self.run(xobject, pikepdf.parse_content_stream(xobject), list(stack))
            self.depth -= 1
        else:
            self._painted("Do", operands, stack)

    def summary(self) -> list[Failure]:
        """One failure per kind of problem on the page (with a sample of what was drawn)."""
        failures = []
        page = self.number + 1
        if self.untagged:
            sample = "; ".join(dict.fromkeys(self.untagged))
            failures.append(
                Failure(
                    "7.1-3",
                    f"page {page}: {len(self.untagged)} painted items neither tagged nor "
                    f"artifact ({sample[:160]})",
                )
            )
        if self.unreachable:
            ids = ", ".join(str(m) for m in sorted(self.unreachable)[:12])
            failures.append(
                Failure(
                    "7.1-3", f"page {page}: marked content no reachable element lists (MCID {ids})"
                )
            )
        return failures


def _describe(op: str, operands) -> str:
    """A short description of a painting operator, for failure messages."""
    if op in ("Tj", "'", '"') and operands:
        return f"text {bytes(operands[-1])[:20]!r}"
    if op == "TJ":
        return "text (TJ)"
    return f"operator {op}"


# --- annotations and forms -----------------------------------------------------------------


def _annotations(pdf: pikepdf.Pdf) -> Iterator[tuple[int, pikepdf.Page, pikepdf.Dictionary]]:
    """Every annotation with its page number and page."""
    for number, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            yield number, page, annot


def _annotation_rules(pdf: pikepdf.Pdf, tree: Tree) -> list[Failure]:
    """7.18.3-1 Tabs, 7.18.4-1 widgets in Form, 7.18.4-2 field names, 7.18.5 links."""
    failures = []
    parents = _parent_tree(pdf)
    tabs_missing = set()
    for number, page, annot in _annotations(pdf):
        subtype = str(annot.get("/Subtype", ""))
        if str(page.obj.get("/Tabs", "")) != "/S":
            tabs_missing.add(number + 1)
        parent = parents.get(int(annot.StructParent)) if "/StructParent" in annot else None
        element = (
            tree.by_objgen.get(parent.objgen) if isinstance(parent, pikepdf.Dictionary) else None
        )
        if subtype == "/Link":
            if element is None or element.type != "Link":
                failures.append(
                    Failure("7.18.5-1", f"a link on page {number + 1} is not in a Link element")
                )
            if not str(annot.get("/Contents", "")).strip():
                failures.append(Failure("7.18.5-2", f"a link on page {number + 1} has no Contents"))
        if subtype == "/Widget":
            if element is None or element.type != "Form":
                failures.append(
                    Failure(
                        "7.18.4-1", f"a form field on page {number + 1} is not in a Form element"
                    )
                )
            if not _field_name(annot) and not (element and _text(element, "/Alt")):
                failures.append(
                    Failure(
                        "7.18.4-2", f"a form field on page {number + 1} has no TU (accessible name)"
                    )
                )
    for page in sorted(tabs_missing):
        failures.append(Failure("7.18.3-1", f"page {page} has annotations but no Tabs /S"))
    return failures


def _field_name(annot: pikepdf.Dictionary) -> str:
    """The field's TU (its accessible name), looking up through merged or parent fields."""
    node = annot
    for _ in range(10):
        if "/TU" in node and str(node.TU).strip():
            return str(node.TU)
        if "/Parent" not in node:
            return ""
        node = node.Parent
    return ""


# --- fonts ----------------------------------------------------------------------------------


def _font_rules(pdf: pikepdf.Pdf) -> list[Failure]:
    """7.21.4.1-1: every font used on a page or in a field's appearance is embedded."""
    failures = []
    seen: set[tuple[int, int]] = set()
    for resources in _all_resources(pdf):
        for name, font in resources.get("/Font", {}).items():
            if font.objgen in seen and font.objgen != (0, 0):
                continue
            seen.add(font.objgen)
            if not _embedded(font):
                base = str(font.get("/BaseFont", name))
                failures.append(Failure("7.21.4.1-1", f"font {base} is not embedded"))
    return failures


def _all_resources(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Resources of pages, their form XObjects and annotation appearance streams."""
    pending = []
    for page in pdf.pages:
        pending.append(page.obj.get("/Resources", pikepdf.Dictionary()))
        for annot in page.obj.get("/Annots", []):
            for appearance in annot.get("/AP", {}).values():
                pending += [s.get("/Resources", pikepdf.Dictionary()) for s in _streams(appearance)]
    if "/AcroForm" in pdf.Root and "/DR" in pdf.Root.AcroForm:
        pending.append(pdf.Root.AcroForm.DR)
    visited = set()
    while pending:
        resources = pending.pop()
        key = resources.objgen if resources.objgen != (0, 0) else id(resources)
        if key in visited:
            continue
        visited.add(key)
        yield resources
        for xobject in resources.get("/XObject", {}).values():
            if str(xobject.get("/Subtype")) == "/Form" and "/Resources" in xobject:
                pending.append(xobject.Resources)


def _streams(appearance) -> list:
    """An appearance entry is one stream or a dictionary of state -> stream."""
    if isinstance(appearance, pikepdf.Stream):
        return [appearance]
    return [s for s in appearance.values() if isinstance(s, pikepdf.Stream)]


def _embedded(font: pikepdf.Dictionary) -> bool:
    """Type 3 fonts are drawings; others need a FontFile in their (descendant's) descriptor."""
    subtype = str(font.get("/Subtype", ""))
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        return all(_embedded(d) for d in font.get("/DescendantFonts", []))
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
