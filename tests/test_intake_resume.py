"""Resume links: the opener gets their own continuation, the old link and browser lose the draft."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.db import db
from portal.models import IntakeDraft
from tests.fixtures_intake import NO_FILL_TIME, save_and_get_link, soup, step_posts

ABOUT = "/intake/about-you"
SECRET_NAME = "Typed-By-The-Opener Quillfeather"
pytestmark = NO_FILL_TIME


def shown_name(client) -> str:
    """The full name this browser sees on the about-you page."""
    return soup(client.get(ABOUT)).find(id="full_name").get("value", "")


def test_resume_link_gives_the_opener_the_draft_and_locks_out_the_maker(client, app):
    maker, opener = client, app.test_client()
    link = save_and_get_link(maker)
    assert opener.get(link).headers["Location"].endswith("/intake/safety")
    assert shown_name(opener) == "Amira Solberg-Núñez"
    typed = {**step_posts()["about-you"], "full_name": SECRET_NAME}
    assert opener.post_form(ABOUT, typed, token_page=ABOUT).status_code in (302, 303)
    # The link-maker's browser can no longer read what the opener typed, nor the old answers.
    assert shown_name(maker) == ""
    assert SECRET_NAME not in maker.get("/intake/check", follow_redirects=True).get_data(
        as_text=True
    )
    # The maker typing again starts a separate draft; the opener's answers are untouched.
    changed = {**step_posts()["about-you"], "full_name": "Someone Else Entirely"}
    maker.post_form(ABOUT, changed, token_page=ABOUT)
    assert shown_name(opener) == SECRET_NAME


def test_resume_link_dies_when_used_and_the_opener_gets_a_new_one(client, app):
    link = save_and_get_link(client)
    opener, third = app.test_client(), app.test_client()
    opener.get(link)
    assert third.get(link).status_code == 404
    assert client.get(link).status_code == 404
    new_link = soup(opener.get("/intake/saved")).find(id="resume-link")["href"]
    new_link = new_link.replace("http://localhost", "")
    assert new_link != link
    assert third.get(new_link).headers["Location"].endswith("/intake/safety")
    assert shown_name(third) == "Amira Solberg-Núñez"
    assert shown_name(opener) == ""  # the chain continues: one browser at a time
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(IntakeDraft)) == 1
