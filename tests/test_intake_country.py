"""The About you page follows the practice's country: date order, ZIP or postcode, phone example."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.db import db
from portal.practice import UK_HELP, default_practice

ABOUT = "/intake/about-you"


def about_page(client, preset: str) -> BeautifulSoup:
    """The About you page for a practice with this urgent-help preset (its country)."""
    practice = default_practice()
    practice.help_preset = preset
    practice.country = preset
    if preset == "UK":
        practice.urgent_help = list(UK_HELP)
    db.session.add(practice)
    db.session.commit()
    return BeautifulSoup(client.get(ABOUT).get_data(as_text=True), "html.parser")


@pytest.mark.parametrize(
    ("preset", "order", "example", "region", "phone"),
    [
        (
            "US",
            ["dob_month", "dob_day", "dob_year"],
            "3 27 1990",
            "City, state or ZIP code",
            "(555)",
        ),
        ("UK", ["dob_day", "dob_month", "dob_year"], "27 3 1990", "Town or postcode", "01632"),
    ],
)
def test_intake_about_you_follows_the_country(client, preset, order, example, region, phone):
    page = about_page(client, preset)
    assert [box["id"] for box in page.select(".date-inputs input")] == order
    assert example in page.find(id="dob-hint").get_text()
    assert page.find("label", attrs={"for": "region"}).get_text() == region
    assert phone in page.find(id="phone-hint").get_text()
    text = page.get_text()
    assert ("postcode" in text.lower()) is (preset == "UK")


def test_intake_date_of_birth_error_marks_all_three_boxes(client):
    about_page(client, "US")
    data = {"full_name": "Ana", "dob_day": "31", "dob_month": "2", "dob_year": "1990"}
    page = BeautifulSoup(
        client.post_form(ABOUT, data, token_page=ABOUT).get_data(as_text=True), "html.parser"
    )
    boxes = page.select(".date-inputs input")
    assert len(boxes) == 3 and all("input-error" in box["class"] for box in boxes)
    assert len(page.select(".date-inputs .error-message")) == 0
    group = page.select_one(".date-inputs").find_parent("fieldset")
    assert "Date of birth must be a real date" in group.select_one(".error-message").get_text()


def test_the_country_setting_decides_not_the_urgent_help_list(client):
    """A UK practice with its own crisis numbers still asks for a postcode, day first."""
    practice = default_practice()
    practice.help_preset, practice.country = "custom", "UK"
    practice.urgent_help = [{"label": "Crisis team", "number": "0300 123 456", "note": ""}]
    db.session.add(practice)
    db.session.commit()
    page = BeautifulSoup(client.get(ABOUT).get_data(as_text=True), "html.parser")
    assert [box["id"] for box in page.select(".date-inputs input")] == [
        "dob_day",
        "dob_month",
        "dob_year",
    ]
    assert page.find("label", attrs={"for": "region"}).get_text() == "Town or postcode"
    assert "01632" in page.find(id="phone-hint").get_text()
