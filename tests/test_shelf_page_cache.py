"""The public shelf page is served from a cache keyed on the shelf's last change: never stale."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from portal.db import db


@pytest.fixture
def visitor(app):
    """An anonymous visitor with no cookies, as most shelf readers arrive."""
    from tests.conftest import Client

    app.test_client_class = Client
    return app.test_client(use_cookies=False)


def shelf(client) -> str:
    """The shelf page's text."""
    response = client.get("/shelf/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_shelf_page_cache_repeat_visit_asks_the_database_once(app, visitor, make_article):
    make_article("Quiet mornings")
    assert "Quiet mornings" in shelf(visitor)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert "Quiet mornings" in shelf(visitor)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, selects


def test_shelf_page_cache_publishing_shows_at_once(visitor, make_article):
    from portal.shelf.service import set_status

    make_article("Quiet mornings")
    draft = make_article("Walking with grief", status="draft")
    assert "Walking with grief" not in shelf(visitor)
    set_status(draft, "published", actor_id=None)
    db.session.commit()
    assert "Walking with grief" in shelf(visitor)
    set_status(draft, "draft", actor_id=None)
    db.session.commit()
    assert "Walking with grief" not in shelf(visitor)


def test_shelf_page_cache_topic_change_alone_shows_at_once(visitor, make_article):
    from portal.shelf.service import topics_for

    article = make_article("Quiet mornings", topics=["Sleep"])
    assert "Sleep" in shelf(visitor)
    article.topics = topics_for(["Self-compassion"])  # no other column changes
    db.session.commit()
    page = shelf(visitor)
    assert "Self-compassion" in page
    assert "Sleep (1)" not in page


def test_shelf_page_cache_archiving_and_settings_show_at_once(visitor, make_article):
    from portal.practice import default_practice
    from portal.shelf.service import set_status

    practice = default_practice("Willow Lane Counselling")
    db.session.add(practice)
    make_article("Quiet mornings")
    gone = make_article("Walking with grief")
    assert "Walking with grief" in shelf(visitor)
    set_status(gone, "archived", actor_id=None)
    db.session.commit()
    assert "Walking with grief" not in shelf(visitor)

    assert "Willow Lane Counselling" in shelf(visitor)
    practice.name = "Harbour Light Therapy"
    db.session.commit()
    assert "Harbour Light Therapy" in shelf(visitor)


def test_shelf_page_cache_is_never_shared_with_staff(client, visitor, make_article, clinician):
    from tests.conftest import PASSWORD

    make_article("Quiet mornings")
    assert "Workspace" not in shelf(visitor)
    client.post_form("/auth/login", {"email": clinician.email, "password": PASSWORD})
    assert "Workspace" in shelf(client)
    assert "Workspace" not in shelf(visitor)


@pytest.mark.parametrize("app_config", [{"TRUSTED_HOSTS": ["localhost"]}])
def test_shelf_page_cache_never_answers_a_forged_host(visitor, make_article):
    make_article("Quiet mornings")
    assert "Quiet mornings" in shelf(visitor)
    assert "Quiet mornings" in shelf(visitor)  # now from the cache
    forged = visitor.get("/shelf/", headers={"Host": "portal.attacker.example"})
    assert forged.status_code == 400
    assert "Quiet mornings" not in forged.get_data(as_text=True)


def test_shelf_page_cache_keeps_searches_and_pages_apart(visitor, make_article):
    make_article("Quiet mornings", body_md="Tea and a window.", topics=["Sleep"])
    make_article("Walking with grief", body_md="A path by the river.", topics=["Grief"])
    assert "Walking with grief" in shelf(visitor)
    page = visitor.get("/shelf/?topic=sleep").get_data(as_text=True)
    assert "Quiet mornings" in page and "Walking with grief" not in page
    found = visitor.get("/shelf/?q=river").get_data(as_text=True)
    assert "Walking with grief" in found and "Quiet mornings" not in found


def test_shelf_page_cache_steps_aside_when_the_stamp_cannot_be_read(
    visitor, make_article, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    from portal.shelf import page_cache

    make_article("Quiet mornings")

    def broken(connection):
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    monkeypatch.setattr(page_cache, "shelf_stamp", broken)
    assert "Quiet mornings" in shelf(visitor)  # served by the app itself, not a bare 500
