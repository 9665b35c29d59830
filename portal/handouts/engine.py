"""The one PDF engine: print template -> HTML -> a warm WeasyPrint worker -> cached PDF bytes.

Every PDF the portal makes goes through render_pdf(). WeasyPrint itself only runs in a child
process (portal.handouts.worker), so this module never imports it and web pages that do not
render a PDF never pay for it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from functools import lru_cache
from importlib.metadata import version
from multiprocessing.connection import Connection
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.handouts import flight
from portal.handouts.flight import RenderBusy, RenderError  # noqa: F401  (callers catch these)

ROOT = Path(__file__).resolve().parent.parent.parent
PRINT_TEMPLATES = ROOT / "templates" / "handouts" / "print"
PRINT_CSS = ROOT / "static" / "css" / "print.css"
CATALOGUES = ROOT / "portal" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
MAX_SOURCE_BYTES = 3 * 1024 * 1024
MAX_DEPTH = 100
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>")
log = logging.getLogger("portal.handouts")


_renders = {"count": 0}
_renders_lock = threading.Lock()


def render_pdf(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str = "",
    subject: str = "",
    lang: str = "en",
    cache_key: str | None = None,
    slot_wait: float | None = None,
) -> bytes:
    """Render a print template to PDF; cache_key=None means never cached (personal data).

    Requests for the same uncached PDF share one render (see flight.once); slot_wait is how
    long to wait for a free render slot before RenderBusy (default HANDOUT_SLOT_WAIT).
    """
    context = with_practice(context)
    path = _cache_path(template_name, cache_key, context)
    if path is not None and path.exists():
        return path.read_bytes()
    document = {"title": title, "author": author, "subject": subject, "lang": lang}

    def produce() -> bytes:
        pdf = _render(template_name, context, document, slot_wait)
        if path is not None:
            _write_atomic(path, pdf)
        return pdf

    if path is None:
        return produce()
    wait = _slot_wait(slot_wait) + _timeout() + 2  # the leader's slot wait, render, margin
    return flight.once(path, produce, wait)


def _render(template_name: str, context: dict, document: dict, slot_wait: float | None):
    """Print HTML, checked, rendered by this process's worker inside a render slot."""
    html = render_html(template_name, context, **document)
    check_source(html)
    paper, forms = context.get("paper", "letter"), bool(context.get("fillable"))
    limit = int(current_app.config.get("HANDOUT_MAX_RENDERS", 1))
    with flight.render_slot(limit, _slot_wait(slot_wait)):
        pdf = _worker().render(html, paper, _timeout(), forms=forms)
    with _renders_lock:
        _renders["count"] += 1
    log.info("handout rendered template=%s paper=%s", template_name.rsplit("/", 1)[-1], paper)
    return pdf


def render_count() -> int:
    """How many PDFs this process has rendered (not served from the cache): tests, bench."""
    with _renders_lock:
        return _renders["count"]


def render_html(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str = "",
    subject: str = "",
    lang: str = "en",
    preview: bool = False,
) -> str:
    """The print HTML: plain values only (no context processors, no request, no ORM objects).

    Rendered in `lang`'s locale, so the words the print layout adds come from its catalogue.
    """
    document = {"title": title, "author": author, "subject": subject, "lang": lang}
    values = {"paper": "letter", **with_practice(context), "doc": document, "preview": preview}
    with force_locale(lang):
        document["page"] = page_words()
        return current_app.jinja_env.get_template(template_name).render(values)


def page_words() -> dict:
    """'Page x of y' and the contents' 'page n' in this locale, as the words around the numbers
    (print.css puts the page counters between them; the translation keeps their order)."""
    before, between, after = PLACEHOLDER.split(_("Page %(page)s of %(pages)s"))[::2]
    contents_before, contents_after = PLACEHOLDER.split(_("page %(page)s"))[::2]
    return {
        "before": before,
        "between": between,
        "after": after,
        "contents_before": contents_before,
        "contents_after": contents_after,
    }


def in_language(lang: str, caller) -> str:
    """`{% call in_language(item.lang) %}`: a packet's article, its own words in its language."""
    with force_locale(lang):
        return caller()


def with_practice(context: dict) -> dict:
    """Add the practice's plain values (name, urgent-help line) that every print page shows."""
    if "practice" in context:
        return context
    from portal.handouts.service import practice_values

    return {**context, "practice": practice_values()}


def check_source(html: str) -> None:
    """Refuse documents too large or too deeply nested before they reach WeasyPrint."""
    if len(html.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise RenderError("the document is too large to print")
    depth = 0
    for match in TAG_RE.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in VOID_TAGS or self_closing:
            continue
        depth += -1 if closing else 1
        if depth > MAX_DEPTH:
            raise RenderError("the document is nested too deeply to print")


def _timeout() -> float:
    """Seconds a render may take before the worker is killed."""
    return float(current_app.config.get("HANDOUT_RENDER_TIMEOUT", 30))


def _slot_wait(wait: float | None) -> float:
    """Seconds to wait for a render slot: the caller's, else HANDOUT_SLOT_WAIT."""
    return float(current_app.config.get("HANDOUT_SLOT_WAIT", 3) if wait is None else wait)


# --- cache -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def layout_version() -> str:
    """A hash of the print templates, print CSS and WeasyPrint version (once per process)."""
    digest = hashlib.sha256(version("weasyprint").encode())
    files = sorted(PRINT_TEMPLATES.rglob("*.html")) + [PRINT_CSS]
    for file in files + sorted(CATALOGUES.glob("*/LC_MESSAGES/*.mo")):  # printed words too
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    """instance/cache/handouts unless HANDOUT_CACHE_DIR says otherwise."""
    return Path(current_app.config["HANDOUT_CACHE_DIR"])


def _cache_path(template_name: str, cache_key: str | None, context: dict) -> Path | None:
    """<sha256>.pdf for a cacheable render, None for a personal one."""
    if cache_key is None:
        return None
    # Embedded files count through their hash (logo_sha256), never their data: URI bytes.
    values = context["practice"].items()
    practice = repr(sorted((k, v) for k, v in values if not k.endswith("_data_uri")))
    parts = (template_name, cache_key, str(context.get("paper")), practice, layout_version())
    raw = "|".join(parts)
    return cache_dir() / f"{hashlib.sha256(raw.encode()).hexdigest()}.pdf"


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file beside the target and rename, so readers never see half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        log.warning("handout cache write failed path=%s", path.name)


# --- worker ------------------------------------------------------------------------------


class Worker:
    """A warm render subprocess owned by this process; killed and replaced on timeout or crash."""

    def __init__(self, memory_limit: int) -> None:
        self.memory_limit = memory_limit
        self.owner_pid = os.getpid()
        self.lock = threading.Lock()
        self.process = None
        self.connection = None

    def start(self) -> None:
        """Start a fresh interpreter (not a fork): no database handles or locks are inherited."""
        if os.getpid() == _forking_pid:
            raise RenderError("this process forks server workers; they render the PDFs")
        parent_end, child_end = socket.socketpair()
        command = [sys.executable, "-m", "portal.handouts.worker"]
        command += [str(child_end.fileno()), str(self.memory_limit)]
        self.process = subprocess.Popen(  # noqa: S603  (our own module, fixed arguments)
            command, pass_fds=(child_end.fileno(),), stdin=subprocess.DEVNULL, cwd=ROOT
        )
        child_end.close()
        self.connection = Connection(parent_end.detach())

    def alive(self) -> bool:
        """True while the subprocess runs."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Kill the subprocess (used on timeout, crash and shutdown)."""
        if self.alive():
            self.process.kill()
            self.process.wait(5)
        if self.connection is not None:
            self.connection.close()
        self.process = self.connection = None

    def request(self, message: dict, timeout: float):
        """Send one request and wait at most `timeout` seconds for the answer."""
        deadline = time.monotonic() + timeout
        if not self.lock.acquire(timeout=timeout):
            raise RenderError("the PDF worker is busy")
        try:
            if not self.alive():
                self.stop()
                self.start()
            self.connection.send(message)
            if not self.connection.poll(max(0.1, deadline - time.monotonic())):
                self.stop()
                raise RenderError("the PDF took too long to make")
            status, value = self.connection.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self.stop()
            raise RenderError("the PDF worker stopped") from exc
        finally:
            self.lock.release()
        if status != "ok":
            raise RenderError(f"the PDF could not be made ({value})")
        return value

    def render(self, html: str, paper: str, timeout: float, forms: bool = False) -> bytes:
        """PDF bytes for print HTML; forms=True makes its inputs fillable PDF fields."""
        message = {"op": "render", "html": html, "paper": paper, "forms": forms}
        return self.request(message, timeout)

    def rss(self) -> int:
        """The worker's resident memory in bytes (benchmark use)."""
        return self.request({"op": "rss"}, 10)

    def cpu(self) -> float:
        """CPU seconds the worker has used so far (benchmark use: immune to queueing)."""
        return self.request({"op": "cpu"}, 10)


_worker_lock = threading.Lock()
_current: Worker | None = None
_forking_pid: int | None = None


def _reset_after_fork() -> None:
    """A forked child (gunicorn --preload) gets a fresh lock and starts its own worker."""
    global _worker_lock, _current
    _worker_lock = threading.Lock()
    _current = None


os.register_at_fork(after_in_child=_reset_after_fork)


def _worker() -> Worker:
    """This process's worker, replaced after a fork (gunicorn --preload) so none is shared."""
    global _current
    with _worker_lock:
        if _current is None or _current.owner_pid != os.getpid():
            limit = int(current_app.config.get("HANDOUT_RENDER_MEMORY", 1024**3))
            _current = Worker(limit)
        return _current


WARM_PRACTICE = {"name": "Warm-up", "phone": "", "email": "", "paper": "letter", "urgent_line": ""}


def warm() -> None:
    """Start the worker and render a tiny page once, so the first real request is fast."""
    if os.getpid() == _forking_pid:
        return
    try:  # a fixed practice: warming must not touch the database (it may run right after fork)
        render_pdf("handouts/print/warm.html", {"practice": WARM_PRACTICE}, title="Warm-up")
    except RenderError:
        log.warning("handout warm-up failed")


def warm_in_background(app) -> None:
    """Warm in a thread, so start-up is not delayed by the first render."""

    def run() -> None:
        with app.app_context():
            warm()

    threading.Thread(target=run, name="handout-warm", daemon=True).start()


def enable_warm_up(app) -> None:
    """HANDOUT_WARM=True: warm now, and again in every forked server worker (gunicorn).

    A forking master (gunicorn --preload) stops its own render worker before each fork, so
    the master holds no idle WeasyPrint process and each worker warms its own.
    """
    warm_in_background(app)
    os.register_at_fork(before=_before_fork, after_in_child=lambda: warm_in_background(app))


def _before_fork() -> None:
    """A process that forks server workers stops rendering itself (its workers render)."""
    global _forking_pid
    _forking_pid = os.getpid()
    shutdown()


def shutdown() -> None:
    """Stop this process's worker (tests and benchmarks)."""
    global _current
    with _worker_lock:
        if _current is not None and _current.owner_pid == os.getpid():
            _current.stop()
        _current = None
