"""Only ever redirect to a path on this site after sign-in (no open redirects)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Return `target` if it is a plain local path, else `default`."""
    if not target or len(target) > 2000:
        return default
    decoded = unquote(target)
    for candidate in (target, decoded):
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in candidate):
            return default
        if "\\" in candidate or not candidate.startswith("/") or candidate.startswith("//"):
            return default
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return default
    return target
