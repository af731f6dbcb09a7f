"""Production wiring: middleware order, gunicorn settings, the shared Redis cache."""

import os
import runpy
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from portal.pagecache import generation, middleware
from portal.site_models import Site

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")


def test_cached_pages_still_pass_the_counter_and_security_headers():
    order = django_settings.MIDDLEWARE
    cache_at = order.index("portal.pagecache.middleware.PageCacheMiddleware")
    # Everything that must run for a page served from the cache sits above it.
    for outer in (
        "django.middleware.security.SecurityMiddleware",
        "portal.security.PortalCSPMiddleware",
        "analytics.middleware.CounterMiddleware",
    ):
        assert outer in order, outer
        assert order.index(outer) < cache_at, outer
    # The counter sees what the reader gets: a 304 made below it is not counted.
    # Only the site's resolution is above it: the counter counts per site.
    assert order[:2] == [
        "portal.sites.SiteMiddleware",
        "analytics.middleware.CounterMiddleware",
    ]
    assert order.index(
        "portal.pagecache.conditional.ListingConditionalGetMiddleware"
    ) > order.index("analytics.middleware.CounterMiddleware")
    # A hit skips sessions, CSRF and authentication.
    for inner in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ):
        assert order.index(inner) > cache_at, inner


def test_sessions_are_cached_and_kept_in_the_database():
    assert (
        django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    )


def load_gunicorn_conf(monkeypatch, **env):
    for name in (
        "GUNICORN_WORKERS",
        "GUNICORN_THREADS",
        "GUNICORN_BIND",
        "PORT",
        "HOST",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "portal" / "gunicorn.conf.py"))


def test_gunicorn_takes_workers_threads_and_port_from_the_environment(monkeypatch):
    conf = load_gunicorn_conf(
        monkeypatch, GUNICORN_WORKERS="3", GUNICORN_THREADS="4", PORT="8123"
    )
    assert conf["workers"] == 3
    assert conf["threads"] == 4
    assert conf["worker_class"] == "gthread"
    assert conf["bind"] == "127.0.0.1:8123"
    single = load_gunicorn_conf(monkeypatch, GUNICORN_THREADS="1")
    assert single["worker_class"] == "sync"
    assert single["workers"] >= 3
    socket = load_gunicorn_conf(monkeypatch, GUNICORN_BIND="unix:/run/portal/g.sock")
    assert socket["bind"] == "unix:/run/portal/g.sock"


@pytest.mark.django_db
def test_gunicorn_worker_exit_flushes_the_visitor_counter(monkeypatch):
    from analytics import gunicorn_hooks as hooks

    conf = load_gunicorn_conf(monkeypatch)
    assert conf["_analytics_hooks"]() is hooks
    # Without Redis there is nothing buffered: the hook runs and returns quietly.
    conf["worker_exit"](server=None, worker=None)


@pytest.fixture
def redis_cache(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    prefix = f"prodtest-{uuid.uuid4().hex[:8]}"
    own = {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {"default": own, settings.PAGE_CACHE_ALIAS: own}
    settings.PAGE_CACHE_ENABLED = True
    settings.ROOT_URLCONF = "tests.prod.urls"
    yield settings
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.mark.redis
@pytest.mark.django_db
def test_page_cache_on_real_redis(client, redis_cache):
    first = client.get("/t/page/")
    second = client.get("/t/page/")
    assert second[middleware.STATUS_HEADER] == "hit"
    assert second.content == first.content

    before = generation.current_generation()
    assert generation.bump_generation() == before + 1
    third = client.get("/t/page/")
    assert third[middleware.STATUS_HEADER] == "miss"
    assert third.content != first.content


@pytest.mark.redis
@pytest.mark.django_db
def test_lost_generation_never_brings_old_pages_back(client, redis_cache):
    client.get("/t/page/")
    old = generation.current_generation()
    # e.g. Redis restarted without its data
    site = Site.objects.get()
    generation.page_cache().delete_many(
        [generation.GENERATION_KEY, generation.generation_key(site.pk)]
    )
    assert generation.current_generation() > old
    assert client.get("/t/page/")[middleware.STATUS_HEADER] == "miss"
