"""Markdown footnotes ([^1] and [^1]: …), which the shelf's CommonMark would print verbatim.

Jekyll, Hugo and most Markdown blogs write them; a reader needs the note, not the syntax.
Each reference becomes its number in brackets, and the notes follow the text as a numbered
list after a rule, in the order they are first referred to. Code blocks are left alone.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
DEFINITION = re.compile(
    r"^\[\^(?P<id>[^\]\s]+)\]:[ \t]*(?P<text>.*(?:\n(?:[ \t]{2,}|\t)\S.*)*)\n?", re.MULTILINE
)
REFERENCE = re.compile(r"\[\^(?P<id>[^\]\s]+)\](?!:)")


def number(text: str) -> str:
    """The text with footnote references numbered and the notes listed at its end."""
    fences: list[str] = []

    def hide(match: re.Match) -> str:
        """Keep a code block out of the way while notes are found."""
        fences.append(match.group(0))
        return f"\x00{len(fences) - 1}\x00"

    text = FENCE.sub(hide, text)
    notes: dict[str, str] = {}
    text = DEFINITION.sub(lambda m: _keep(notes, m), text)
    order: dict[str, int] = {}
    if notes:
        text = REFERENCE.sub(lambda m: _reference(m, notes, order), text)
        listed = sorted(order, key=order.get) + [i for i in notes if i not in order]
        lines = [f"{n}. {notes[ident]}" for n, ident in enumerate(listed, 1)]
        text = text.rstrip() + "\n\n---\n\n" + "\n".join(lines) + "\n"
    return re.sub("\x00(\\d+)\x00", lambda m: fences[int(m.group(1))], text)


def _keep(notes: dict[str, str], match: re.Match) -> str:
    """Remember one footnote's text; it leaves the body."""
    notes[match.group("id")] = " ".join(match.group("text").split())
    return ""


def _reference(match: re.Match, notes: dict[str, str], order: dict[str, int]) -> str:
    """A reference as its note's number, e.g. [2]; an unknown one stays as written."""
    ident = match.group("id")
    if ident not in notes:
        return match.group(0)
    return f"\\[{order.setdefault(ident, len(order) + 1)}\\]"
