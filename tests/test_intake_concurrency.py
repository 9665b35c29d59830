"""200 concurrent submissions through two server processes sharing one database: none lost."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select, text

from portal.db import db
from portal.intake import flow, service
from portal.models import Intake
from tests.conftest import PG_URL
from tests.fixtures_intake import sample_answers

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = 200
PARALLEL = 32
SERVER = """
import os, sys
from werkzeug.serving import make_server
from tests.conftest import base_config
from pathlib import Path
from portal import create_app
config = base_config(Path(os.environ["T_INSTANCE"]))
config.update(RATELIMIT_ENABLED=False, INTAKE_MIN_FILL_SECONDS=0)
app = create_app(config)
server = make_server("127.0.0.1", int(os.environ["T_PORT"]), app, threaded=True)
print("ready", flush=True)
server.serve_forever()
"""


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(instance: Path) -> tuple[subprocess.Popen, int]:
    """One server process on its own port, on the shared database."""
    port = free_port()
    env = {**os.environ, "T_INSTANCE": str(instance), "T_PORT": str(port)}
    # The server's log goes to a file: a pipe nobody reads until the end fills up (64 KiB of
    # request lines and development mail printouts) and then blocks the server.
    log_path = instance / f"server-{port}.log"
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
        )
    proc.log_path = log_path
    assert proc.stdout.readline().strip() == "ready", log_path.read_text()
    return proc, port


def stop_server(proc: subprocess.Popen) -> str:
    """Stop a server (if still running) and return what it logged."""
    if proc.poll() is None:
        proc.terminate()
    proc.communicate(timeout=10)
    return proc.log_path.read_text()


def session_cookie(app, draft_id: str) -> str:
    """A signed session cookie naming a draft, as the browser holding that draft would send."""
    value = app.session_interface.get_signing_serializer(app).dumps({flow.DRAFT_KEY: draft_id})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def request(port: int, method: str, path: str, cookie: str, body: str = ""):
    """One HTTP request; returns (status, headers, text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    result = response.status, response.getheaders(), response.read().decode()
    conn.close()
    return result


def submit(port: int, cookie: str) -> tuple[int, str]:
    """Load the check page (fresh CSRF token in the session), then send the enquiry."""
    status, headers, html = request(port, "GET", "/intake/check", cookie)
    assert status == 200, html[-500:]
    new = [v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie"]
    cookie = new[0] if new else cookie
    fields = dict(
        re.findall(r'name="(csrf_token|submission_id|started)"[^>]*value="([^"]*)"', html)
    )
    status, headers, _html = request(port, "POST", "/intake/check", cookie, urlencode(fields))
    return status, dict(headers).get("Location", "")


def make_drafts(app, count: int) -> tuple[list[str], list[str]]:
    """Complete drafts ready to send: (session cookies, submission ids)."""
    drafts, submission_ids = [], []
    for _ in range(count):
        data = {**service.new_draft_data(), "answers": sample_answers()}
        data["submission_id"] = uuid.uuid4().hex
        drafts.append(service.save_draft(None, data, 14).id)
        submission_ids.append(data["submission_id"])
    db.session.commit()
    return [session_cookie(app, draft_id) for draft_id in drafts], submission_ids


@pytest.mark.slow
def test_intake_200_concurrent_submissions_two_processes(app, tmp_path):
    cookies, _ids = make_drafts(app, SUBMISSIONS)
    servers = [start_server(Path(app.instance_path)) for _ in range(2)]
    try:
        with ThreadPoolExecutor(PARALLEL) as pool:
            jobs = [
                pool.submit(submit, servers[i % 2][1], cookie) for i, cookie in enumerate(cookies)
            ]
            results = [job.result() for job in jobs]
    finally:
        logs = ""
        for proc, _port in servers:
            logs += stop_server(proc)
    assert [status for status, _ in results] == [302] * SUBMISSIONS, logs[-3000:]
    assert all(location.endswith("/intake/done") for _, location in results)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Intake)) == SUBMISSIONS
    references = db.session.scalars(select(Intake.reference)).all()
    assert len(set(references)) == SUBMISSIONS
    assert "database is locked" not in logs and "Traceback" not in logs
    if not PG_URL:
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def submit_or_fail(port: int, cookie: str) -> bool:
    """True only when the client saw the confirmation redirect; a dead server is a False."""
    try:
        status, location = submit(port, cookie)
    except (OSError, http.client.HTTPException, AssertionError):
        return False
    return status == 302 and location.endswith("/intake/done")


@pytest.mark.slow
def test_intake_server_killed_mid_burst_loses_no_confirmed_submission(app):
    cookies, submission_ids = make_drafts(app, 120)
    proc, port = start_server(Path(app.instance_path))
    with ThreadPoolExecutor(16) as pool:
        jobs = [pool.submit(submit_or_fail, port, cookie) for cookie in cookies]
        deadline = time.monotonic() + 60
        while sum(job.done() and job.result() for job in jobs) < 30:
            assert time.monotonic() < deadline and proc.poll() is None, "server never got going"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        confirmed = [sid for sid, job in zip(submission_ids, jobs, strict=True) if job.result()]
    stop_server(proc)
    db.session.rollback()
    stored = set(db.session.scalars(select(Intake.submission_id)))
    assert 30 <= len(confirmed) < 120
    assert set(confirmed) <= stored
    if not PG_URL:
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
