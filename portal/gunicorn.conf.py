"""gunicorn settings for `make serve`, systemd and the benchmark (env-driven).

GUNICORN_WORKERS   worker processes (default: 2 x CPU cores + 1)
GUNICORN_THREADS   threads per worker; more than 1 switches to the gthread worker
HOST, PORT         where to listen (default 127.0.0.1:8000); GUNICORN_BIND overrides
                   both, e.g. "unix:/run/portal/gunicorn.sock"
GUNICORN_TIMEOUT   seconds before a stuck worker is restarted (default 30)
GUNICORN_ACCESS_LOG  "-" for stdout, a path, or empty for none (default none)
"""

import gc
import importlib
import importlib.util
import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak never takes the server down.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a possibly slow disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# nginx on the same machine sets X-Forwarded-Proto; trust it from there only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "portal"
wsgi_app = "portal.wsgi:application"


def _analytics_hooks():
    """The visitor counter's hooks (flush buffered counts), when that app has them."""
    if importlib.util.find_spec("analytics.gunicorn_hooks") is None:
        return None
    return importlib.import_module("analytics.gunicorn_hooks")


def post_worker_init(worker):
    # The application is loaded (Django's apps, models, settings): its objects
    # live as long as the worker, so they are moved out of the garbage
    # collector's sight. A full collection then walks only what requests made
    # since: 2-5 ms instead of 34-40 ms about every 20 s under load, a pause every
    # request queued on that worker waits through (docs/performance.md, "2d").
    gc.freeze()


def worker_exit(server, worker):
    # A worker that stops (restart, max_requests, shutdown) flushes its buffered
    # page-view counts first, so none are lost.
    hooks = _analytics_hooks()
    if hooks is not None and hasattr(hooks, "worker_exit"):
        hooks.worker_exit(server, worker)


def on_exit(server):
    # The master flushes what is still buffered in Redis before gunicorn exits.
    hooks = _analytics_hooks()
    if hooks is not None and hasattr(hooks, "on_exit"):
        hooks.on_exit(server)
