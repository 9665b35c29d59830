"""The audit chain's head file: the newest committed row, kept where the database cannot reach.

Several workers (or processes on one machine) commit audit rows at once, so the file is only
ever moved forward, under an exclusive lock, and replaced atomically: it never goes backwards
and is never read half-written.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path

from flask import Flask


def head_path(app: Flask) -> Path:
    """Where this instance keeps its head file (AUDIT_HEAD_FILE, default in the instance folder)."""
    return Path(app.config.get("AUDIT_HEAD_FILE") or Path(app.instance_path) / "audit-head.json")


def read(path: Path) -> tuple[int, str] | None:
    """The recorded (row id, hash), or None when no head has been written yet."""
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except ValueError:
        return (2**62, "unreadable")  # a damaged head file must fail the check, not pass it
    return int(data["id"]), str(data["hash"])


def advance(path: Path, row_id: int, digest: str) -> None:
    """Move the head to this row unless a newer one is already recorded."""
    with _locked(path):
        current = read(path)
        if current is None or current[0] < row_id:
            _replace(path, row_id, digest)


def reset(path: Path, head: tuple[int, str] | None) -> None:
    """Record exactly this head (after a re-key rewrote every hash); None removes the file."""
    with _locked(path):
        if head is None:
            path.unlink(missing_ok=True)
        else:
            _replace(path, *head)


@contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on a companion lock file while the head is read and replaced."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _replace(path: Path, row_id: int, digest: str) -> None:
    """Write the head to a temporary file and rename it over the old one (atomic)."""
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"id": row_id, "hash": digest}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
