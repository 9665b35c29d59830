"""The only URL fetcher WeasyPrint gets: files under static/ and data: URIs, nothing else."""

from __future__ import annotations

import base64
import mimetypes
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

STATIC_ROOT = (Path(__file__).resolve().parent.parent.parent / "static").resolve()
STATIC_BASE_URL = STATIC_ROOT.as_uri() + "/"
SITE_STATIC_PREFIX = "/static/"
ALLOWED_SUFFIXES = {
    ".css": "text/css",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
MAX_ASSET_BYTES = 5 * 1024 * 1024
ALLOWED_DATA_TYPES = ("image/", "font/", "text/css")


class BlockedURL(ValueError):
    """WeasyPrint asked for something outside the allowlist; it renders without it."""


def static_path(url: str) -> Path:
    """Map a file: URL to a regular file inside static/, or refuse.

    Site paths such as /static/uploads/x.png resolve against the filesystem root when the
    base URL is a file URL, so "file:///static/..." is mapped back into the static folder.
    """
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise BlockedURL("remote file hosts are not allowed")
    raw = unquote(parts.path)
    if raw.startswith(SITE_STATIC_PREFIX):
        candidate = STATIC_ROOT / raw.removeprefix(SITE_STATIC_PREFIX)
    else:
        candidate = Path(url2pathname(parts.path))
    resolved = candidate.resolve()
    if not resolved.is_relative_to(STATIC_ROOT):
        raise BlockedURL("only files under static/ may be read")
    if resolved.suffix.lower() not in ALLOWED_SUFFIXES:
        raise BlockedURL("only stylesheets, fonts and images may be read")
    return resolved


def read_static(path: Path) -> bytes:
    """Read a regular, bounded file; devices, FIFOs and huge files are refused."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ASSET_BYTES:
            raise BlockedURL("not a regular file of a sensible size")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_ASSET_BYTES + 1)
    finally:
        os.close(fd)


def decode_data_uri(url: str) -> tuple[bytes, str]:
    """Decode a data: URI ourselves, so no urllib handler is ever involved."""
    header, _, payload = url.removeprefix("data:").partition(",")
    params = header.split(";")
    mime = (params[0] or "text/plain").strip().lower()
    if not mime.startswith(ALLOWED_DATA_TYPES):
        raise BlockedURL("data: URIs may hold images, fonts or CSS only")
    if "base64" in params[1:]:
        return base64.b64decode(payload, validate=False), mime
    return unquote(payload).encode("utf-8"), mime


def resolve(url: str) -> tuple[bytes, str, str]:
    """Body, MIME type and canonical URL for an allowed URL; BlockedURL for anything else."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "data":
        body, mime = decode_data_uri(url)
        return body, mime, url
    if scheme != "file":
        raise BlockedURL(f"the {scheme or 'relative'} scheme is not allowed")
    path = static_path(url)
    mime = ALLOWED_SUFFIXES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    return read_static(path), mime or "application/octet-stream", path.as_uri()


def make_fetcher():
    """A weasyprint URLFetcher whose fetch never opens a socket or a file outside static/."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serve static/ files and data: URIs; refuse file: elsewhere, http(s), ftp, redirects."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.blocked: list[str] = []
            self.served: list[str] = []

        def fetch(self, url, headers=None):
            """Resolve through the allowlist; blocked URLs raise, so WeasyPrint skips them."""
            try:
                body, mime, canonical = resolve(url)
            except (BlockedURL, OSError, ValueError) as exc:
                self.blocked.append(url[:200])
                raise BlockedURL(f"blocked resource: {exc}") from None
            self.served.append(canonical[:200])
            return URLFetcherResponse(canonical, body, {"Content-Type": mime})

        def open(self, url, data=None, timeout=None):
            """urllib-style callers end up in fetch too, never in the parent's handlers."""
            full_url = getattr(url, "full_url", url)
            return self.fetch(full_url)

    return StaticOnlyFetcher()
