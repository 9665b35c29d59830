"""Security headers on every response; no-store on staff and intake pages."""

from __future__ import annotations

from flask import Flask, Response, request

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'; img-src 'self' data:"
)
PRIVATE_PREFIXES = ("/clinician", "/auth", "/intake")


def init_app(app: Flask) -> None:
    """Register the after-request hook that sets the headers."""
    app.after_request(set_headers)


def set_headers(response: Response) -> Response:
    """Apply CSP, nosniff, referrer policy, HSTS over HTTPS, and no-store where data is private."""
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.path.startswith(PRIVATE_PREFIXES) or getattr(response, "private", False):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    headers.pop("Server", None)
    return response
