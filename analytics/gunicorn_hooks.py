"""Gunicorn server hooks of the visitor counter.

Use as a config file (``gunicorn -c analytics/gunicorn_hooks.py``) or import the hook
into the deployment's gunicorn config: ``from analytics.gunicorn_hooks import worker_exit``.

On exit (SIGTERM, SIGINT, max-requests restarts) each worker first sends the page
views still queued for its sender thread to Redis, then moves whatever waits in Redis
into the database, so nothing is lost and the database is current after a shutdown.
"""


def _flush(server):
    import django
    from django.apps import apps

    if not apps.ready:  # the master never loads the application itself
        django.setup()

    from django.db import DatabaseError, connections

    from analytics.services import counts_flush, pageviews_drain

    try:
        pageviews_drain()  # page views this worker still has queued
        counts_flush()
    except DatabaseError as exc:
        server.log.warning("analytics: flush at exit failed: %s", exc)
    finally:
        connections.close_all()


def worker_exit(server, worker):
    """Called in the worker as it exits (in the master if it had already died)."""
    _flush(server)


def on_exit(server):
    """Called in the master just before gunicorn exits."""
    _flush(server)
