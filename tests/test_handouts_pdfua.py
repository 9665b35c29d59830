"""Every kind of PDF the portal makes passes the structural PDF/UA-1 checker (tests/pdfua.py)."""

from __future__ import annotations

import pytest

from portal.handouts import service
from tests.pdfua import assert_pdfua

RICH_BODY = """Some evenings ask for a plan. This one fits on a page, and *none of it is a test*.

## Three things to try

- Dim the lights an hour before bed.
- Write tomorrow's first task on paper, then close the notebook.
- Keep the phone in another room.

## A week at a glance

| Day | What to try |
| --- | --- |
| Monday | A ten minute walk after dinner |
| Tuesday | A warm drink without caffeine |

### Read more

The sleep hygiene notes from the practice's own reading list are at
[the long address of the practice's reading list about evenings and sleep](https://example.org/reading/evenings-and-sleep/a-very-long-path-that-wraps-onto-the-next-line).

1. Notice the first sign of tiredness.
2. Go to bed when it comes.
"""

KINDS = ["single", "large-print", "personal", "packet", "notes-page"]


@pytest.fixture
def rich_article(make_article):
    """A demo-style article with lists, a table, a heading three and a link that wraps."""
    return make_article(
        "A steady evening, step by step",
        body_md=RICH_BODY,
        summary="A plan for calmer evenings.",
        prompts=["What helps you wind down?", "What gets in the way?"],
        author="Sam Okafor",
    )


def render_kind(kind: str, slugs: list[str]) -> bytes:
    """One kind of handout PDF through the real service."""
    options = {
        "single": {},
        "large-print": {"large_print": True},
        "personal": {"client_name": "Ami Solberg", "note": "For Tuesday.", "clinician": "Sam"},
        "packet": {"packet_title": "First session"},
        "notes-page": {"notes_page": True},
    }[kind]
    if kind == "packet":
        slugs = [*slugs, slugs[0] + "-second"]
    pdf, _ = service.render_handout(slugs, service.Options(**options))
    return pdf


@pytest.mark.parametrize("kind", KINDS)
def test_every_handout_kind_passes_the_pdfua_checker(app, make_article, rich_article, kind):
    make_article("Second article", body_md="Short and kind.", slug=rich_article.slug + "-second")
    assert_pdfua(render_kind(kind, [rich_article.slug]), kind)
