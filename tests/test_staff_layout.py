"""One staff layout: every workspace page, and shared pages a signed-in person sees, use it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

WORKSPACE_CSS = "/static/css/clinician.css"


def soup(response) -> BeautifulSoup:
    """The page, parsed."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def is_staff_layout(page: BeautifulSoup) -> bool:
    """Staff menu and stylesheet present; no public crisis banner or "Staff sign in" link."""
    nav = page.select_one("nav.site-nav")
    stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    return (
        "Dashboard" in nav.get_text()
        and page.select_one("aside.urgent-help") is None
        and "Staff sign in" not in page.get_text()
        and "staff" in page.body["class"]
        and WORKSPACE_CSS in stylesheets
    )


@pytest.mark.parametrize(
    "path",
    [
        "/clinician/",
        "/clinician/intakes",
        "/clinician/shelf/",
        "/clinician/shelf/new",
        "/clinician/shelf/import",
        "/clinician/handouts",
        "/clinician/settings",
        "/clinician/users",
        "/clinician/audit",
    ],
)
def test_every_workspace_page_uses_the_staff_layout(client, signed_in_owner, path):
    response = client.get(path)
    assert response.status_code == 200
    assert is_staff_layout(soup(response))


def test_access_denied_uses_the_staff_layout_when_signed_in(client, signed_in_clinician):
    response = client.get("/clinician/settings")
    page = soup(response)
    assert response.status_code == 403
    assert page.h1.get_text() == "You do not have access to this page"
    assert is_staff_layout(page)
    assert page.find("a", string="Go to the dashboard") is not None


def test_two_step_setup_uses_the_staff_layout_when_signed_in(client, signed_in_owner):
    response = client.get("/auth/totp/setup", follow_redirects=True)
    page = soup(response)
    assert response.request.path.startswith("/clinician/account")  # enrolment moved there
    assert "two-step" in page.h1.get_text().lower()
    assert is_staff_layout(page)


def test_public_pages_keep_the_public_layout_for_staff(client, signed_in_owner):
    page = soup(client.get("/shelf/no-such-article"))
    assert page.select_one("aside.urgent-help") is not None
    assert not is_staff_layout(page)


def test_anonymous_error_pages_keep_the_public_layout(client):
    page = soup(client.get("/no-such-page"))
    assert page.select_one("aside.urgent-help") is not None
    assert "Staff sign in" in page.get_text()


def test_handout_preview_has_skip_link_and_landmarks(client, clinician, login_as, handout_article):
    login_as(clinician)
    data = {"action": "preview", "chosen": [handout_article.slug]}
    page = soup(client.post_form("/clinician/handouts", data, token_page="/clinician/handouts"))
    skip = page.select_one("a.skip-link")
    assert skip is not None and skip["href"] == "#main"
    assert page.select_one("main#main") is not None
    assert page.select_one("[role=banner]").get_text() == page.select_one(".print-header").text
    assert page.select_one("[role=contentinfo]") is not None
    assert page.select_one(".preview-bar[role=region]") is not None


def test_printed_handout_has_no_screen_landmarks(app, handout_article):
    from portal.handouts import engine, service

    context = service.build_context([handout_article], service.Options())
    html = engine.render_html(service.HANDOUT_TEMPLATE, context, title="t", subject="s")
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one(".print-header") is not None
    assert page.select(".skip-link, [role]") == []
