"""Parallel handout requests: one render per uncached PDF, a render cap, friendly busy pages."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from portal.db import db
from portal.handouts import engine, flight
from tests.fixtures_handouts import pdf_text

ROOT = Path(__file__).resolve().parent.parent
CONCURRENT = 5


def wait_for(condition, limit: float = 20.0) -> None:
    """Poll until condition() holds (or give up after `limit` s and let the assertions speak)."""
    end = time.monotonic() + limit
    while not condition() and time.monotonic() < end:
        time.sleep(0.01)


def get_all_at_once(app, urls: list[str]) -> list:
    """GET every URL from its own thread and client, all released together."""
    barrier = threading.Barrier(len(urls))
    responses: list = [None] * len(urls)

    def fetch(index: int, url: str) -> None:
        client = app.test_client()
        barrier.wait()
        responses[index] = client.get(url)

    threads = [threading.Thread(target=fetch, args=pair) for pair in enumerate(urls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return responses


@pytest.fixture
def threaded_client_app(app):
    """The app with the browser-like test client in every thread."""
    from tests.conftest import Client

    app.test_client_class = Client
    db.session.commit()
    return app


def hold_render_until(monkeypatch, condition, fail: bool = False, first_only: bool = False):
    """Make the worker wait until `condition()` before rendering (or failing); count calls."""
    calls = []
    real = engine.Worker.render

    def render(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1 or not first_only:
            wait_for(condition)
        if fail:
            raise engine.RenderError("the PDF worker stopped")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(engine.Worker, "render", render)
    return calls


def test_simultaneous_requests_for_one_uncached_handout_render_it_once(
    threaded_client_app, handout_article, monkeypatch
):
    url = f"/shelf/{handout_article.slug}/handout.pdf"
    before = engine.render_count()
    calls = hold_render_until(monkeypatch, lambda: flight.waiting() == CONCURRENT - 1)
    responses = get_all_at_once(threaded_client_app, [url] * CONCURRENT)
    assert [r.status_code for r in responses] == [200] * CONCURRENT
    assert len({r.data for r in responses}) == 1
    assert "Slowing down on hard days" in pdf_text(responses[0].data)
    assert len(calls) == 1 and engine.render_count() - before == 1


def test_a_failed_render_gives_every_waiter_the_friendly_page(
    threaded_client_app, handout_article, monkeypatch
):
    url = f"/shelf/{handout_article.slug}/handout.pdf"
    calls = hold_render_until(monkeypatch, lambda: flight.waiting() == CONCURRENT - 1, fail=True)
    responses = get_all_at_once(threaded_client_app, [url] * CONCURRENT)
    assert [r.status_code for r in responses] == [503] * CONCURRENT
    for response in responses:
        assert "Sorry, we could not make the PDF" in response.get_data(as_text=True)
    assert len(calls) == 1


def server_process(app, slug: str, tmp_path: Path, name: str, mode: str = "render"):
    """Start a child server process on the test's instance; it renders when `go` appears."""
    command = [sys.executable, "-m", "tests.handout_flight_child", app.config["INSTANCE_PATH"]]
    command += [slug, str(tmp_path / f"ready-{name}"), str(tmp_path / "go"), mode, str(tmp_path)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)


def outcome(child) -> dict:
    """What a child server process printed: the PDF's hash or its error, and its renders."""
    return json.loads(child.communicate(timeout=180)[0])


def test_two_server_processes_render_one_uncached_handout_once(app, handout_article, tmp_path):
    db.session.commit()
    children = [server_process(app, handout_article.slug, tmp_path, str(n)) for n in range(2)]
    wait_for(lambda: all((tmp_path / f"ready-{n}").exists() for n in range(2)), 120)
    (tmp_path / "go").touch()
    outcomes = [outcome(child) for child in children]
    assert [o.get("error") for o in outcomes] == [None, None]
    assert outcomes[0]["sha256"] == outcomes[1]["sha256"]
    assert sum(o["renders"] for o in outcomes) == 1
    assert not list(Path(app.config["HANDOUT_CACHE_DIR"]).glob("*.lock"))


def test_a_render_failing_in_one_process_gives_the_waiting_process_the_same_error(
    app, client, handout_article, tmp_path
):
    db.session.commit()
    (tmp_path / "go").touch()
    failing = server_process(app, handout_article.slug, tmp_path, "a", mode="fail")
    wait_for(lambda: (tmp_path / "rendering").exists(), 120)
    waiting = server_process(app, handout_article.slug, tmp_path, "b", mode="wait")
    wait_for(lambda: (tmp_path / "waiting").exists(), 120)
    (tmp_path / "release").touch()
    first, second = outcome(failing), outcome(waiting)
    assert first == {"error": "the PDF worker stopped", "renders": 0}
    assert second == first
    page = client.get(f"/shelf/{handout_article.slug}/handout.pdf")  # later: a fresh try
    assert page.status_code == 200 and "Slowing down on hard days" in pdf_text(page.data)


@pytest.mark.parametrize("app_config", [{"HANDOUT_MAX_RENDERS": 1, "HANDOUT_SLOT_WAIT": 0.2}])
def test_a_burst_of_uncached_handouts_gets_busy_pages_while_pages_are_served(
    threaded_client_app, make_article, monkeypatch
):
    first, second = make_article("Resting well").slug, make_article("Naming a feeling").slug
    release = threading.Event()
    calls = hold_render_until(monkeypatch, release.is_set, first_only=True)
    results: list = []
    holder = threading.Thread(
        target=lambda: results.append(
            threaded_client_app.test_client().get(f"/shelf/{first}/handout.pdf")
        )
    )
    holder.start()
    wait_for(lambda: len(calls) == 1)
    client = threaded_client_app.test_client()
    busy = client.get(f"/shelf/{second}/handout.pdf")
    page = client.get(f"/shelf/{second}")
    release.set()
    holder.join(120)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert "busy making other PDFs" in busy.get_data(as_text=True)
    assert page.status_code == 200 and "Naming a feeling" in page.get_data(as_text=True)
    assert results[0].status_code == 200
    again = client.get(f"/shelf/{second}/handout.pdf")
    assert again.status_code == 200 and "Naming a feeling" in pdf_text(again.data)


def lock_file(slug: str) -> Path:
    """Where the cross-process lock of this article's generic handout lives."""
    from portal.handouts import service

    options = service.Options()
    context = engine.with_practice(
        service.build_context(service.published_articles([slug]), options)
    )
    key = service.cache_key(context, options)
    path = engine._cache_path(service.HANDOUT_TEMPLATE, key, context)
    return path.with_name(path.name + ".lock")


def test_a_lock_file_left_by_a_dead_process_does_not_block_printing(app, client, handout_article):
    lock = lock_file(handout_article.slug)
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("")  # what a crashed server leaves: the file, but no one holds the lock
    response = client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    assert response.status_code == 200
    assert "Slowing down on hard days" in pdf_text(response.data)
    assert not lock.exists()


@pytest.mark.parametrize("app_config", [{"HANDOUT_RENDER_TIMEOUT": 1, "HANDOUT_SLOT_WAIT": 0.1}])
def test_a_waiter_stops_at_the_time_limit_when_the_lock_holder_hangs(app, client, handout_article):
    import fcntl
    import os

    lock = lock_file(handout_article.slug)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another server process, stuck mid-render
    try:
        response = client.get(f"/shelf/{handout_article.slug}/handout.pdf")
    finally:
        os.close(fd)
    assert response.status_code == 503
    assert "Sorry, we could not make the PDF" in response.get_data(as_text=True)
