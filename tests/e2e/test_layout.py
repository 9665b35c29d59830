"""The base layout in a real browser: skip link first, urgent help present, axe clean."""

import io
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy import select

from portal.clinician.settings_service import save_logo
from portal.db import db
from portal.demo import load_demo
from portal.models import Practice


def seed_demo(live_server) -> None:
    """Load the demo practice and articles once into the live server's database."""
    with live_server.app.app_context():
        load_demo()
        db.session.commit()


def test_home_skip_link_and_urgent_help(page, live_server, assert_accessible):
    seed_demo(live_server)
    page.goto(live_server("/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.locator("aside.urgent-help h2").inner_text() == "Need help now?"
    assert page.locator("main h1").count() == 1
    assert_accessible(page)


def test_login_and_error_pages_accessible(page, live_server, assert_accessible):
    for path in ("/auth/login", "/no-such-page"):
        page.goto(live_server(path))
        assert page.locator("aside.urgent-help").count() == 1
        assert_accessible(page)
    assert not page.dialogs


@pytest.fixture
def demo_logo(live_server) -> Iterator[str]:
    """A wide logo uploaded to the demo practice for one test; yields the practice's name."""
    seed_demo(live_server)
    out = io.BytesIO()
    Image.new("RGB", (600, 200), (200, 30, 120)).save(out, format="PNG")
    with live_server.app.app_context():
        save_logo(out.getvalue(), live_server.app.instance_path, None)
        db.session.commit()
        name = db.session.scalars(select(Practice)).first().name
    yield name
    with live_server.app.app_context():
        db.session.scalars(select(Practice)).first().logo_filename = None
        db.session.commit()


@pytest.mark.parametrize(
    ("viewport", "height"),
    [({"width": 320, "height": 640}, 40), ({"width": 1280, "height": 800}, 48)],
)
def test_header_logo_fits_phone_and_desktop(
    page, live_server, assert_accessible, demo_logo, height
):
    page.goto(live_server("/"))
    logo = page.locator("header a.brand img")
    box = logo.bounding_box()
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 600
    assert round(box["height"]) == height and box["x"] + box["width"] <= page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.get_by_role("link", name=demo_logo, exact=True).count() == 1
    assert_accessible(page)
