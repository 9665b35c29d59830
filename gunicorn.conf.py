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
# Recycle workers now and then, but not all at once. PDFs render in a child process with its own
# memory cap, so this guards only the web process; at 1,000 a busy worker restarted every few
# seconds, and each restart also re-warms its render process.
max_requests = 10000
max_requests_jitter = 1000
accesslog = "-"
# No query strings in the access log: a resume token or a search may be private. The line ends
# with the worker's pid (<1234>), so a request can be traced to the process that answered it.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms %(p)s'
# gunicorn 27's control socket is not used here; two servers on one host would share its path.
control_socket_disable = True
