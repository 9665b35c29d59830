"""`portal demo`: a demo practice, original articles and a demo clinician, loaded once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.auth.service import create_user
from portal.db import db
from portal.models import Article, Practice, User
from portal.practice import default_practice
from portal.questionnaires.service import ensure_builtin_forms
from portal.shelf.demo_articles import DEMO_ARTICLES

DEMO_PASSWORD = "quiet-harbour-demo-2026"  # noqa: S105  (printed for the demo; see README)
DEMO_OWNER = "owner@demo.example"
DEMO_CLINICIAN = "clinician@demo.example"


@dataclass
class DemoReport:
    """Whether anything was loaded, and what to tell the person."""

    created: bool
    message: str


def load_demo() -> DemoReport:
    """Fill an empty instance; an instance with any staff or articles is left alone."""
    has_data = db.session.scalar(select(func.count(User.id))) or db.session.scalar(
        select(func.count(Article.id))
    )
    if has_data:
        return DemoReport(False, _already_loaded_message())
    _ensure_practice()
    ensure_builtin_forms()
    create_user(DEMO_OWNER, DEMO_PASSWORD, "owner", "Dr Robin Hale")
    create_user(DEMO_CLINICIAN, DEMO_PASSWORD, "clinician", "Sam Okafor")
    from portal.shelf.service import save_article

    for position, fields in enumerate(DEMO_ARTICLES):
        save_article(None, {**fields, "status": "published", "position": position}, actor_id=None)
    return DemoReport(True, _sign_in_message())


def _ensure_practice() -> Practice:
    """The demo practice profile (kept if one was already set up)."""
    practice = db.session.scalars(select(Practice).limit(1)).first()
    if practice is None:
        practice = default_practice("Willow Lane Counselling")
        practice.tagline = "Counselling and psychotherapy for adults"
        practice.clinicians_shown = "Dr Robin Hale, Sam Okafor"
        practice.phone = "(555) 010-0199"
        practice.email = "hello@willowlane.example"
        practice.address = "12 Willow Lane, Springfield"
        practice.service_areas = [
            "Springfield",
            "Shelbyville",
            "Elsewhere in the state (online sessions)",
        ]
        db.session.add(practice)
    return practice


def _already_loaded_message() -> str:
    """What a second run says: the demo sign-in again if its accounts exist, else where to look."""
    demo_owner = db.session.scalar(select(func.count(User.id)).where(User.email == DEMO_OWNER))
    if demo_owner:
        return "The demo is already loaded; nothing was changed.\n" + _sign_in_message(loaded=False)
    return (
        "The instance already has data; the demo was not loaded.\n"
        "Sign in at http://127.0.0.1:5000/auth/login with a staff account made by "
        "`portal create-user`."
    )


def _sign_in_message(loaded: bool = True) -> str:
    """How to sign in to the demo."""
    first = f"Demo loaded: a practice, {len(DEMO_ARTICLES)} articles and two staff accounts.\n"
    return (
        (first if loaded else "") + "Sign in at http://127.0.0.1:5000/auth/login\n"
        f"  owner:     {DEMO_OWNER}\n"
        f"  clinician: {DEMO_CLINICIAN}\n"
        f"  password:  {DEMO_PASSWORD}\n"
        "Change these before real use (they are for the demo only)."
    )
