"""Access control walks `app.url_map`, so every new route is covered the day it is added."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from portal.security.access import _require_staff

SKIP_ENDPOINTS = {"static"}


def sample_url(app: Flask, rule: Rule) -> str:
    """A concrete URL for a rule; its values exist nowhere, so guards must answer first."""
    values = {
        name: 999999 if isinstance(conv, IntegerConverter) else "does-not-exist"
        for name, conv in rule._converters.items()
    }
    return app.url_map.bind("localhost").build(rule.endpoint, values)


def rules(app: Flask, prefix: str = "") -> list[Rule]:
    """Every routed rule (optionally under a prefix), static files aside."""
    return [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint not in SKIP_ENDPOINTS and r.rule.startswith(prefix)
    ]


def is_guarded(app: Flask, endpoint: str) -> bool:
    """True when the endpoint's blueprint requires a signed-in staff member for every view."""
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else None
    hooks = app.before_request_funcs.get(blueprint, [])
    return _require_staff in hooks


def test_every_route_is_either_public_or_staff_only(app):
    """Fail closed: a new view must be marked @public or live in a guarded blueprint."""
    unmarked = [
        r.rule
        for r in rules(app)
        if not is_guarded(app, r.endpoint)
        and not any(
            getattr(app.view_functions[r.endpoint], mark, False)
            for mark in ("is_public", "staff_only")
        )
    ]
    assert unmarked == []


def staff_rules(app: Flask) -> list[Rule]:
    """Routes only staff may use: the guarded blueprints and single staff-only views."""
    return [
        r
        for r in rules(app)
        if is_guarded(app, r.endpoint)
        or getattr(app.view_functions[r.endpoint], "staff_only", False)
    ]


def test_every_staff_route_sends_anonymous_visitors_to_sign_in(app, client):
    clinician_rules = staff_rules(app)
    assert {r.rule for r in rules(app, "/clinician")} <= {r.rule for r in clinician_rules}
    assert len(clinician_rules) >= 1
    for rule in clinician_rules:
        url = sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if method == "GET":
                assert response.status_code == 302, (method, url)
                assert response.headers["Location"].startswith("/auth/login"), url
            else:
                # Unsafe methods without a token stop at CSRF or at the sign-in redirect.
                assert response.status_code in (302, 400), (method, url)


def test_every_staff_route_and_method_requires_sign_in_even_with_a_valid_csrf_token(app, client):
    """CSRF must not be what stops an anonymous POST: the staff guard answers every method."""
    token = client.csrf_token("/auth/login")
    walked = 0
    for rule in staff_rules(app):
        url = sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = None if method == "GET" else {"csrf_token": token}
            response = client.open(url, method=method, data=data)
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.headers["Location"].startswith("/auth/login"), (method, url)
            walked += method != "GET"
    assert walked >= 10  # the walk really reached the state-changing routes


def test_staff_routes_are_exactly_the_guarded_ones(app):
    for rule in rules(app):
        guarded = is_guarded(app, rule.endpoint)
        assert guarded == rule.rule.startswith("/clinician"), rule.rule


def test_clinician_gets_403_or_404_on_every_owner_page(app, client, clinician, login_as):
    login_as(clinician)
    owner_rules = [
        r
        for r in rules(app, "/clinician")
        if getattr(app.view_functions[r.endpoint], "owner_only", False)
    ]
    for rule in owner_rules:
        url = sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": client.csrf_token("/clinician/")} if method != "GET" else None
            response = client.open(url, method=method, data=data)
            assert response.status_code in (403, 404), (method, url, response.status_code)


@pytest.mark.parametrize("page", ["/clinician/settings", "/clinician/users", "/clinician/audit"])
def test_known_owner_pages_are_marked_owner_only(app, page):
    endpoint, _ = app.url_map.bind("localhost").match(page)
    assert getattr(app.view_functions[endpoint], "owner_only", False), page
