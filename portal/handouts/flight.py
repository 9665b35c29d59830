"""Single flight and render slots: one render per uncached PDF, a few renders per process.

Requests for the same uncached PDF share one render. Threads of one process wait on the
leader's result; other processes wait on a lock file beside the cache entry (flock, which the
kernel releases when its holder dies, so a crashed render never leaves a lock that blocks) and
then read the cached file, or the failure the leader wrote beside it. Nobody waits past the
deadline the caller gives. Renders of different PDFs take a slot from a per-process semaphore,
so a burst of uncached handouts cannot hold every thread of a server process.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

POLL_SECONDS = 0.05


class RenderError(Exception):
    """The PDF could not be made (too big, too deep, too slow, or WeasyPrint failed)."""


class RenderBusy(RenderError):
    """Every render slot of this process stayed taken for the whole short wait."""


class _Flight:
    """One render in progress in this process, and what it produced."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.pdf: bytes | None = None
        self.error: RenderError | None = None
        self.waiters = 0


_flights: dict[str, _Flight] = {}
_flights_lock = threading.Lock()


def once(path: Path, produce: Callable[[], bytes], wait: float) -> bytes:
    """The PDF cached at `path`, rendered by `produce` once however many ask at the same time."""
    key = str(path)
    with _flights_lock:
        flight = _flights.get(key)
        leader = flight is None
        if leader:
            flight = _flights[key] = _Flight()
        else:
            flight.waiters += 1
    if not leader:
        return _follow(flight, wait)
    try:
        flight.pdf = _lead(path, produce, time.monotonic() + wait)
        return flight.pdf
    except RenderError as exc:
        flight.error = exc
        raise
    finally:
        with _flights_lock:
            del _flights[key]
        flight.done.set()


def waiting() -> int:
    """How many requests in this process are waiting for another's render (tests, metrics)."""
    with _flights_lock:
        return sum(flight.waiters for flight in _flights.values())


def _follow(flight: _Flight, wait: float) -> bytes:
    """Wait for this process's leader and share its PDF, or its error."""
    if not flight.done.wait(wait):
        raise RenderError("the PDF took too long to make")
    if flight.error is not None:
        raise type(flight.error)(*flight.error.args)
    if flight.pdf is None:
        raise RenderError("the PDF could not be made")
    return flight.pdf


def _lead(path: Path, produce: Callable[[], bytes], deadline: float) -> bytes:
    """Hold the cross-process lock, then read what another process made or render it here."""
    started = time.time()
    fd, lock_path = _lock(path, deadline)
    try:
        if path.exists():
            return path.read_bytes()
        failure = _failure_since(path, started)
        if failure:
            raise RenderError(failure)
        try:
            pdf = produce()
        except RenderBusy:
            raise  # busy is not the document's fault: the next process may try at once
        except RenderError as exc:
            _write_failure(path, str(exc))
            raise
        _failure_path(path).unlink(missing_ok=True)
        return pdf
    finally:
        lock_path.unlink(missing_ok=True)
        os.close(fd)


def _lock(path: Path, deadline: float) -> tuple[int, Path]:
    """Take <name>.lock beside the cache entry, polling until the deadline."""
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise RenderError("the PDF took too long to make") from None
            time.sleep(POLL_SECONDS)
            continue
        if _still_named(fd, lock_path):
            return fd, lock_path
        os.close(fd)  # the holder removed this file after we opened it: lock the new one


def _still_named(fd: int, lock_path: Path) -> bool:
    """True when the locked file is still the one at lock_path (not unlinked by its holder)."""
    try:
        return os.fstat(fd).st_ino == os.stat(lock_path).st_ino
    except FileNotFoundError:
        return False


def _failure_path(path: Path) -> Path:
    """<name>.failed beside the cache entry: why the last render of it failed."""
    return path.with_name(path.name + ".failed")


def _write_failure(path: Path, reason: str) -> None:
    """Tell the processes waiting on this PDF why it failed (a short reason, no content)."""
    with suppress(OSError):
        _failure_path(path).write_text(reason[:200], encoding="utf-8")


def _failure_since(path: Path, started: float) -> str:
    """The reason a render failed while we waited for the lock; '' when none did."""
    marker = _failure_path(path)
    try:
        if marker.stat().st_mtime >= started:
            return marker.read_text(encoding="utf-8") or "the PDF could not be made"
    except OSError:
        pass
    return ""


# --- render slots --------------------------------------------------------------------------

_slots_lock = threading.Lock()
_slots: tuple[int, threading.Semaphore] | None = None


def _semaphore(limit: int) -> threading.Semaphore:
    """This process's slots; made again when the configured number changes."""
    global _slots
    with _slots_lock:
        if _slots is None or _slots[0] != limit:
            _slots = (limit, threading.Semaphore(max(1, limit)))
        return _slots[1]


@contextmanager
def render_slot(limit: int, wait: float) -> Iterator[None]:
    """Hold one of `limit` render slots; RenderBusy if none frees up within `wait` seconds."""
    slots = _semaphore(limit)
    if not slots.acquire(timeout=wait):
        raise RenderBusy("the PDF engine is busy")
    try:
        yield
    finally:
        slots.release()


def _reset_after_fork() -> None:
    """A forked server worker starts with no flights in progress and free slots."""
    global _flights_lock, _slots_lock, _slots
    _flights.clear()
    _flights_lock = threading.Lock()
    _slots_lock = threading.Lock()
    _slots = None


os.register_at_fork(after_in_child=_reset_after_fork)
