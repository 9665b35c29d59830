"""The stored practice logo, read side: its file, content hash and pixel size, for web and print."""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import current_app
from PIL import Image

from portal.models import Practice
from portal.practice import get_practice

UPLOAD_FOLDER = "uploads"


@dataclass(frozen=True)
class Logo:
    """One stored logo: where it is, what it hashes to and how many pixels it has."""

    path: Path
    sha256: str
    width: int
    height: int
    data_uri: str = field(repr=False)

    @property
    def version(self) -> str:
        """A short content hash for URLs, so a new upload is a new address for caches."""
        return self.sha256[:16]


def logo_path(practice: Practice, instance_path: str) -> Path | None:
    """The stored logo file of the practice, if there is one."""
    if not practice.logo_filename:
        return None
    path = Path(instance_path) / UPLOAD_FOLDER / Path(practice.logo_filename).name
    return path if path.is_file() else None


def current_logo() -> Logo | None:
    """The practice's logo for this request, or None when none is uploaded (or it just went)."""
    path = logo_path(get_practice(), current_app.instance_path)
    if path is None:
        return None
    try:
        stat = path.stat()
        return _describe(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:  # replaced by a new upload between the check and the read
        return None


@lru_cache(maxsize=4)
def _describe(path: str, mtime_ns: int, size: int) -> Logo:
    """Hash and measure a logo once per process; every upload gets a new file name anyway."""
    data = Path(path).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    # The print fetcher reads nothing outside static/, so print gets the file as a data: URI.
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return Logo(Path(path), hashlib.sha256(data).hexdigest(), width, height, uri)
