"""No stampede after a publication: while one worker renders a stale page again,
every other reader gets the stored copy; never after a withdrawal.

Threads against the real shared cache (Redis at REDIS_TEST_URL); the slow page
(/t/slow/ in tests/prod/urls.py) renders only when the test opens its gate.
"""

import os
import threading
import time

import pytest
import redis
from django.db import connection
from django.test import Client, RequestFactory

from bulletins.models import Article
from portal.pagecache import middleware
from tests.factories import make_article, make_category
from tests.prod import urls as test_urls

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")
STATUS = middleware.STATUS_HEADER


@pytest.fixture
def shared_cache(settings):
    conn = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        conn.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_TEST_URL}")
    prefix = f"test-stampede-{os.getpid()}-{time.monotonic_ns()}"
    settings.CACHES = {
        **settings.CACHES,
        settings.PAGE_CACHE_ALIAS: {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        },
    }
    settings.PAGE_CACHE_ENABLED = True
    settings.ROOT_URLCONF = "tests.prod.urls"
    test_urls.slow_gate.set()
    yield
    test_urls.slow_gate.set()
    keys = list(conn.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        conn.delete(*keys)
    conn.close()


def render_lock(path):
    return middleware.LOCK_KEY_PREFIX + middleware.page_key(RequestFactory().get(path))


def wait_for(condition, seconds=10):
    """Synchronisation with the other threads (not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the other thread never got there"
        time.sleep(0.01)


def get_in_thread(path, results):
    def run():
        try:
            response = Client().get(path)
            results.append((response[STATUS], response.content.decode()))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def publish_something():
    """A publication: every stored page is stale (a new generation)."""
    make_article("Tin mới đăng", category=make_category("Thời sự"))


def test_the_stale_page_is_served_while_one_worker_renders(client, shared_cache):
    first = client.get("/t/slow/")
    assert first[STATUS] == "miss"
    publish_something()

    test_urls.slow_gate.clear()
    renderer = []
    thread = get_in_thread("/t/slow/", renderer)
    cache = middleware.page_cache()
    wait_for(lambda: cache.get(render_lock("/t/slow/")) is not None)

    meanwhile = client.get("/t/slow/")
    assert meanwhile.status_code == 200
    assert meanwhile[STATUS] == "stale"
    assert meanwhile.content == first.content

    test_urls.slow_gate.set()
    thread.join(10)
    assert renderer[0][0] == "miss"
    after = client.get("/t/slow/")
    assert after[STATUS] == "hit"
    assert after.content.decode() == renderer[0][1] != first.content.decode()


def test_only_one_render_under_concurrent_requests(client, shared_cache):
    client.get("/t/slow/")
    publish_something()
    test_urls.slow_gate.clear()

    results = []
    threads = [get_in_thread("/t/slow/", results) for _ in range(8)]
    # Seven answers come back while the gate is closed: all stale copies.
    wait_for(lambda: len(results) >= 7)
    test_urls.slow_gate.set()
    for thread in threads:
        thread.join(10)

    statuses = sorted(status for status, _body in results)
    assert statuses == ["miss"] + ["stale"] * 7


@pytest.mark.parametrize("withdraw", ["unpublish", "delete"])
def test_withdrawn_content_is_never_served_stale(client, shared_cache, withdraw):
    article = make_article("Tin sẽ bị gỡ", category=make_category("Thời sự"))
    assert "Tin sẽ bị gỡ" in client.get("/").content.decode()
    stored_article = client.get(article.get_absolute_url())
    assert stored_article.status_code == 200

    if withdraw == "unpublish":
        article.status = Article.Status.DRAFT
        article.save()
    else:
        article.delete()
    # Another worker is rendering these pages right now: readers would get the
    # stored copies if stale serving were allowed.
    cache = middleware.page_cache()
    for path in ("/", stored_article.wsgi_request.path):
        assert cache.add(render_lock(path), 1, 30)

    home = client.get("/")
    assert home[STATUS] == "miss"
    assert "Tin sẽ bị gỡ" not in home.content.decode()
    assert client.get(stored_article.wsgi_request.path).status_code == 404


def test_an_edit_of_published_content_is_not_a_withdrawal(client, shared_cache):
    article = make_article("Tin gốc", category=make_category("Thời sự"))
    client.get("/")
    article.title = "Tin gốc (sửa lỗi chính tả)"
    article.save()
    cache = middleware.page_cache()
    assert cache.add(render_lock("/"), 1, 30)  # another worker renders it

    meanwhile = client.get("/")
    assert meanwhile[STATUS] == "stale"
    cache.delete(render_lock("/"))
    assert "Tin gốc (sửa lỗi chính tả)" in client.get("/").content.decode()
