import os
import uuid

import pytest
import redis

from analytics import middleware, store

BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Safari/537.36"
)
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture(autouse=True)
def _fresh_store(settings):
    """Each test starts on the database path with no remembered Redis failure."""
    settings.ANALYTICS_REDIS_URL = ""
    settings.ANALYTICS_ENABLED = True
    # Count within the request, so a test sees its page views at once; the
    # background sender is tested on its own and in the gunicorn tests.
    settings.ANALYTICS_ASYNC = False
    store.reset()
    middleware._path_ids.clear()
    yield
    store.reset()
    middleware._path_ids.clear()


@pytest.fixture
def reader(client):
    """A browser-like client."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    return client


@pytest.fixture
def redis_conn():
    conn = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        conn.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_TEST_URL}")
    yield conn
    conn.close()


@pytest.fixture
def use_redis(settings, redis_conn):
    """Count through the real Redis (db 12) under a key prefix of this test only."""
    prefix = "{analytics-test-" + uuid.uuid4().hex[:12] + "}"
    settings.ANALYTICS_REDIS_URL = REDIS_TEST_URL
    settings.ANALYTICS_REDIS_PREFIX = prefix
    store.reset()
    yield redis_conn
    keys = list(redis_conn.scan_iter(match=prefix + "*", count=1000))
    if keys:
        redis_conn.delete(*keys)


@pytest.fixture(params=["database", "redis"])
def backend(request, settings):
    """Run a test once on the database path and once on the Redis path."""
    if request.param == "redis":
        request.getfixturevalue("use_redis")
    return request.param
