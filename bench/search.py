"""Shelf search benchmark: 10,000 synthetic articles, search latency next to a plain list query.

Run from the checkout:  python bench/search.py  [--database-url postgresql+psycopg://…]
It builds a throwaway instance (SQLite by default; a PostgreSQL database you name is emptied
first), times search_articles() for several queries against the shelf's plain listing query in
the same run, prints p50/p95 and their ratio, shows the query plan, and writes
docs/bench-search.json.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORD_TEXT = """calm worry sleep breath body mind kind gentle voice morning evening rest walk
friend family partner child parent grief loss anger shame guilt fear hope trust safe
boundary habit routine change growth healing anxiety panic mood heart thought feeling
pattern memory story name notice pause listen write read talk ask help care time week
day night season home work school money plan step small slow steady quiet open close
light dark warm cold water food meal tea garden tree river hill path road door window
letter journal list note page question answer reason choice value need want wish dream
"""
WORDS = WORD_TEXT.split()
RARE = ["lighthouse", "marmalade", "origami", "harmonica", "tortoise"]
TOPICS = ["Anxiety", "Grief", "Sleep", "Self-compassion", "Relationships", "Healing"]
QUERIES = ["worry", "sleep routine", "gentle breath notice", "lighthouse", "grief loss hope"]


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which this fraction of samples fall (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def sentence(rng: random.Random, low: int, high: int) -> str:
    """A run of vocabulary words, weighted towards the front of the list (Zipf-like)."""
    count = rng.randint(low, high)
    words = [WORDS[min(len(WORDS) - 1, int(rng.paretovariate(1.2)) - 1)] for _ in range(count)]
    return " ".join(words).capitalize() + "."


def synthetic(rng: random.Random, number: int) -> dict:
    """One article's plain values: a title, a summary and about 300 words of body."""
    paragraphs = [" ".join(sentence(rng, 8, 18) for _ in range(4)) for _ in range(5)]
    if number % 500 == 7:  # 20 published articles (a tenth are drafts) get one rare word each
        paragraphs.append(f"A {rng.choice(RARE)} appears here.")
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))).capitalize()
    return {
        "slug": f"bench-{number}",
        "title": f"{title} {number}",
        "summary": sentence(rng, 10, 20),
        "body_md": "\n\n".join(paragraphs),
        "topic": TOPICS[number % len(TOPICS)],
    }


def build(count: int, seed: int) -> None:
    """Insert the articles in bulk, then index each through the real search.index_article."""
    from sqlalchemy import insert, select

    from portal.db import db
    from portal.models import Article, Topic, article_topic
    from portal.models.base import utcnow
    from portal.shelf import markdown, search

    rng = random.Random(seed)
    topics = {name: Topic(slug=name.lower(), name=name) for name in TOPICS}
    db.session.add_all(topics.values())
    db.session.flush()
    now = utcnow()
    for start in range(0, count, 1000):
        rows, links = [], []
        for number in range(start, min(count, start + 1000)):
            values = synthetic(rng, number)
            rows.append(_row(values, markdown, now, number))
            links.append((values["slug"], topics[values["topic"]].id))
        db.session.execute(insert(Article), rows)
        ids = dict(db.session.execute(select(Article.slug, Article.id).where(
            Article.slug.in_([slug for slug, _ in links]))).all())  # fmt: skip
        db.session.execute(
            insert(article_topic), [{"article_id": ids[s], "topic_id": t} for s, t in links]
        )
        for article in db.session.scalars(select(Article).where(Article.id.in_(ids.values()))):
            search.index_article(article)
        db.session.commit()


def _row(values: dict, markdown, now, number: int) -> dict:
    """An article table row for a synthetic article."""
    from datetime import timedelta

    return {
        "slug": values["slug"],
        "title": values["title"],
        "summary": values["summary"],
        "body_md": values["body_md"],
        "body_html": markdown.render(values["body_md"]),
        "status": "published" if number % 10 else "draft",
        "is_featured": number % 1000 == 1,
        "position": number,
        "reading_minutes": 2,
        "prompts": [],
        "published_at": now - timedelta(minutes=number),
    }


def timed(function, repeats: int) -> list[float]:
    """Milliseconds per call, after two warm-up calls."""
    function()
    function()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure(repeats: int) -> dict:
    """p50/p95 of each search query and of the plain listing, plus their ratios."""
    from portal.db import db, read_only
    from portal.shelf.search import search_articles

    results: dict = {}

    def run(query: str, topic: str | None = None):
        with read_only():
            page = search_articles(query, topic=topic)
            [hit.snippet for hit in page.items]
            db.session.rollback()

    cases = {f"search '{q}'": (q, None) for q in QUERIES}
    cases["search 'worry' in topic Grief"] = ("worry", "grief")
    cases["plain list (no query)"] = ("", None)
    for name, (query, topic) in cases.items():
        samples = timed(lambda q=query, t=topic: run(q, t), repeats)
        results[name] = {
            "min_ms": round(min(samples), 2),
            "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(percentile(samples, 0.95), 2),
        }
    base = results["plain list (no query)"]["p50_ms"]
    for numbers in results.values():
        numbers["p50_ratio_to_list"] = round(numbers["p50_ms"] / base, 2) if base else None
    return results


def main() -> None:
    """Parse options, build the data, measure, print and write docs/bench-search.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from sqlalchemy import text

    parser.add_argument("--database-url", help="PostgreSQL URL (its tables are replaced)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--output", default=str(ROOT / "docs" / "bench-search.json"))
    options = parser.parse_args()

    from portal.db import db
    from portal.shelf.search import explain

    with tempfile.TemporaryDirectory() as instance:
        app = _app(instance, options.database_url)
        with app.app_context():
            started = time.perf_counter()
            build(options.articles, seed=7)
            build_seconds = time.perf_counter() - started
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            results = measure(options.repeats)
            plan = {q: explain(q) for q in ("worry", "sleep routine", "lighthouse")}
            engine = db.engine.dialect.name
            db.session.remove()
            db.engine.dispose()
    report = {
        "engine": engine,
        "articles": options.articles,
        "repeats": options.repeats,
        "build_seconds": round(build_seconds, 1),
        "machine": f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}",
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "results": results,
        "plans": plan,
    }
    _print(report)
    _write(Path(options.output), engine, report)


def _app(instance: str, database_url: str | None):
    """A throwaway app migrated to the newest schema (an existing PG schema is replaced)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from portal import create_app
    from portal.db import db

    config = {
        "INSTANCE_PATH": instance,
        "SECRET_KEY": "bench-secret-key-that-is-only-for-this-benchmark-run",
        "ENCRYPTION_KEYS": "b1:" + base64.urlsafe_b64encode(b"b" * 32).decode(),
        "HANDOUT_WARM": False,
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    app = create_app(config)
    with app.app_context():
        if database_url:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
    return app


def _cores() -> int:
    """CPU cores visible to this process."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _print(report: dict) -> None:
    """A small table of the results and the query plan."""
    print(
        f"{report['engine']}: {report['articles']:,} articles, built in {report['build_seconds']} s"
    )
    print(f"load average after the run: {report['load_average_after']}")
    print(f"{'case':40} {'min ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'p50 / list':>11}")
    for name, numbers in report["results"].items():
        print(
            f"{name:40} {numbers['min_ms']:8.2f} {numbers['p50_ms']:8.2f} {numbers['p95_ms']:8.2f} "
            f"{numbers['p50_ratio_to_list']:>10}x"
        )
    for query, lines in report["plans"].items():
        print(f"Plan for search '{query}':")
        for line in lines:
            print("  " + line)


def _write(path: Path, engine: str, report: dict) -> None:
    """Merge this engine's report into the JSON file (one entry per database engine)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing[engine] = report
    path.write_text(json.dumps(existing, indent=2) + "\n")
    print(f"Wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
