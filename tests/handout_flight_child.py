"""A second server process for the single-flight tests: render one handout when told to go.

Modes: "render" just renders; "fail" signals `rendering` in the flag folder, waits for
`release` and then fails the render; "wait" signals `waiting` once it finds the lock taken.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import sys
import time
from pathlib import Path


def wait_for_file(path: Path) -> None:
    """Poll for a flag file the test creates."""
    while not path.exists():
        time.sleep(0.01)


def failing_render(flags: Path):
    """A worker render that fails, once the test says so."""
    from portal.handouts import engine

    def render(self, *args, **kwargs):
        (flags / "rendering").touch()
        wait_for_file(flags / "release")
        raise engine.RenderError("the PDF worker stopped")

    return render


def reporting_flock(flags: Path):
    """flock that tells the test when this process finds the lock held by another."""
    real = fcntl.flock

    def flock(fd, operation):
        try:
            return real(fd, operation)
        except BlockingIOError:
            (flags / "waiting").touch()
            raise

    return flock


def main(instance: str, slug: str, ready: str, go: str, mode: str = "render", flags: str = ""):
    """Build the same app on the same instance, wait for `go`, render, print what happened."""
    from portal import create_app
    from portal.db import read_only
    from portal.handouts import engine, service
    from tests.conftest import base_config

    if mode == "fail":
        engine.Worker.render = failing_render(Path(flags))
    if mode == "wait":
        fcntl.flock = reporting_flock(Path(flags))
    app = create_app(base_config(Path(instance)))
    with app.app_context(), read_only():  # as a GET request: no SQLite write lock
        Path(ready).touch()
        wait_for_file(Path(go))
        try:
            pdf, _ = service.render_handout([slug], service.Options())
            outcome = {"sha256": hashlib.sha256(pdf).hexdigest()}
        except engine.RenderError as exc:
            outcome = {"error": str(exc)}
        outcome["renders"] = engine.render_count()
        engine.shutdown()
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(*sys.argv[1:7])
