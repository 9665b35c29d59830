"""Handout engine benchmark: ratios measured in one run, written to docs/bench-handouts.json.

    .venv/bin/python bench/handouts.py [--rounds 15] [--memory-renders 500]

1. warm single handout (our engine) vs plain weasyprint.HTML(string=same_html).write_pdf()
2. cached repeat vs uncached render
3. a 10-article packet vs ten single renders
4. render-worker memory across many renders
5. the first "Print" click after publishing (pre-rendered in the background) vs a cold one
6. five simultaneous first clicks on one uncached handout vs one click alone (single flight)

Runs on a throw-away SQLite instance filled with the demo articles; measurements of the two
sides of each ratio are interleaved so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULT = ROOT / "docs" / "bench-handouts.json"
STATIC_BASE = str(ROOT / "static" / "css") + "/"  # how a naive caller resolves the CSS's fonts
TARGETS = {
    "single_vs_plain": 0.8,
    "cached_speedup": 20.0,
    "packet_vs_singles": 0.8,
    "packet_seconds": 1.5,
    "memory_growth_mb": 20.0,
    "first_click_ms": 20.0,  # the reference's "cached repeat print, server time" budget
}


def make_app(instance: Path):
    """A migrated app with the demo practice and ten published articles."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.db import db
    from portal.demo import load_demo
    from portal.shelf.demo_articles import DEMO_ARTICLES
    from portal.shelf.service import save_article

    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": f"sqlite:///{instance / 'bench.db'}",
            "PUBLIC_BASE_URL": "https://portal.example",
            "HANDOUT_RENDER_TIMEOUT": 300,  # a busy shared machine must not abort a round
        }
    )
    with app.app_context():
        upgrade()
        load_demo()
        for n, fields in enumerate(DEMO_ARTICLES[:4], start=1):
            extra = {**fields, "slug": f"{fields['slug']}-{n}", "title": f"{fields['title']} ({n})"}
            save_article(None, {**extra, "status": "published"}, actor_id=None)
        db.session.commit()
    return app


def timed(action) -> float:
    """Wall seconds one call takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def engine_cost(action) -> tuple[float, float]:
    """Wall seconds and render-worker CPU seconds of one engine call."""
    from portal.handouts import engine

    worker = engine._worker()
    before = worker.cpu()
    wall = timed(action)
    return wall, worker.cpu() - before


def local_cost(action) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds of one in-process call."""
    before = time.process_time()
    wall = timed(action)
    return wall, time.process_time() - before


def paired(ours: list[tuple], theirs: list[tuple]) -> dict:
    """Medians of each side and the median of the per-round ratios (wall and CPU)."""
    out = {}
    for index, kind in enumerate(("wall", "cpu")):
        a = [pair[index] for pair in ours]
        b = [pair[index] for pair in theirs]
        out[kind] = {
            "ours_ms": median_ms(a),
            "reference_ms": median_ms(b),
            "ours_best_ms": round(min(a) * 1000, 1),
            "reference_best_ms": round(min(b) * 1000, 1),
            "ratio": round(statistics.median(x / y for x, y in zip(a, b, strict=True)), 3),
            "ratio_of_mins": round(min(a) / min(b), 3),
        }
    return out


def plain_html(html: str) -> str:
    """The same HTML with the print CSS inlined, as a naive caller would hand it over."""
    css = (ROOT / "static" / "css" / "print.css").read_text()
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def single_context(slug: str):
    """Template, context and document names for one generic handout."""
    from portal.handouts import service

    articles = service.published_articles([slug])
    context = service.build_context(articles, service.Options())
    template, title, subject = service._document_names(context, articles)
    return template, context, title, subject


def bench_single(slug: str, rounds: int) -> dict:
    """Warm engine render vs a plain WeasyPrint render of the same HTML, interleaved."""
    import weasyprint

    from portal.handouts import engine

    template, context, title, subject = single_context(slug)
    html = plain_html(engine.render_html(template, context, title=title, subject=subject))

    def ours():
        return engine.render_pdf(template, context, title=title, subject=subject)

    def plain():
        return weasyprint.HTML(string=html, base_url=STATIC_BASE).write_pdf()

    ours(), plain()
    mine, reference = [], []
    for _ in range(rounds):
        mine.append(engine_cost(ours))
        reference.append(local_cost(plain))
    return {**paired(mine, reference), "pdf_kb": round(len(ours()) / 1024, 1)}


def bench_cache(slug: str, rounds: int) -> dict:
    """A repeat print served from the cache vs rendering it again."""
    from portal.handouts import engine

    template, context, title, subject = single_context(slug)

    def uncached():
        return engine.render_pdf(template, context, title=title, subject=subject)

    def cached():
        return engine.render_pdf(template, context, title=title, cache_key=f"bench-{slug}")

    cached()
    cold, hot = [], []
    for _ in range(rounds):
        cold.append(timed(uncached))
        hot.append(timed(cached))
    return {
        "uncached_ms": median_ms(cold),
        "cached_ms": median_ms(hot),
        "speedup": round(statistics.median(c / h for c, h in zip(cold, hot, strict=True)), 1),
    }


def bench_packet(slugs: list[str], rounds: int) -> dict:
    """One 10-article packet vs ten singles through the warm engine, and vs ten plain renders."""
    import weasyprint

    from portal.handouts import engine, service

    articles = service.published_articles(slugs)
    options = service.Options(packet_title="Bench packet")
    context = service.build_context(articles, options)
    template, title, subject = service._document_names(context, articles)
    singles = [single_context(s) for s in slugs]

    def packet():
        return engine.render_pdf(template, context, title=title, subject=subject)

    def ten_singles():
        for tpl, ctx, ttl, sub in singles:
            engine.render_pdf(tpl, ctx, title=ttl, subject=sub)

    plain_pages = [
        plain_html(engine.render_html(t, c, title=n, subject=s)) for t, c, n, s in singles
    ]

    def ten_plain():
        for html in plain_pages:
            weasyprint.HTML(string=html, base_url=STATIC_BASE).write_pdf()

    pdf = packet()
    packets, tens, plains = [], [], []
    for _ in range(max(3, rounds // 3)):
        packets.append(engine_cost(packet))
        tens.append(engine_cost(ten_singles))
        plains.append(local_cost(ten_plain))
    vs_plain = paired(packets, plains)
    return {
        **paired(packets, tens),
        "vs_ten_plain": {kind: vs_plain[kind] for kind in ("wall", "cpu")},
        "pages": page_count(pdf),
        "pdf_kb": round(len(pdf) / 1024, 1),
    }


def publish_draft(app, n: int, prerender_on: bool) -> tuple[str, float]:
    """Publish a fresh copy of a demo article as the staff view does; its slug and seconds."""
    from portal.db import db
    from portal.shelf.demo_articles import DEMO_ARTICLES
    from portal.shelf.service import save_article, set_status

    fields = dict(DEMO_ARTICLES[n % len(DEMO_ARTICLES)])
    fields.update(slug=f"first-click-{n}", title=f"{fields['title']} (first click {n})")
    article = save_article(None, {**fields, "status": "draft"}, actor_id=None)
    db.session.commit()
    app.config["HANDOUT_PRERENDER"] = prerender_on
    with app.test_request_context(f"/clinician/shelf/{article.id}/status", method="POST"):
        start = time.perf_counter()
        set_status(article, "published", actor_id=None)
        db.session.commit()
        seconds = time.perf_counter() - start
    return article.slug, seconds


def bench_first_click(app, rounds: int) -> dict:
    """The first Print click after a publish: pre-rendered (cache hit) vs rendered on the click."""
    from portal.handouts import prerender

    client = app.test_client()

    def first_click(slug: str) -> None:
        response = client.get(f"/shelf/{slug}/handout.pdf")
        assert response.status_code == 200, response.status_code

    hits, colds, publish_on, publish_off = [], [], [], []
    for n in range(rounds):
        warm_slug, on = publish_draft(app, 2 * n, prerender_on=True)
        prerender.wait()  # what a person does between publishing and printing: anything else
        cold_slug, off = publish_draft(app, 2 * n + 1, prerender_on=False)
        hits.append(timed(lambda s=warm_slug: first_click(s)))
        colds.append(timed(lambda s=cold_slug: first_click(s)))
        publish_on.append(on)
        publish_off.append(off)
    return {
        "first_click_ms": median_ms(hits),
        "cold_click_ms": median_ms(colds),
        "speedup": round(statistics.median(c / h for c, h in zip(colds, hits, strict=True)), 1),
        "publish_ms_with_prerender": median_ms(publish_on),
        "publish_ms_without": median_ms(publish_off),
    }


def bench_simultaneous(app, rounds: int, clicks: int = 5) -> dict:
    """`clicks` threads asking at once for one uncached handout vs one click: renders, seconds."""
    import threading

    from portal.handouts import engine

    def burst(slug: str, count: int) -> tuple[float, int, set]:
        barrier, statuses = threading.Barrier(count + 1), set()

        def click() -> None:
            client = app.test_client()
            barrier.wait()
            statuses.add(client.get(f"/shelf/{slug}/handout.pdf").status_code)

        threads = [threading.Thread(target=click) for _ in range(count)]
        for thread in threads:
            thread.start()
        before, start = engine.render_count(), time.perf_counter()
        barrier.wait()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start, engine.render_count() - before, statuses

    many, one, renders, statuses = [], [], [], set()
    for n in range(rounds):
        slug_many, _ = publish_draft(app, 1000 + 2 * n, prerender_on=False)
        slug_one, _ = publish_draft(app, 1001 + 2 * n, prerender_on=False)
        seconds, made, seen = burst(slug_many, clicks)
        many.append(seconds)
        renders.append(made)
        statuses |= seen
        one.append(burst(slug_one, 1)[0])
    return {
        "clicks": clicks,
        "all_answered_ms": median_ms(many),
        "one_click_ms": median_ms(one),
        "ratio": round(statistics.median(m / o for m, o in zip(many, one, strict=True)), 2),
        "renders_per_burst": sorted(set(renders)),
        "statuses": sorted(statuses),
    }


def page_count(pdf: bytes) -> int | None:
    """Pages in a PDF (pypdf, from the test extras), or None when it is not installed."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    import io

    return len(PdfReader(io.BytesIO(pdf)).pages)


def bench_memory(slugs: list[str], renders: int) -> dict:
    """Worker RSS after a warm-up and after `renders` uncached renders."""
    from portal.handouts import engine

    contexts = [single_context(s) for s in slugs]
    samples = []
    for n in range(renders):
        tpl, ctx, ttl, sub = contexts[n % len(contexts)]
        engine.render_pdf(tpl, ctx, title=ttl, subject=sub)
        if n + 1 in (50, renders) or (n + 1) % 100 == 0:
            samples.append((n + 1, engine._worker().rss() / 2**20))
    values = [mb for _, mb in samples]
    return {
        "renders": renders,
        "rss_mb": [[n, round(mb, 1)] for n, mb in samples],
        "growth_mb": round(max(values) - min(values), 1),
    }


def median_ms(values: list[float]) -> float:
    """Median in milliseconds, one decimal."""
    return round(statistics.median(values) * 1000, 1)


def verdicts(result: dict) -> dict:
    """Each target and whether this run met it, judged on CPU time and on wall time."""
    single, packet = result["single"], result["packet"]
    met = {}
    for kind in ("cpu", "wall"):
        met[kind] = {
            "single_vs_plain": single[kind]["ratio"] <= TARGETS["single_vs_plain"],
            "packet_vs_singles": packet[kind]["ratio"] <= TARGETS["packet_vs_singles"],
            "packet_seconds": packet[kind]["ours_ms"] / 1000 <= TARGETS["packet_seconds"],
        }
    # Best runs: on a shared VM the host steals time in bursts; the minimum shows the cost.
    met["best_cpu"] = {
        "single_vs_plain": single["cpu"]["ratio_of_mins"] <= TARGETS["single_vs_plain"],
        "packet_vs_singles": packet["cpu"]["ratio_of_mins"] <= TARGETS["packet_vs_singles"],
        "packet_seconds": packet["cpu"]["ours_best_ms"] / 1000 <= TARGETS["packet_seconds"],
    }
    met["cached_speedup"] = result["cache"]["speedup"] >= TARGETS["cached_speedup"]
    met["memory_growth_mb"] = result["memory"]["growth_mb"] <= TARGETS["memory_growth_mb"]
    met["one_render_per_burst"] = result["simultaneous"]["renders_per_burst"] == [1]
    met["first_click_ms"] = result["first_click"]["first_click_ms"] <= TARGETS["first_click_ms"]
    return met


def main() -> None:
    """Run every measurement once, print the ratios, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--memory-renders", type=int, default=500)
    parser.add_argument("--output", default=str(RESULT))
    args = parser.parse_args()
    from sqlalchemy import select

    from portal.db import db
    from portal.handouts import engine
    from portal.models import Article

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as folder:
        app = make_app(Path(folder))
        logging.getLogger("portal.handouts").setLevel(logging.WARNING)  # one line per render
        with app.app_context():
            slugs = list(db.session.scalars(select(Article.slug).order_by(Article.id)))[:10]
            cold_start = timed(engine.warm)
            result = {
                "cold_start_s": round(cold_start, 2),
                "single": bench_single(slugs[0], args.rounds),
                "cache": bench_cache(slugs[1], args.rounds),
                "packet": bench_packet(slugs, args.rounds),
                "memory": bench_memory(slugs, args.memory_renders),
                "first_click": bench_first_click(app, args.rounds),
                "simultaneous": bench_simultaneous(app, args.rounds),
            }
            engine.shutdown()
    result["targets"] = TARGETS
    result["met"] = verdicts(result)
    result["machine"] = {
        "cpus": os.cpu_count(),
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
    }
    result["weasyprint"] = __import__("importlib.metadata").metadata.version("weasyprint")
    report(result)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")


def report(result: dict) -> None:
    """Human-readable ratios: CPU time first (queueing-proof), wall time beside it."""
    single, cache, packet, memory = (result[k] for k in ("single", "cache", "packet", "memory"))
    met = result["met"]

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"cold start (start worker + first render): {result['cold_start_s']} s")
    for kind in ("cpu", "wall"):
        s, p = single[kind], packet[kind]
        print(
            f"[{kind}] single handout: engine {s['ours_ms']} ms vs plain {s['reference_ms']} ms"
            f" -> {s['ratio']:.2f}x, best runs {s['ratio_of_mins']:.2f}x (target <= 0.8x)"
            f" {mark(met[kind]['single_vs_plain'])}"
        )
        print(
            f"[{kind}] 10-article packet: {p['ours_ms']} ms vs ten singles {p['reference_ms']} ms"
            f" -> {p['ratio']:.2f}x, best runs {p['ratio_of_mins']:.2f}x (target <= 0.8x)"
            f" {mark(met[kind]['packet_vs_singles'])};"
            f" <= 1.5 s {mark(met[kind]['packet_seconds'])} (best run {p['ours_best_ms']} ms)"
        )
        q = packet["vs_ten_plain"][kind]
        print(
            f"[{kind}] 10-article packet vs ten plain WeasyPrint renders {q['reference_ms']} ms"
            f" -> {q['ratio']:.2f}x, best runs {q['ratio_of_mins']:.2f}x"
        )
    print(
        f"cached repeat: {cache['cached_ms']} ms vs {cache['uncached_ms']} ms uncached"
        f" -> {cache['speedup']:.0f}x faster (target >= 20x) {mark(met['cached_speedup'])}"
    )
    print(
        f"worker RSS over {memory['renders']} renders: {memory['rss_mb']}"
        f" -> growth {memory['growth_mb']} MB (target <= 20 MB) {mark(met['memory_growth_mb'])}"
    )
    burst = result["simultaneous"]
    print(
        f"{burst['clicks']} simultaneous clicks on one uncached handout: all answered in"
        f" {burst['all_answered_ms']} ms vs {burst['one_click_ms']} ms for one click ->"
        f" {burst['ratio']:.2f}x; renders per burst {burst['renders_per_burst']} (target [1])"
        f" {mark(met['one_render_per_burst'])}; statuses {burst['statuses']}"
    )
    click = result["first_click"]
    print(
        f"first Print click after publish: {click['first_click_ms']} ms (pre-rendered) vs"
        f" {click['cold_click_ms']} ms cold -> {click['speedup']:.0f}x faster"
        f" (target <= 20 ms) {mark(met['first_click_ms'])}; the publish itself"
        f" {click['publish_ms_with_prerender']} ms with pre-render, {click['publish_ms_without']}"
        " ms without"
    )


if __name__ == "__main__":
    main()
