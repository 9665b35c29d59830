"""Fixtures for the handouts tests: articles to print, PDF readers, a canary and a listener."""

from __future__ import annotations

import http.server
import io
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

PROMPTS = ["What did you notice in your body as you read this?", "What is one small step?"]
HANDOUT_BODY = """Some days the kindest thing is to slow down.

## Notice what is here

Take a breath and name three things you can see.

## Try one small step

Write down one thing you did today that took effort.
"""


@pytest.fixture
def handout_article(make_article):
    """A published article with headings and reflection prompts, ready to print."""
    return make_article(
        "Slowing down on hard days",
        body_md=HANDOUT_BODY,
        summary="A short practice for days that feel too fast.",
        prompts=list(PROMPTS),
        author="Dr Robin Hale",
    )


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as pdftotext (poppler) reads it."""
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8").split("\f")[:-1]


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF, whitespace collapsed."""
    return " ".join(" ".join(pdf_pages(pdf)).split())


def pdf_outline(pdf: bytes) -> list[str]:
    """The titles of the PDF's outline (bookmarks), depth first."""
    from pypdf import PdfReader

    def walk(items) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield " ".join(item.title.split())

    return list(walk(PdfReader(io.BytesIO(pdf)).outline))


def qr_codes(pdf: bytes, tmp_path: Path, page: int = 1) -> list[str]:
    """Decode the QR codes on a page with zbarimg, from a 150 dpi rendering."""
    prefix = tmp_path / f"qr-{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-", str(prefix)],
        input=pdf,
        check=True,
    )
    image = next(tmp_path.glob(f"qr-{page}*.png"))
    result = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True)
    return result.stdout.decode().split()


@pytest.fixture
def canary(tmp_path) -> tuple[Path, str]:
    """A secret file outside static/ whose content must never appear in a PDF."""
    secret = "CANARY-7f3a9c-do-not-print"
    path = tmp_path / "canary.txt"
    path.write_text(secret)
    return path, secret


class Listener:
    """A real HTTP server on 127.0.0.1 that counts every connection it accepts."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
                listener.hits.append(self.path)
                if self.path.startswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", f"http://127.0.0.1:{listener.port}/internal")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"INTERNAL-SECRET-FROM-LISTENER")

            def log_message(self, *args) -> None:
                return

        class CountingServer(http.server.ThreadingHTTPServer):
            def verify_request(self, request, client_address) -> bool:
                listener.connections += 1
                return True

        self.connections = 0
        self.server = CountingServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        """An address on the listener."""
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def listener() -> Iterator[Listener]:
    """Start the counting listener for one test and stop it afterwards."""
    server = Listener()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
