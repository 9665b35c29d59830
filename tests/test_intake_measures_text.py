"""PHQ-9 and GAD-7 as the client sees them match the published text word for word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PUBLISHED = json.loads((Path(__file__).parent / "data" / "published_measures.json").read_text())


def words(node) -> str:
    """A node's text as a person reads it: whitespace collapsed."""
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize(
    ("slug", "measure", "name"), [("mood", "phq9", "PHQ-9"), ("worry", "gad7", "GAD-7")]
)
def test_intake_measure_page_shows_the_published_words(client, slug, measure, name):
    page = BeautifulSoup(client.get(f"/intake/{slug}").get_data(as_text=True), "html.parser")
    published = PUBLISHED[measure]
    assert words(page.select_one(".intake-form p.lead")) == published["stem"]
    legends = [words(legend) for legend in page.select(".intake-form legend")]
    assert legends == [*published["items"], published["difficulty_question"]]
    groups = page.select(".intake-form fieldset")
    for group in groups[:-1]:
        assert [words(label) for label in group.select(".choice-label")] == PUBLISHED["options"]
    assert [words(label) for label in groups[-1].select(".choice-label")] == PUBLISHED[
        "difficulty_options"
    ]
    assert words(page.select_one(".intake-attribution")) == f"{name}: {PUBLISHED['attribution']}"


def test_intake_measure_check_page_repeats_the_published_items(client, fill_intake):
    fill_intake()
    text = " ".join(client.get("/intake/check").get_data(as_text=True).split())
    for item in PUBLISHED["phq9"]["items"] + PUBLISHED["gad7"]["items"]:
        assert item in text.replace("&#39;", "'")
    for measure in ("phq9", "gad7"):
        assert text.count(PUBLISHED[measure]["difficulty_question"]) == 1
