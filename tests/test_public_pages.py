"""The pages a visitor expects: privacy (with retention from settings), accessibility, contact."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.db import db
from portal.practice import default_practice


def text_of(response) -> str:
    """A page's text as a person reads it."""
    return " ".join(
        BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text(" ").split()
    )


def test_privacy_page_shows_the_notice_and_retention_from_settings(client):
    practice = default_practice("Harbour Light Therapy")
    practice.privacy_text = "We guard your words.\n\nWe never sell them."
    practice.retention = {
        "client_years": 9,
        "prospect_days": 120,
        "draft_days": 5,
        "quarantine_days": 3,
    }
    db.session.add(practice)
    db.session.commit()
    text = text_of(client.get("/privacy"))
    assert "We guard your words." in text and "We never sell them." in text
    for expected in (
        "9 years after",
        "120 days",
        "Unfinished forms you saved to come back to 5 days",
        "3 days",
    ):
        assert expected in text


def test_accessibility_statement_covers_standard_testing_issues_and_reporting(client):
    text = text_of(client.get("/accessibility"))
    for expected in (
        "WCAG) version 2.2 at level AA",
        "How we test it",
        "not perfect",
        "Tell us about a problem",
    ):
        assert expected in text


def test_contact_page_shows_the_practice_details(client):
    practice = default_practice("Harbour Light Therapy")
    practice.phone, practice.email = "(555) 010-0199", "hello@harbour.example"
    db.session.add(practice)
    db.session.commit()
    page = BeautifulSoup(client.get("/contact").get_data(as_text=True), "html.parser")
    assert page.select_one("a[href='tel:5550100199']").get_text() == "(555) 010-0199"
    assert page.select_one("a[href='mailto:hello@harbour.example']")
    assert "988" in page.get_text()


@pytest.mark.parametrize(
    "path", ["/", "/shelf/", "/intake/", "/intake/age", "/privacy", "/accessibility", "/contact"]
)
def test_public_footer_links_to_contact_privacy_and_accessibility(client, path):
    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("footer.site-footer a")}
    assert links["Contact us"] == "/contact"
    assert links["Privacy notice"] == "/privacy"
    assert links["Accessibility statement"] == "/accessibility"
