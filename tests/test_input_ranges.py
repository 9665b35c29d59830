"""Out-of-range route and query values: a 404 or a friendly 400, never a 500 (case 69)."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from portal.inputs import MAX_ID, parse_date, parse_int

HUGE = 99999999999999999999999
# Every query parameter some view reads; a new one belongs here too.
QUERY_PARAMS = (
    "page",
    "packet",
    "status",
    "q",
    "topic",
    "from",
    "then",
    "reason",
    "v",
    "next",
    "verify",
    "date_from",
    "date_to",
    "user",
    "action",
    "urgent",
    "mine",
)
EXTREMES = (
    str(HUGE),
    "9999999999",  # ten digits: past PostgreSQL's INTEGER, within SQLite's
    "-99999999999999999999",
    "0",
    "9999-12-31",
    "0001-01-01",
    "²",
    "1e309",
    "x" * 3000,
)


def int_rules(app: Flask) -> list[Rule]:
    """Every rule with an integer argument."""
    return [
        r
        for r in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in r._converters.values())
    ]


def huge_path(rule: Rule) -> str:
    """The rule's path with every integer argument far out of range, other arguments plain."""
    path = rule.rule
    for name, conv in rule._converters.items():
        value = str(HUGE) if isinstance(conv, IntegerConverter) else "does-not-exist"
        path = path.replace(f"<{type(conv).__name__}:{name}>", value)
        path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
    return path


def get_paths(app: Flask) -> list[str]:
    """One concrete URL for every GET route (unknown slugs, small ids)."""
    adapter = app.url_map.bind("localhost")
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        values = {
            name: 1 if isinstance(conv, IntegerConverter) else "does-not-exist"
            for name, conv in rule._converters.items()
        }
        paths.append(adapter.build(rule.endpoint, values))
    return paths


@pytest.mark.parametrize(
    "path",
    [
        "/clinician/shelf/99999999999999999999999/edit",
        "/clinician/handouts?packet=99999999999999999999999",
        "/clinician/audit?date_to=9999-12-31",
        "/clinician/audit?date_from=9999-12-31&date_to=9999-12-31",
        "/clinician/audit?user=99999999999999999999999",
        "/clinician/intakes?page=%C2%B2",
    ],
)
def test_reported_out_of_range_urls_are_never_a_500(client, signed_in_owner, path):
    response = client.get(path)
    assert response.status_code in (200, 400, 404), (path, response.status_code)
    assert "Traceback" not in response.get_data(as_text=True)


def test_every_integer_route_argument_far_out_of_range_is_a_404(app, client, signed_in_owner):
    rules = int_rules(app)
    assert len(rules) >= 10
    token = client.csrf_token("/clinician/")
    for rule in rules:
        path = huge_path(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": token} if method != "GET" else None
            response = client.open(path, method=method, data=data)
            assert response.status_code == 404, (method, path, response.status_code)


@pytest.mark.parametrize("value", EXTREMES)
def test_every_query_parameter_with_extreme_values_is_never_a_500(
    app, client, signed_in_owner, value
):
    query = {name: value for name in QUERY_PARAMS}
    failures = []
    for path in get_paths(app):
        if path.endswith(".pdf"):
            continue  # the PDF routes read no query values; their ids are covered above
        response = client.get(path, query_string=query)
        if response.status_code >= 500:
            failures.append((path, response.status_code))
    assert failures == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("7", 7), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("9999999999", None), ("0", None)]
    + [("-3", None), ("²", None), ("", None), (None, None), (" 12 ", 12)]
    # Separator controls: str.strip drops them but int() refuses them (found by fuzzing).
    + [("1\x1e", 1), ("0\x1f", None), ("\x1c3", 3)],
)
def test_parse_int_takes_only_database_sized_positive_numbers(raw, expected):
    assert parse_int(raw) == expected


def test_parse_date_refuses_dates_that_would_overflow():
    assert parse_date("2026-03-27").isoformat() == "2026-03-27"
    assert parse_date("9999-12-31") is None and parse_date("0001-01-01") is None
    assert parse_date("2026-02-30") is None


def test_audit_filter_far_future_date_says_what_to_do(client, signed_in_owner):
    text = client.get("/clinician/audit?date_to=9999-12-31").get_data(as_text=True)
    assert "must be a real date between 1900 and 2999" in text


def test_shelf_page_number_with_a_control_character_is_not_a_500(client):
    assert client.get("/shelf/", query_string={"page": "1\x1e"}).status_code == 200
