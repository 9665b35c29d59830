"""The words that report an import, the same on the command line and on the web page."""

from __future__ import annotations

from collections import Counter

from portal.shelf.importer.save import FileResult

PLURALS = {"draft": "drafts", "page": "pages", "attachment": "attachments", "menu item":
           "menu items", "trash": "items in the bin", "other": "other items",
           "unticked": "not ticked"}  # fmt: skip
SINGULAR = {"trash": "item in the bin", "other": "other item", "unticked": "not ticked"}


def counted(number: int, kind: str) -> str:
    """ "1 draft", "3 drafts", "2 items in the bin"."""
    if number == 1:
        return f"1 {SINGULAR.get(kind, kind)}"
    return f"{number} {PLURALS.get(kind, kind + 's')}"


def joined(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def summary(results: list[FileResult]) -> str:
    """One line: how many were imported, updated, kept as drafts, skipped and why.

    For example "40 imported; 2 updated; 3 drafts and 2 pages skipped; 5 images not imported".
    """
    saved = [s for r in results for s in r.saved]
    created = sum(1 for s in saved if s.created)
    parts = [f"{created} imported", f"{len(saved) - created} updated"]
    held = sum(1 for s in saved if s.held)
    if held:
        parts.append(f"{held} kept as drafts because they are not public at the source")
    kinds = Counter(item.kind for r in results for item in r.skipped)
    order = ["draft", "page", "attachment", "menu item", "trash", "other", "unticked"]
    skipped = [counted(kinds[k], k) for k in sorted(kinds, key=_rank(order))]
    if skipped:
        parts.append(joined(skipped) + " skipped")
    images = sum(r.images_dropped for r in results)
    if images:
        parts.append(f"{images} image{'s' if images != 1 else ''} not imported (alt text kept)")
    failed = sum(1 for r in results if r.error)
    if failed:
        parts.append(f"{failed} file{'s' if failed != 1 else ''} could not be read")
    return "; ".join(parts) + "."


def _rank(order: list[str]):
    """Sort key putting known kinds in a fixed order and others after them."""
    return lambda kind: (order.index(kind) if kind in order else len(order), kind)


def skipped_lines(results: list[FileResult]) -> list[str]:
    """One line per skipped item: where it came from, its title and the reason."""
    return [f"{r.name}: “{item.label}”: {item.reason}" for r in results for item in r.skipped]


def note_lines(results: list[FileResult]) -> list[str]:
    """One line per article or file note (repairs, removed shortcodes, trimmed topics)."""
    lines = [note for r in results for note in r.notes]
    for result in results:
        for saved in result.saved:
            lines += [f"“{saved.article.title}”: {note}" for note in saved.notes]
    return lines
