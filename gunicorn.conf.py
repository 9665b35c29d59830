"""gunicorn settings for Practice Portal (`make serve`, or `gunicorn -c gunicorn.conf.py`)."""

import os

from portal.config import worker_count

# Warm the PDF engine once per worker: the preloaded app registers a fork hook that stops the
# master's render process before forking and warms one in each worker (portal.handouts.engine).
os.environ.setdefault("PORTAL_HANDOUT_WARM", "true")

wsgi_app = "portal:create_app()"
bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")  # loopback: a TLS proxy sits in front
# PORTAL_WORKERS, else WEB_CONCURRENCY, else one per core: the count the production guard checks
# against RATELIMIT_STORAGE_URI (memory:// is per process, so several workers need redis://).
workers = worker_count()
preload_app = True  # load the app once, before the workers fork
timeout = 60  # a handout render is capped at HANDOUT_RENDER_TIMEOUT (30 s) below this
graceful_timeout = 30
keepalive = 5
max_requests = 1000  # recycle workers now and then ...
max_requests_jitter = 100  # ... but not all at once
accesslog = "-"
# No query strings in the access log: a resume token or a search may be private.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
