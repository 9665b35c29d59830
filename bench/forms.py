"""Intake pages built from the form definition against the pinned hand-written pages.

Run from the checkout:  python bench/forms.py  [--rounds 15] [--requests 60]
It builds a throw-away SQLite instance with the demo practice (which stores the built-in adult
form as published version 1), then, in the same process and interleaved round by round, times
through the Flask test client:

- GET and POST (valid answers, so the draft is saved) of the "about-you" and "mood" pages;
- GET of the check page with every page answered;

once with the journey as shipped (pages, forms and rules from the published version; one
query a request for which version is published) and once with the journey's form classes
swapped for the pinned hand-written copy in bench/reference_intake, with no version query.
Each measure runs on both sides back to back, in turn first. It prints the median requests
per second of each side, the median of the per-round ratios (target: data-driven >= 0.9x)
and writes docs/bench-forms.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = 0.9
PAGES = ("about-you", "mood")


def make_app(instance: Path):
    """A migrated app with the demo practice; CSRF off so both sides post alike."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.db import db
    from portal.demo import load_demo

    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": f"sqlite:///{instance / 'bench.db'}",
            "PUBLIC_BASE_URL": "https://portal.example",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
    return app


def reference_journey():
    """The published journey with each page's form swapped for the pinned hand-written one."""
    from bench.reference_intake import steps as hand
    from portal.intake import journey

    built = journey.builtin_adult()
    steps = tuple(
        dataclasses.replace(step, form=hand.BY_SLUG[step.slug].form) for step in built.steps
    )
    return dataclasses.replace(built, steps=steps, by_slug={s.slug: s for s in steps})


class Swap:
    """Serve the journey as shipped, or the hand-written pages through the same views."""

    def __init__(self) -> None:
        """Remember the shipped lookups so they can be put back."""
        from portal.intake import flow

        self.flow = flow
        self.shipped = (flow.current, flow.for_draft)
        self.reference = reference_journey()

    def use(self, side: str) -> None:
        """Point the views at one side: "data" (shipped) or "hand" (pinned copy)."""
        if side == "data":
            self.flow.current, self.flow.for_draft = self.shipped
        else:
            self.flow.current = lambda: self.reference
            self.flow.for_draft = lambda data: self.reference


def posts() -> dict[str, dict]:
    """The form data of every page for the sample answers."""
    from tests.fixtures_intake import sample_answers, step_posts

    data = step_posts(sample_answers())
    data["consent"]["text_sha256"] = ""  # filled per client from the practice's text
    return data


def fill(client, data: dict[str, dict]) -> None:
    """Answer every page once, so the check page has a whole draft to show."""
    from portal.intake.flow import consent_hash
    from portal.practice import get_practice

    areas = get_practice().service_areas
    if areas:
        data = {"where-you-live": {"area": areas[0]}, **data}
    for slug, fields in data.items():
        if slug == "consent":
            fields = {**fields, "text_sha256": consent_hash(get_practice().consent_text)}
        response = client.post(f"/intake/{slug}", data=fields)
        assert response.status_code == 302, (slug, response.status_code)


def rate(action, count: int) -> float:
    """Requests per second of `count` calls of one request."""
    start = time.perf_counter()
    for _ in range(count):
        action()
    return count / (time.perf_counter() - start)


def measures(client, data: dict[str, dict]) -> dict:
    """One request per measure, checked to give the expected status."""

    def call(method: str, path: str, body=None, status: int = 200):
        """A request that must answer with this status."""

        def run() -> None:
            """Send it and check the status."""
            response = client.open(path, method=method, data=body)
            assert response.status_code == status, (path, response.status_code)

        return run

    found = {}
    for slug in PAGES:
        found[f"GET /intake/{slug}"] = call("GET", f"/intake/{slug}")
        found[f"POST /intake/{slug}"] = call("POST", f"/intake/{slug}", data[slug], 302)
    found["GET /intake/check"] = call("GET", "/intake/check")
    return found


def run(rounds: int, count: int) -> dict:
    """Interleave the two sides measure by measure; per measure, the medians."""
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp))
        with app.app_context():
            swap = Swap()
        data = posts()
        clients = {side: app.test_client() for side in ("data", "hand")}
        for side, client in clients.items():
            swap.use(side)
            with app.app_context():
                fill(client, data)
        actions = {side: measures(clients[side], data) for side in clients}
        samples: dict[str, dict[str, list[float]]] = {}
        for number in range(rounds):
            for name in actions["data"]:
                # Each measure runs on both sides back to back, in turn first, so a busy
                # machine slows both alike; the ratio is the median of the paired rounds.
                for side in ("hand", "data") if number % 2 else ("data", "hand"):
                    swap.use(side)
                    actions[side][name]()  # warm
                    found = rate(actions[side][name], count)
                    samples.setdefault(name, {}).setdefault(side, []).append(found)
        swap.use("data")
    return {name: _summary(sides) for name, sides in samples.items()}


def _summary(sides: dict[str, list[float]]) -> dict:
    """Median requests per second of each side and the median of the per-round ratios."""
    ratios = [d / h for d, h in zip(sides["data"], sides["hand"], strict=True)]
    return {
        "data_rps": round(statistics.median(sides["data"]), 1),
        "hand_rps": round(statistics.median(sides["hand"]), 1),
        "ratio": round(statistics.median(ratios), 3),
    }


def main() -> None:
    """Measure, print the table and write docs/bench-forms.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=60, help="requests per measure a round")
    args = parser.parse_args()
    results = run(args.rounds, args.requests)
    worst = min(r["ratio"] for r in results.values())
    print(f"{'request':<24} {'data req/s':>11} {'hand req/s':>11} {'ratio':>7}")
    for name, r in results.items():
        print(f"{name:<24} {r['data_rps']:>11} {r['hand_rps']:>11} {r['ratio']:>6}x")
    verdict = "met" if worst >= TARGET else "NOT met"
    print(f"lowest ratio {worst}x (target >= {TARGET}x): {verdict}")
    out = {
        "target_ratio": TARGET,
        "lowest_ratio": worst,
        "met": worst >= TARGET,
        "rounds": args.rounds,
        "requests_per_round": args.requests,
        "python": platform.python_version(),
        "results": results,
    }
    path = ROOT / "docs" / "bench-forms.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
