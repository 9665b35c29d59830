"""A second server process for the single-flight test: render one handout when told to go."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path


def main(instance: str, slug: str, ready: str, go: str) -> None:
    """Build the same app on the same instance, wait for `go`, render, print what happened."""
    from portal import create_app
    from portal.db import read_only
    from portal.handouts import engine, service
    from tests.conftest import base_config

    app = create_app(base_config(Path(instance)))
    with app.app_context(), read_only():  # as a GET request: no SQLite write lock
        Path(ready).touch()
        while not Path(go).exists():
            time.sleep(0.01)
        try:
            pdf, _ = service.render_handout([slug], service.Options())
            outcome = {"sha256": hashlib.sha256(pdf).hexdigest()}
        except engine.RenderError as exc:
            outcome = {"error": str(exc)}
        outcome["renders"] = engine.render_count()
        engine.shutdown()
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(*sys.argv[1:5])
