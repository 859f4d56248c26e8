"""gunicorn settings for `make serve` and production (docs/deploy.md). Every value can be changed
by an environment variable, so one file serves a laptop and a city's server."""

import multiprocessing
import os

# Behind a reverse proxy that terminates TLS: listen on the loopback interface only.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, one per core and one spare: pages are short database round trips.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A request that takes longer than this is stuck (the database has its own, shorter timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows; not too often, since a new worker
# starts with an empty page cache (at 1,000 requests/s a worker lives about a minute).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# The app writes one structured line per request itself (no IP addresses): no access log here.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Trust X-Forwarded-* only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app before forking, so a broken configuration stops the server at once, with its reason.
preload_app = True


def on_starting(server):
    """Refuse to run several workers that would each count sign-in attempts on their own."""
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://") or "memory://"
    if (
        os.environ.get("LERNLOTSE_ENV") == "production"
        and storage.startswith("memory://")
        and server.cfg.workers > 1
    ):
        raise SystemExit(
            f"RATELIMIT_STORAGE_URI is {storage}, which counts per process, and {server.cfg.workers} "
            "workers would run: the sign-in limits would let several times more guesses through. "
            "Set RATELIMIT_STORAGE_URI=redis://localhost:6379/0 (apt-get install redis-server), "
            "or run one worker (GUNICORN_WORKERS=1). See docs/deploy.md."
        )
