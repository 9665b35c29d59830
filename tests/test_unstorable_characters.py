"""A NUL or other control character in any form field gets a clear message, never a 500.

PostgreSQL refuses a NUL byte in any query parameter, so a field that is only ever looked up
(the sign-in email) needs the check as much as one that is stored.
"""

from __future__ import annotations

import pyotp
import pytest
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, PasswordField, StringField, TextAreaField

from portal.inputs import PortalForm, safe_text
from tests.fixtures_auth import password_step
from tests.fixtures_clinician import page_text
from tests.test_clinician_users import USERS, new_user_data

REFUSED = "contains a character we cannot store"


@pytest.mark.parametrize("field", ["email", "password"])
def test_sign_in_refuses_a_nul_byte_with_a_message(client, clinician, field):
    form = {"email": clinician.email, "password": "a password"}
    form[field] += "\x00"
    response = client.post_form("/auth/login", form)
    assert response.status_code == 200 and REFUSED in page_text(response)
    assert client.get("/clinician/").status_code == 302  # not signed in


def test_second_step_refuses_a_nul_byte_in_the_code(client, enrolled):
    user, secret = enrolled
    password_step(client, user)
    code = pyotp.TOTP(secret).now()
    response = client.post_form("/auth/totp", {"code": code + "\x00"}, token_page="/auth/totp")
    assert response.status_code == 200 and REFUSED in page_text(response)
    assert client.get("/clinician/").status_code == 302


def test_reauthenticate_refuses_a_nul_byte(client, clinician, login_as):
    login_as(clinician)
    page = "/auth/reauthenticate"
    response = client.post_form(page, {"password": "pass\x00word"}, token_page=page)
    assert response.status_code == 200 and REFUSED in page_text(response)


def test_new_staff_account_refuses_a_nul_byte(client, signed_in_owner, staff_post):
    response = staff_post(USERS, new_user_data(email="sam\x00@example.org"))
    assert response.status_code == 200 and REFUSED in page_text(response)


class Sample(PortalForm):
    """Every way a text field is declared in the portal."""

    class Meta:
        csrf = False

    positional = StringField("Positional", [])
    keyword = TextAreaField("Keyword", validators=[])
    bare = PasswordField("Bare")
    hidden = HiddenField()
    declared = StringField("Declared", validators=[safe_text])


def test_every_text_field_of_a_portal_form_checks_characters_first(app):
    typed = ("positional", "keyword", "bare", "declared")
    sent = MultiDict({name: "a\x00b\x1fc" for name in (*typed, "hidden")})
    with app.test_request_context(method="POST"):
        form = Sample(formdata=sent)
        assert not form.validate()
        assert set(form.errors) == set(typed)
        assert all(REFUSED in form[name].errors[0] for name in typed)
        assert all([*form[name].validators].count(safe_text) == 1 for name in typed)
        assert form.hidden.data == "abc"  # nobody typed it: dropped, not refused


def test_shelf_search_and_topic_read_past_a_nul_byte(client, make_article):
    make_article("Calm for anxious mornings")
    response = client.get("/shelf/", query_string={"q": "anx\x00ious", "topic": "\x00"})
    assert response.status_code == 200
    assert "Calm for anxious mornings" in page_text(response)


def test_handout_builder_skips_a_slug_with_a_nul_byte(client, clinician, login_as, make_article):
    make_article("Breathing slowly")
    login_as(clinician)
    sent = {"chosen": ["breathing\x00slowly"], "action": "preview"}
    response = client.post_form("/clinician/handouts", sent, token_page="/clinician/handouts")
    assert "Choose at least one article to print" in page_text(response)


def test_export_names_an_id_with_a_nul_byte_as_not_found(client, signed_in_clinician, make_intake):
    make_intake()
    page = page_text(client.get("/clinician/intakes/export", query_string={"ids": "\x00"}))
    assert "No enquiries were selected" in page
