"""The base layout in a real browser: skip link first, urgent help present, axe clean."""

from portal.db import db
from portal.demo import load_demo


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
