"""The reference for bench/load.py: a bare Flask "hello" under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The cheapest page Flask can serve."""
    return "hello"


@app.get("/healthz")
def healthz() -> str:
    """Readiness probe, as the portal's."""
    return "ok"
