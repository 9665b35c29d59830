"""The handout builder in a real browser: pick, order, preview, keyboard only, axe clean."""

from __future__ import annotations

import os

from portal.auth.service import create_user
from portal.db import db
from portal.shelf.service import save_article
from tests.conftest import PASSWORD

EMAIL = "handouts-e2e@example.org"
TITLES = ("Quiet mornings for busy minds", "Letters you never send")


def seed(live_server) -> None:
    """A clinician and two published articles in the live server's database (once)."""
    with live_server.app.app_context():
        from portal.models import User

        if db.session.query(User).filter_by(email=EMAIL).first() is None:
            create_user(EMAIL, PASSWORD, "clinician", "Sam Okafor")
            for title in TITLES:
                body = f"## Why {title.lower()}\n\nA few calm sentences to read slowly."
                fields = {"title": title, "body_md": body, "status": "published"}
                save_article(None, {**fields, "prompts": ["What did you notice?"]}, None)
            db.session.commit()


def test_builder_pick_order_preview_is_accessible(
    page, live_server, staff_login, assert_accessible
):
    seed(live_server)
    staff_login(page, EMAIL, PASSWORD)
    page.goto(live_server("/clinician/handouts"))
    assert page.locator("main h1").inner_text() == "Print handouts"
    assert_accessible(page)
    page.fill("#q", "calm sentences slowly")
    page.press("#q", "Enter")
    page.wait_for_load_state()
    for title in TITLES:
        page.get_by_label(title).check()
    page.click("button[value=add]")
    first, second = page.locator(".chosen-title").all_inner_texts()
    assert {first, second} == set(TITLES)
    second_slug = page.locator(".chosen-list input[name=chosen]").nth(1).input_value()
    page.click(f"button[value='up:{second_slug}']")
    order = [second, first]
    assert page.locator(".chosen-title").all_inner_texts() == order
    page.fill("#client_name", "Jo")
    page.fill("#packet_title", "For this week")
    if os.environ.get("PORTAL_SCREENSHOTS"):
        page.screenshot(path=os.environ["PORTAL_SCREENSHOTS"] + "/builder.png", full_page=True)
    assert_accessible(page)
    page.click("button[value=preview]")
    assert page.locator("h1").first.inner_text() == "For this week"
    assert "For: Jo" in page.locator(".packet-cover").inner_text()
    assert page.locator(".handout h1").all_inner_texts() == order
    if os.environ.get("PORTAL_SCREENSHOTS"):
        page.screenshot(path=os.environ["PORTAL_SCREENSHOTS"] + "/preview.png", full_page=True)
    assert_accessible(page)
    page.click("button[value=edit]")
    assert page.locator(".chosen-title").all_inner_texts() == order
    assert page.input_value("#client_name") == "Jo"
    assert not page.dialogs
