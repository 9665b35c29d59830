"""Log lines: one per event, control characters escaped, no client data, nothing in access logs."""

from __future__ import annotations

import http.client
import http.cookiejar
import io
import logging
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.db import db
from portal.logs import escape_control, portal_handler
from tests.conftest import CSRF_RE, PASSWORD, base_config
from tests.fixtures_intake import step_posts

FORGED = "/intake/x%0a2026-12-02%2006:00:00%20login%20ok%20user=admin%0d%1b[2J"
LINE_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR) ")
CANARY_NAME = "Zephyrine Quolloughby-Marchetti"
CANARY_EMAIL = "zephyrine.quolloughby@example.org"


@pytest.fixture
def app_config():
    """No minimum fill time, so the journey can be walked quickly."""
    return {"INTAKE_MIN_FILL_SECONDS": 0}


@pytest.fixture
def log_output(app):
    """Everything the portal's own handler writes (portal and access log), as one string."""
    buffer = io.StringIO()
    handler = portal_handler()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def log_lines(buffer: io.StringIO) -> list[str]:
    """The written lines; every one must start like a log line, or it was forged."""
    return buffer.getvalue().splitlines()


class Browser:
    """A tiny cookie-keeping HTTP client for a real server, reading CSRF tokens from pages."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        no_redirect = type(
            "NoRedirect",
            (urllib.request.HTTPRedirectHandler,),
            {"redirect_request": lambda *args: None},
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), no_redirect
        )

    def get(self, path: str) -> tuple[int, str]:
        """GET a page; returns (status, body)."""
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict, token_page: str | None = None) -> tuple[int, str]:
        """POST a form (with a CSRF token read from token_page, or the page itself)."""
        _status, page = self.get(token_page or path)
        token = CSRF_RE.search(page).group(1)
        body = urllib.parse.urlencode({**data, "csrf_token": token}, doseq=True).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def post_without_token(self, path: str, data: dict) -> tuple[int, str]:
        """POST a form with no CSRF token (as a page left open too long, or a forgery)."""
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def _open(self, request) -> tuple[int, str]:
        """Send, treating error statuses and redirects as answers."""
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture
def served(app, log_output):
    """The test app behind the real development server on a free loopback port."""
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def test_escape_control_makes_one_visible_line():
    assert escape_control("a\nb\r\x1b[2J\u2028c\td") == "a\\nb\\r\\x1b[2J\\u2028c\\td"


def test_log_line_for_a_path_with_newlines_stays_one_line(client, log_output):
    response = client.post(FORGED, data={"full_name": CANARY_NAME})
    assert response.status_code == 400
    lines = log_lines(log_output)
    assert len(lines) == 1 and "csrf_failure" in lines[0]
    assert "x\\n2026-12-02 06:00:00 login ok" in lines[0] and "\\x1b[2J" in lines[0]
    assert CANARY_NAME not in log_output.getvalue()


def test_access_log_of_the_real_server_has_one_line_per_request(served, log_output):
    connection = http.client.HTTPConnection(served.removeprefix("http://"), timeout=30)
    connection.request("POST", FORGED, body=b"", headers={"Content-Length": "0"})
    assert connection.getresponse().status == 400
    connection.close()
    lines = log_lines(log_output)
    assert len(lines) == 2, lines  # the csrf warning and the access line
    assert all(LINE_START.match(line) for line in lines), lines
    assert any('"POST /intake/x' in line and "werkzeug" in line for line in lines)


def test_resume_token_never_reaches_a_log_line(served, log_output):
    maker, opener = Browser(served), Browser(served)
    maker.post("/intake/age", {"age_ok": "yes"})
    maker.post("/intake/about-you", {**step_posts()["about-you"], "action": "save"})
    _status, page = maker.get("/intake/saved")
    token = re.search(r'id="resume-link"[^>]*>[^<]*/intake/resume/([A-Za-z0-9_-]+)<', page)
    token = token or re.search(r'/intake/resume/([A-Za-z0-9_-]+)"', page)
    status, _ = opener.get("/intake/resume/" + token.group(1))
    assert status in (302, 303)
    text = log_output.getvalue()
    assert token.group(1) not in text
    assert '"GET /intake/resume/[redacted] HTTP/1.1" 302' in text


def test_inbox_search_keeps_client_data_out_of_the_access_log(
    served, log_output, make_user, make_intake
):
    make_intake(about={"full_name": CANARY_NAME, "email": CANARY_EMAIL})
    make_user("searcher@example.org")
    db.session.commit()  # end the test's transaction: the server thread needs the database
    browser = Browser(served)
    status, _ = browser.post("/auth/login", {"email": "searcher@example.org", "password": PASSWORD})
    assert status in (302, 303)
    for query in (CANARY_EMAIL, "Quolloughby-Marchetti"):
        status, page = browser.post("/clinician/intakes", {"q": query})
        assert status == 200 and CANARY_NAME in page
    access = [line for line in log_lines(log_output) if "werkzeug" in line]
    assert any('"POST /clinician/intakes HTTP/1.1" 200' in line for line in access), access
    text = log_output.getvalue()
    assert CANARY_EMAIL not in text and "Quolloughby" not in text
    assert urllib.parse.quote(CANARY_EMAIL) not in text


def test_canary_intake_with_failures_leaves_no_client_data_in_any_log_line(
    served, log_output, caplog, monkeypatch, app
):
    """Case 54: a whole journey with bad input, CSRF and database failures, over a real server."""
    from portal.intake import service

    answers = step_posts()
    about = {**answers["about-you"], "full_name": CANARY_NAME, "email": CANARY_EMAIL}
    browser = Browser(served)
    with caplog.at_level(logging.DEBUG):
        browser.post("/intake/age", answers["age"])
        browser.post("/intake/safety", answers["safety"])
        bad_email = {**about, "email": "not an email " + CANARY_NAME}
        status, _ = browser.post("/intake/about-you", bad_email)
        assert status == 200  # re-shown with an error message
        status, _ = browser.post_without_token("/intake/about-you", about)
        assert status == 400
        monkeypatch.setattr(service, "save_draft", _raise_locked)
        status, _ = browser.post("/intake/about-you", about)
        assert status == 503
        monkeypatch.undo()
        status, _ = browser.post("/intake/about-you", about)
        assert status in (302, 303)
    text = log_output.getvalue() + caplog.text
    assert "csrf_failure" in text
    assert "intake not saved" in text  # the failures were logged...
    for secret in (CANARY_NAME, "Quolloughby", CANARY_EMAIL):
        assert secret not in text  # ...without anything the person typed
    assert all(LINE_START.match(line) for line in log_lines(log_output))


def _raise_locked(*args, **kwargs):
    """Stand in for a save that meets a locked database."""
    from sqlalchemy.exc import OperationalError

    raise OperationalError("UPDATE intake_draft", {}, Exception("database is locked"))


def test_log_level_comes_from_config(tmp_path):
    app = create_app({**base_config(tmp_path), "LOG_LEVEL": "warning"})
    assert logging.getLogger("portal").level == logging.WARNING
    with pytest.raises(ValueError, match="LOG_LEVEL"):
        create_app({**base_config(tmp_path), "LOG_LEVEL": "chatty"})
    assert app.logger.name == "portal"


def test_development_server_notice_keeps_its_lines_but_request_lines_stay_one(log_output):
    import logging

    server = logging.getLogger("werkzeug")
    server.info("WARNING: This is a development server.\n * Running on http://127.0.0.1:5000")
    server.info("%s", "GET /x\nforged ok")
    server.info('127.0.0.1 - - [02/Dec/2026] "GET /y\nforged ok" 404 -')
    lines = log_output.getvalue().splitlines()
    assert lines[-4].endswith("werkzeug: WARNING: This is a development server.")
    assert lines[-3].endswith("werkzeug:  * Running on http://127.0.0.1:5000")
    assert lines[-2].endswith("werkzeug: GET /x\\nforged ok")
    assert lines[-1].endswith('"GET /y\\nforged ok" 404 -')
