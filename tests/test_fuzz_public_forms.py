"""Hypothesis sweeps every public form through the test client: never a 5xx, values kept exactly.

Kept small (a few dozen examples a form, no deadline) so the suite stays quick; a failure
prints the smallest input that breaks the page.
"""

from __future__ import annotations

import re

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures_intake import step_posts

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Anything a keyboard, a paste or a script can send (no lone surrogates: not encodable)
typed = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=160)
# What a person types: letters, marks, digits, punctuation and spaces in any script
written = st.text(
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")), max_size=100
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # not shown as typed
INTAKE_PAGES = {
    "age": ("age_ok",),
    "safety": ("safety_risk",),
    "about-you": tuple(step_posts()["about-you"]),
    "what-brings-you": tuple(step_posts()["what-brings-you"]),
    "mood": (*(f"item_{i}" for i in range(9)), "difficulty"),
    "worry": (*(f"item_{i}" for i in range(7)), "difficulty"),
    "practical": tuple(step_posts()["practical"]),
    "consent": ("agreed", "typed_name", "text_sha256"),
}


def field_values(html: str) -> dict[str, str]:
    """What the page shows in each text box and text area, as a browser would read it."""
    page = lxml.html.fromstring(html)
    values = {i.get("name"): i.get("value") or "" for i in page.iter("input") if i.get("name")}
    values.update({t.get("name"): t.text_content() for t in page.iter("textarea")})
    return values


@pytest.fixture
def on_about_you(client):
    """A visitor past the eligibility questions, on the about-you page."""
    posts = step_posts()
    for slug in ("age", "safety"):
        assert client.post_form(f"/intake/{slug}", posts[slug], token_page=f"/intake/{slug}")
    return client


@FUZZ
@given(slug=st.sampled_from(sorted(INTAKE_PAGES)), data=st.data())
def test_fuzz_every_intake_page_never_fails_with_a_server_error(on_about_you, slug, data):
    names = INTAKE_PAGES[slug] + ("action", "surprise")
    form = data.draw(st.dictionaries(st.sampled_from(names), typed, max_size=len(names)))
    url = f"/intake/{slug}"
    response = on_about_you.post_form(url, form, token_page=url)
    assert response.status_code < 500, form


@FUZZ
@given(name=written, preferred=written, pronouns=written.map(lambda s: s[:40]), region=written)
def test_fuzz_about_you_answers_come_back_exactly(on_about_you, name, preferred, pronouns, region):
    sent = {
        "full_name": name.strip() or "A",
        "preferred_name": preferred.strip(),
        "pronouns": pronouns.strip(),
        "region": region.strip()[:60] or "B",
    }
    form = {**step_posts()["about-you"], **sent}
    response = on_about_you.post_form("/intake/about-you", form, token_page="/intake/about-you")
    assert response.status_code < 500
    page = on_about_you.get("/intake/about-you").get_data(as_text=True)
    if response.status_code == 302:  # saved: the page shows the stored answers
        assert {k: field_values(page)[k] for k in sent} == sent
    else:  # refused: the answers typed are shown back for correcting
        shown = field_values(response.get_data(as_text=True))
        assert {k: shown[k] for k in sent} == sent


@FUZZ
@given(own_words=written.filter(str.strip), hopes=written)
def test_fuzz_own_words_come_back_exactly(on_about_you, own_words, hopes):
    posts = step_posts()
    on_about_you.post_form("/intake/about-you", posts["about-you"], token_page="/intake/about-you")
    sent = {"own_words": own_words.strip(), "hopes": hopes.strip()}
    url = "/intake/what-brings-you"
    response = on_about_you.post_form(url, {**posts["what-brings-you"], **sent}, token_page=url)
    assert response.status_code == 302
    shown = field_values(on_about_you.get(url).get_data(as_text=True))
    assert {k: shown[k] for k in sent} == sent


@FUZZ
@given(query=typed, topic=typed, page=typed)
def test_fuzz_shelf_search_never_fails_and_keeps_the_words(client, query, topic, page):
    response = client.get("/shelf/", query_string={"q": query, "topic": topic, "page": page})
    assert response.status_code < 500
    kept = query[:200].strip()
    if response.status_code == 200 and not CONTROL.search(kept):
        # an HTML parser (and so a browser) reads CR and CRLF in a value as LF
        expected = kept.replace("\r\n", "\n").replace("\r", "\n")
        assert field_values(response.get_data(as_text=True))["q"] == expected


@FUZZ
@given(email=st.one_of(st.emails(), typed))
def test_fuzz_resume_email_form_never_fails(on_about_you, email):
    form = {**step_posts()["about-you"], "action": "save"}
    saved = on_about_you.post_form("/intake/about-you", form, token_page="/intake/about-you")
    assert saved.status_code == 302
    response = on_about_you.post_form("/intake/saved", {"email": email}, token_page="/intake/saved")
    assert response.status_code < 500, email


@FUZZ
@given(form=st.dictionaries(st.sampled_from(("submission_id", "started", "website")), typed))
def test_fuzz_check_page_submit_never_fails(on_about_you, form):
    response = on_about_you.post_form("/intake/check", form, token_page="/intake/age")
    assert response.status_code < 500, form


@FUZZ
@given(email=typed, password=typed, next_url=typed)
def test_fuzz_sign_in_form_never_fails(client, email, password, next_url):
    form = {"email": email, "password": password, "next": next_url}
    assert client.post_form("/auth/login", form).status_code < 500
