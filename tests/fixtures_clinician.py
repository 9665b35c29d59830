"""Fixtures for the clinician tests: signed-in staff, hostile answers, audit counting."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.db import db
from portal.models import AuditEvent

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
STAFF_PAGE = "/clinician/"


def markup_answers() -> dict:
    """Section overrides for make_intake that put markup in the name and free-text answers."""
    return {
        "about": {"full_name": f"{SCRIPT} Quinn", "preferred_name": IMG},
        "reasons": {"own_words": f"Before {IMG} after", "hopes": f"Hope {TEMPLATE} end"},
        "consent": {"agreed": True, "typed_name": f"{SCRIPT} Quinn"},
    }


def audit_count(action: str | None = None) -> int:
    """How many audit rows there are (of one action, when given)."""
    query = select(func.count(AuditEvent.id))
    if action:
        query = query.where(AuditEvent.action == action)
    db.session.expire_all()
    return db.session.scalar(query) or 0


def page_text(response) -> str:
    """What a person reads on the page: the visible text, whitespace collapsed."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    for hidden in soup.select("script, style, .visually-hidden"):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


@pytest.fixture
def staff_post(client):
    """POST a workspace form with a CSRF token read from the dashboard, as the browser would."""

    def post(url: str, data: dict | None = None, **kwargs):
        """Send the form; returns the response (not followed unless asked)."""
        return client.post_form(url, data or {}, token_page=STAFF_PAGE, **kwargs)

    return post


@pytest.fixture
def signed_in_owner(owner, login_as):
    """The owner, signed in on the test client."""
    login_as(owner)
    return owner


@pytest.fixture
def signed_in_clinician(clinician, login_as):
    """A clinician (not owner), signed in on the test client."""
    login_as(clinician)
    return clinician


@pytest.fixture
def assigned_only(make_user, make_intake, login_as):
    """Assigned-only mode, signed in as a clinician: (me, my intake, a colleague's intake)."""
    from portal.practice import default_practice

    practice = default_practice()
    practice.assigned_only = True
    db.session.add(practice)
    me, colleague = make_user(), make_user()
    mine, theirs = make_intake(), make_intake()
    mine.assigned_to_id, theirs.assigned_to_id = me.id, colleague.id
    db.session.commit()
    login_as(me)
    return me, mine, theirs
