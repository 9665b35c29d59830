"""Load benchmark: the portal under gunicorn on loopback, on SQLite or PostgreSQL.

Run from the checkout:  python bench/load.py  [--database-url postgresql+psycopg://…]
It builds a throwaway instance (a PostgreSQL database you name is emptied first) with the demo
practice and 30 published articles, starts the portal with gunicorn.conf.py (2 workers) and,
beside it in the same run, a bare "hello" Flask app under the same settings, then measures:

- 200 intake submissions sent at once (each journey walked first): stored rows and errors;
- the final submit's p50/p99 at 16 concurrent clients;
- the shelf page's requests/s as a ratio to "hello" (16 clients, rounds interleaved);
- 20 uncached handouts requested at once: all answered, and the shelf page's p99 meanwhile.

Clients are Python threads with http.client, one connection per request. Everything listens
on 127.0.0.1 and stops by itself; it prints the figures and writes docs/bench-load.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gunicorn_servers import Browser, Server, server_environment  # noqa: E402

SUBMIT_FIELDS = re.compile(r'name="(submission_id|started)"[^>]*value="([^"]*)"')
EXTRA_ARTICLES = 20
TARGET_RATIO = 0.5


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which this fraction of samples fall (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def build_instance(instance: Path, database_url: str | None) -> str:
    """Migrate a fresh database, load the demo and 20 more articles; return its URL."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from portal import create_app
    from portal.db import db
    from portal.demo import load_demo
    from portal.shelf.demo_articles import DEMO_ARTICLES
    from portal.shelf.service import save_article

    url = database_url or f"sqlite:///{instance / 'portal.db'}"
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url, "LOG_LEVEL": "ERROR"})
    with app.app_context():
        if database_url:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        load_demo()
        for n in range(EXTRA_ARTICLES):
            fields = DEMO_ARTICLES[n % len(DEMO_ARTICLES)]
            extra = {**fields, "slug": f"{fields['slug']}-{n}", "title": f"{fields['title']} {n}"}
            save_article(None, {**extra, "status": "published"}, actor_id=None)
        db.session.commit()
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        db.engine.dispose()
    return url


def stored_intakes(instance: Path, url: str) -> int:
    """How many intakes the database holds."""
    from sqlalchemy import func, select

    from portal import create_app
    from portal.db import db
    from portal.models import Intake

    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url, "LOG_LEVEL": "ERROR"})
    with app.app_context():
        count = db.session.scalar(select(func.count(Intake.id)))
        db.engine.dispose()
    return count or 0


def consent_sha(instance: Path, url: str) -> str:
    """The hash the consent page posts back (of the practice's consent text)."""
    from portal import create_app
    from portal.db import db
    from portal.intake.flow import consent_hash
    from portal.practice import get_practice

    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url, "LOG_LEVEL": "ERROR"})
    with app.app_context():
        value = consent_hash(get_practice().consent_text)
        db.engine.dispose()
    return value


def walk_journey(base: str, sha: str) -> Browser:
    """Answer every intake page like a person would, stopping at the check page."""
    from tests.fixtures_intake import step_posts

    browser = Browser(base)
    pages = step_posts()
    pages = {"age": pages.pop("age"), "where-you-live": {"area": "Springfield"}, **pages}
    for slug, data in pages.items():
        if slug == "consent":
            data = {**data, "text_sha256": sha}
        response = browser.post_form(f"/intake/{slug}", data)
        if response.status not in (302, 303):
            raise RuntimeError(f"/intake/{slug} answered {response.status}")
    return browser


def submit(browser: Browser) -> tuple[bool, float]:
    """Post the check page's form; (stored and confirmed, seconds the POST took)."""
    page = browser.get("/intake/check").text
    fields = dict(SUBMIT_FIELDS.findall(page))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    form = {**fields, "csrf_token": token[1] if token else ""}
    started = time.perf_counter()
    response = browser.request("POST", "/intake/check", form=form)
    took = time.perf_counter() - started
    ok = response.status == 302 and response.headers.get("location", "").endswith("/intake/done")
    return ok, took


def submissions(base: str, sha: str, count: int, concurrency: int) -> dict:
    """Walk `count` journeys, then submit them `concurrency` at a time."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        browsers = list(pool.map(lambda _: walk_journey(base, sha), range(count)))
    barrier = threading.Barrier(min(concurrency, count))

    def go(browser):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=30)
        return submit(browser)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(go, browsers))
    wall = time.perf_counter() - started
    times = [took * 1000 for _, took in results]
    return {
        "sent": count,
        "concurrency": concurrency,
        "confirmed": sum(ok for ok, _ in results),
        "errors": sum(not ok for ok, _ in results),
        "p50_ms": round(percentile(times, 0.5), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "wall_s": round(wall, 2),
    }


def hammer(base: str, path: str, seconds: float, concurrency: int) -> dict:
    """GET one path from `concurrency` threads for `seconds`: requests/s, latencies, errors."""
    stop = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]

    def client():
        browser = Browser(base)
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                ok = browser.get(path).status == 200
            except OSError:
                ok = False
            if ok:
                latencies.append((time.perf_counter() - started) * 1000)
            else:
                errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(percentile(latencies, 0.5), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "errors": errors[0],
    }


def shelf_ratio(portal: Server, hello: Server, rounds: int, seconds: float) -> dict:
    """Shelf page vs hello, interleaved rounds at 16 clients; median of the per-round ratios."""
    hammer(portal.base, "/shelf/", 2, 16)  # warm both before timing
    hammer(hello.base, "/", 2, 16)
    shelf, bare, ratios = [], [], []
    for _ in range(rounds):
        b = hammer(hello.base, "/", seconds, 16)
        s = hammer(portal.base, "/shelf/", seconds, 16)
        bare.append(b)
        shelf.append(s)
        ratios.append(s["rps"] / b["rps"] if b["rps"] else 0)
    return {
        "ratio_median": round(statistics.median(ratios), 2),
        "ratios": [round(r, 2) for r in ratios],
        "shelf_rps": [r["rps"] for r in shelf],
        "hello_rps": [r["rps"] for r in bare],
        "shelf_p99_ms": max(r["p99_ms"] for r in shelf),
        "errors": sum(r["errors"] for r in shelf + bare),
        "target": TARGET_RATIO,
        "met": statistics.median(ratios) >= TARGET_RATIO,
    }


def handout_burst(portal: Server, instance: Path, url: str, count: int = EXTRA_ARTICLES) -> dict:
    """`count` different uncached handouts at once; the shelf page's latency meanwhile."""
    slugs = article_slugs(instance, url)[:count]
    for cached in (instance / "cache" / "handouts").glob("*.pdf"):
        cached.unlink()
    page_times: list[float] = []
    done = threading.Event()

    def reader():
        browser = Browser(portal.base)
        while not done.is_set():
            started = time.perf_counter()
            status = browser.get("/shelf/").status
            page_times.append((time.perf_counter() - started) * 1000 if status == 200 else 1e9)

    def fetch(slug):
        started = time.perf_counter()
        response = Browser(portal.base, timeout=120).get(f"/shelf/{slug}/handout.pdf")
        ok = response.status == 200 and response.body.startswith(b"%PDF")
        return ok, response.status, time.perf_counter() - started

    watcher = threading.Thread(target=reader)
    watcher.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(fetch, slugs))
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    times = [took for _, _, took in results]
    return {
        "requested": len(slugs),
        "answered_pdf": sum(ok for ok, _, _ in results),
        "statuses": sorted({status for _, status, _ in results}),
        "slowest_s": round(max(times), 2),
        "wall_s": round(wall, 2),
        "page_requests_meanwhile": len(page_times),
        "page_p50_ms": round(percentile(page_times, 0.5), 1) if page_times else None,
        "page_p99_ms": round(percentile(page_times, 0.99), 1) if page_times else None,
    }


def article_slugs(instance: Path, url: str) -> list[str]:
    """The published articles' slugs, the extra (numbered) ones first."""
    from sqlalchemy import select

    from portal import create_app
    from portal.db import db
    from portal.models import Article

    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url, "LOG_LEVEL": "ERROR"})
    with app.app_context():
        slugs = list(db.session.scalars(select(Article.slug).order_by(Article.id.desc())))
        db.engine.dispose()
    return slugs


def run(
    database_url: str | None, rounds: int, seconds: float, work: Path, shelf_only: bool = False
) -> dict:
    """Build the instance, start both servers, measure, stop them."""
    instance = work / "instance"
    instance.mkdir()
    url = build_instance(instance, database_url)
    env = server_environment(
        instance,
        url,
        INTAKE_MIN_FILL_SECONDS=0,
        INTAKE_SUBMIT_LIMIT="100000 per hour",
        LOG_LEVEL="ERROR",
        HANDOUT_RENDER_TIMEOUT=30,
    )
    env.pop("PORTAL_ARGON2_PARAMS", None)
    sha = consent_sha(instance, url)
    with (
        Server(env, work / "portal.log", workers=2) as portal,
        Server(env, work / "hello.log", workers=2, app="bench.hello:app") as hello,
    ):
        result = {"shelf_vs_hello": shelf_ratio(portal, hello, rounds, seconds)}
        if not shelf_only:
            result["submit_200_at_once"] = submissions(portal.base, sha, 200, 200)
            result["submit_at_16"] = submissions(portal.base, sha, 64, 16)
            result["handouts_20_uncached"] = handout_burst(portal, instance, url)
    result["stored_intakes"] = stored_intakes(instance, url)
    return result


def report(engine: str, result: dict) -> None:
    """Print the figures a person compares."""
    shelf = result["shelf_vs_hello"]
    print(f"== {engine}")
    print(
        f"shelf / hello requests/s: {shelf['ratio_median']}x (target >= {TARGET_RATIO}, "
        f"{'met' if shelf['met'] else 'NOT met'}); shelf {shelf['shelf_rps']} vs hello "
        f"{shelf['hello_rps']} req/s; shelf p99 {shelf['shelf_p99_ms']} ms; "
        f"errors {shelf['errors']}"
    )
    if "submit_200_at_once" not in result:
        return
    burst = result["submit_200_at_once"]
    sixteen = result["submit_at_16"]
    hand = result["handouts_20_uncached"]
    print(
        f"200 submissions at once: {burst['confirmed']} confirmed, {burst['errors']} errors, "
        f"{result['stored_intakes']} intakes stored in all (200 + 64 sent); "
        f"p99 {burst['p99_ms']} ms"
    )
    print(f"submit at 16 concurrent: p50 {sixteen['p50_ms']} ms, p99 {sixteen['p99_ms']} ms")
    print(
        f"20 uncached handouts at once: {hand['answered_pdf']}/{hand['requested']} PDFs "
        f"(statuses {hand['statuses']}), slowest {hand['slowest_s']} s; shelf page meanwhile: "
        f"{hand['page_requests_meanwhile']} requests, p50 {hand['page_p50_ms']} ms, "
        f"p99 {hand['page_p99_ms']} ms"
    )


def main() -> None:
    """Parse options, run on the chosen database, print and save the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (it is wiped)")
    parser.add_argument("--rounds", type=int, default=6, help="shelf/hello rounds (default 6)")
    parser.add_argument("--seconds", type=float, default=3, help="seconds per round (default 3)")
    parser.add_argument("--shelf-only", action="store_true", help="only the shelf/hello ratio")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "bench-load.json")
    options = parser.parse_args()
    engine = "postgresql" if options.database_url else "sqlite"
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="portal-load-") as work:
        result = run(
            options.database_url, options.rounds, options.seconds, Path(work), options.shelf_only
        )
    result.update(
        engine=engine,
        python=platform.python_version(),
        cpus=os.cpu_count(),
        load_before=[round(x, 2) for x in load_before],
        load_after=[round(x, 2) for x in os.getloadavg()],
    )
    report(engine, result)
    if options.shelf_only:
        return
    saved = json.loads(options.output.read_text()) if options.output.exists() else {}
    saved[engine] = result
    options.output.write_text(json.dumps(saved, indent=2) + "\n")


if __name__ == "__main__":
    main()
