"""Owner management of staff: add, deactivate (sessions end at once), second factor, rules."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import db
from portal.models import Practice, StaffSession, User
from tests.conftest import PASSWORD
from tests.fixtures_clinician import audit_count, page_text

USERS = "/clinician/users"


def signed_in_browser(app, user):
    """A second, separate browser session signed in as `user`."""
    other = app.test_client()
    response = other.post_form("/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code in (302, 303)
    assert other.get("/clinician/").status_code == 200
    return other


def user(email: str) -> User:
    """A fresh copy of the account."""
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).one()


def new_user_data(**overrides) -> dict:
    """A valid add-account form."""
    data = {
        "display_name": "Sam Okafor",
        "email": "Sam@Example.org",
        "role": "clinician",
        "password": "a long first password 2026",
        "next": USERS,
    }
    data.update(overrides)
    return data


def test_owner_adds_a_clinician_who_can_sign_in(app, client, signed_in_owner, staff_post):
    response = staff_post(USERS, new_user_data(require_totp="y"))
    assert response.headers["Location"].endswith(USERS)
    added = user("sam@example.org")
    assert (added.role, added.display_name) == ("clinician", "Sam Okafor")
    assert added.totp_required is True
    assert "Account added for sam@example.org." in page_text(client.get(USERS))
    assert audit_count("user.create") == 2  # the owner's own account and this one


def test_a_bad_new_account_gets_a_clear_message(client, signed_in_owner, staff_post, clinician):
    short = staff_post(USERS, new_user_data(password="short"))
    assert "There is a problem" in page_text(short) and "12" in page_text(short)
    duplicate = staff_post(USERS, new_user_data(email=clinician.email))
    assert f"There is already an account for {clinician.email}" in page_text(duplicate)
    assert "Enter an email address" in page_text(staff_post(USERS, new_user_data(email="")))


def test_deactivating_ends_their_session_at_once(
    app, client, signed_in_owner, staff_post, clinician
):
    theirs = signed_in_browser(app, clinician)
    before = audit_count()
    response = staff_post(f"{USERS}/{clinician.id}/enabled", {"next": USERS})
    assert response.headers["Location"].endswith(USERS)
    assert audit_count() == before + 1 and audit_count("user.disable") == 1
    bounced = theirs.get("/clinician/intakes")
    assert bounced.status_code == 302 and bounced.headers["Location"].startswith("/auth/login")
    assert user(clinician.email).is_enabled is False
    live = select(StaffSession).where(
        StaffSession.user_id == clinician.id, StaffSession.revoked_at.is_(None)
    )
    assert db.session.scalars(live).first() is None
    assert "can no longer sign in" in page_text(client.get(USERS))


def test_reactivating_lets_them_sign_in_again(app, client, signed_in_owner, staff_post, clinician):
    staff_post(f"{USERS}/{clinician.id}/enabled", {"next": USERS})
    staff_post(f"{USERS}/{clinician.id}/enabled", {"next": USERS})
    assert user(clinician.email).is_enabled is True
    signed_in_browser(app, clinician)


def test_owner_requires_and_resets_a_second_factor(
    app, client, signed_in_owner, staff_post, clinician
):
    theirs = signed_in_browser(app, clinician)
    staff_post(f"{USERS}/{clinician.id}/totp-required")
    assert user(clinician.email).totp_required is True
    stored = user(clinician.email)
    stored.totp_secret = "v1.t1.enrolled-before"  # as if they had set up an app
    db.session.commit()
    assert "Reset second factor" in page_text(client.get(USERS))
    staff_post(f"{USERS}/{clinician.id}/totp-reset", {"next": USERS})
    assert user(clinician.email).totp_secret is None
    assert audit_count("totp.reset") == 1
    assert theirs.get("/clinician/").headers["Location"].startswith("/auth/login")


def test_the_owner_cannot_deactivate_themselves_here(client, signed_in_owner, staff_post):
    response = staff_post(f"{USERS}/{signed_in_owner.id}/enabled", {"next": USERS})
    assert response.status_code == 404
    assert user(signed_in_owner.email).is_enabled is True


def test_access_rules_are_saved(client, signed_in_owner, staff_post):
    staff_post(f"{USERS}/access", {"assigned_only": "y"})
    saved = db.session.scalars(select(Practice)).one()
    assert (saved.assigned_only, saved.require_totp) == (True, False)
    assert audit_count("practice.access") == 1


def test_clinicians_cannot_manage_users(client, signed_in_clinician, staff_post, make_user):
    other = make_user()
    assert client.get(USERS).status_code == 403
    assert staff_post(USERS, new_user_data()).status_code == 403
    assert staff_post(f"{USERS}/{other.id}/enabled").status_code == 403
    assert user(other.email).is_enabled is True


def test_owner_requires_a_second_factor_for_one_account_and_it_is_audited(
    client, signed_in_owner, staff_post, clinician
):
    url = f"{USERS}/{clinician.id}/totp-required"
    assert staff_post(url, {"next": USERS}).headers["Location"].endswith(USERS)
    assert user(clinician.email).totp_required is True
    name = user(clinician.email).name
    assert f"Second factor required for {name}." in page_text(client.get(USERS))
    staff_post(url, {"next": USERS})
    assert user(clinician.email).totp_required is False
    assert f"Second factor optional for {name}." in page_text(client.get(USERS))
    assert audit_count("user.totp_required") == 2
