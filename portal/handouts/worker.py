"""The render worker: a child process that holds WeasyPrint warm and turns HTML into PDF bytes.

It runs apart from the web process so that a hostile or huge document can be killed at a time
limit and capped in memory (RLIMIT_AS) without taking the site down.
"""

from __future__ import annotations

import logging
import os
import resource
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

from portal.handouts.fetcher import STATIC_BASE_URL, STATIC_ROOT

PRINT_CSS = STATIC_ROOT / "css" / "print.css"
PAPER_SIZES = {"letter": "letter", "a4": "A4"}
log = logging.getLogger("portal.handouts.worker")


class Renderer:
    """One FontConfiguration, one fetcher and pre-parsed CSS, reused for every render."""

    def __init__(self) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        from portal.handouts.fetcher import make_fetcher

        self.weasyprint = weasyprint
        self.fetcher = make_fetcher()
        self.font_config = FontConfiguration()
        self._print_css = None
        self._print_css_mtime = 0.0
        self._paper_css: dict[str, object] = {}

    def stylesheets(self, paper: str) -> list:
        """The parsed print CSS (re-read only when the file changes) plus the paper size."""
        mtime = PRINT_CSS.stat().st_mtime
        if self._print_css is None or mtime != self._print_css_mtime:
            self._print_css = self.weasyprint.CSS(
                url=PRINT_CSS.as_uri(), url_fetcher=self.fetcher, font_config=self.font_config
            )
            self._print_css_mtime = mtime
        if paper not in self._paper_css:
            size = PAPER_SIZES.get(paper, "letter")
            self._paper_css[paper] = self.weasyprint.CSS(
                string=f"@page {{ size: {size}; }}",
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
        return [self._print_css, self._paper_css[paper]]

    def render(self, html: str, paper: str = "letter", forms: bool = False) -> bytes:
        """HTML to a tagged PDF/UA-1 document; resources only through the static-only fetcher."""
        from portal.handouts.tagging import finish

        document = self.weasyprint.HTML(
            string=html, base_url=STATIC_BASE_URL, url_fetcher=self.fetcher
        )
        return document.write_pdf(
            finisher=finish,
            stylesheets=self.stylesheets(paper),
            font_config=self.font_config,
            presentational_hints=False,
            pdf_forms=forms,
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
            dpi=150,
            uncompressed_pdf=False,
        )


def limit_memory(max_bytes: int) -> None:
    """Cap the worker's address space so a runaway render fails instead of swapping."""
    if max_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def rss_bytes() -> int:
    """Resident memory of this process, for the benchmark's flat-memory check."""
    for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def serve(connection, max_bytes: int) -> None:
    """Answer render requests on the pipe until it closes: ("ok", pdf) or ("error", kind)."""
    limit_memory(max_bytes)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    renderer = Renderer()
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(_answer(renderer, request))


def _answer(renderer: Renderer, request: dict) -> tuple:
    """Run one request and turn every failure into a short error kind (no document text)."""
    if request.get("op") == "rss":
        return ("ok", rss_bytes())
    if request.get("op") == "cpu":
        return ("ok", time.process_time())
    try:
        extra = {"forms": True} if request.get("forms") else {}  # print handouts: no forms
        return ("ok", renderer.render(request["html"], request.get("paper", "letter"), **extra))
    except RecursionError:
        return ("error", "too deeply nested")
    except MemoryError:
        return ("error", "out of memory")
    except Exception as exc:  # noqa: BLE001  (any WeasyPrint failure becomes a RenderError)
        return ("error", type(exc).__name__)


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), int(sys.argv[2]))
