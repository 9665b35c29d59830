"""Every page of the portal, found in app.url_map: axe finds nothing, nothing scrolls sideways.

The page list is derived from the routes, so a new page is checked without anyone adding it
here; a route with a URL argument this file cannot fill fails with a message saying so.
"""

from __future__ import annotations

import copy
import uuid

import pytest
from sqlalchemy import select

from portal.db import db
from portal.models import Article
from tests.conftest import PASSWORD
from tests.fixtures_intake import sample_answers

VIEWPORTS = [{"width": 320, "height": 640}, {"width": 1280, "height": 800}]
# GET routes that are not pages a person reads (files, health check, static assets).
NOT_PAGES = {"static", "main.healthz"}
NOT_HTML = (".pdf", ".png", ".json", ".svg", ".ico")


def ensure_published_article() -> None:
    """On PostgreSQL other tests may have emptied the shelf the demo filled: put one back."""
    from portal.shelf.demo_articles import DEMO_ARTICLES
    from portal.shelf.service import save_article

    published = select(Article.id).where(Article.status == "published").limit(1)
    if db.session.scalar(published) is None:
        save_article(None, {**DEMO_ARTICLES[0], "status": "published"}, actor_id=None)


def store_site(live_server) -> dict:
    """Demo practice and articles, an owner, a calm and an urgent intake, a resumable draft."""
    from portal.auth.service import create_user
    from portal.demo import load_demo
    from portal.intake import service
    from portal.practice import get_practice

    with live_server.app.app_context():
        load_demo()  # does nothing when an earlier test already filled the instance
        ensure_published_article()
        email = f"owner-{uuid.uuid4().hex[:8]}@example.org"
        create_user(email, PASSWORD, "owner", "Morgan Ellis")
        consent = get_practice().consent_text
        calm = service.submit_intake(sample_answers(), uuid.uuid4().hex, consent).intake
        risky = copy.deepcopy(sample_answers())
        risky["eligibility"]["safety_risk"] = "yes"
        urgent = service.submit_intake(risky, uuid.uuid4().hex, consent).intake
        draft_data = {**service.new_draft_data(), "answers": sample_answers()}
        draft = service.save_draft(None, draft_data, days=14)
        token = service.issue_resume_token(draft)
        article = db.session.scalars(
            select(Article).where(Article.status == "published").order_by(Article.id)
        ).first()
        forms = store_forms()
        db.session.commit()
        return {
            "email": email,
            "version_id": forms,
            "intake_id": [calm.id, urgent.id],
            "article_id": [article.id],
            "slug": [article.slug],
            "token": [token],
        }


def store_forms() -> list[int]:
    """The built-in form's published version and a draft copy of it, for the form editor."""
    from portal.questionnaires import ADULT_URL, service

    service.ensure_builtin_forms()
    published = service.published_version(service.by_url(ADULT_URL))
    draft = service.duplicate_form(published, f"Copy {uuid.uuid4().hex[:6]}", None)
    return [published.id, draft.id]


def step_slugs(app) -> list[str]:
    """The intake's question pages the practice uses."""
    from portal.intake import flow
    from portal.practice import get_practice

    with app.test_request_context():
        return [step.slug for step in flow.active_steps(get_practice())]


def page_urls(app, site: dict) -> tuple[list[str], list[str]]:
    """(public, staff) paths of every GET page, arguments filled from the stored site."""
    values = {**site, "slug_intake.step": step_slugs(app)}
    public, staff = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        with app.test_request_context():
            from flask import url_for

            for args in _argument_sets(rule, values):
                path = url_for(rule.endpoint, **args)
                if path.endswith(NOT_HTML):
                    continue
                view = app.view_functions[rule.endpoint]
                (public if getattr(view, "is_public", False) else staff).append(path)
    return public, staff


def _argument_sets(rule, values: dict) -> list[dict]:
    """Each way to fill the rule's URL arguments (one dict per URL to visit)."""
    if not rule.arguments:
        return [{}]
    (name, *others) = sorted(rule.arguments)
    assert not others, f"{rule.rule}: teach test_every_page to fill {others}"
    choices = values.get(f"{name}_{rule.endpoint}") or values.get(name)
    assert choices, f"{rule.rule}: teach test_every_page a value for <{name}>"
    return [{name: choice} for choice in choices]


def problems_on(tab, axe) -> list:
    """axe violations (every rule, every impact) and sideways scrolling on the open page."""
    result = axe.run(tab).response
    found = [
        (tab.url, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
    ]
    width = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        found.append((tab.url, "horizontal-scroll", f"{width[0]} px wide", width[1]))
    return found


def sign_in(tab, live_server, email: str) -> None:
    """Sign in through the real form."""
    tab.goto(live_server("/auth/login"))
    tab.fill("#email", email)
    tab.fill("#password", PASSWORD)
    with tab.expect_navigation():
        tab.click("button[type=submit]:has-text('Sign in')")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["320", "1280"])
def test_every_page_is_accessible_and_reflows(page, browser, viewport, live_server, axe):
    site = store_site(live_server)
    public, staff = page_urls(live_server.app, site)
    assert "/" in public and "/clinician/" in staff
    found = []
    for path in public:
        page.goto(live_server(path))
        found += problems_on(page, axe)
    signed_in = browser.new_context(viewport=viewport).new_page()
    sign_in(signed_in, live_server, site["email"])
    for path in staff + [p for p in public if p.startswith("/auth/")]:
        signed_in.goto(live_server(path))
        found += problems_on(signed_in, axe)
    signed_in.context.close()
    assert not found, "\n".join(map(str, found))
