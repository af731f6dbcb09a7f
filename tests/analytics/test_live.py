"""Exact counts under concurrency against live servers on PostgreSQL."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection

from analytics.models import Visitor
from portal import visitor
from tests.factories import make_article

from .conftest import BROWSER_UA, REDIS_TEST_URL
from .helpers import stored_totals

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
VISITORS = 20
VIEWS_EACH = 10


def visitor_cookies():
    return [
        visitor.cookie_value(uuid.uuid4().hex) for _ in range(VISITORS)
    ]  # signed with this run's SECRET_KEY


def fetch(url, cookie):
    request = urllib.request.Request(
        url, headers={"User-Agent": BROWSER_UA, "Cookie": f"pv={cookie}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status, response.headers.get("X-Page-Cache")


def hammer(base, paths, cookies):
    """VISITORS x VIEWS_EACH page views, all in flight together."""
    jobs = [
        (base + paths[n % len(paths)], cookie)
        for cookie in cookies
        for n in range(VIEWS_EACH)
    ]
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda job: fetch(*job), jobs))
    assert [status for status, _cache in answers] == [200] * len(jobs)
    return answers


def test_concurrent_views_are_exact_on_the_database_path(
    requires_postgres, live_server
):
    article = make_article()
    paths = ["/lien-he/", article.get_absolute_url()]

    answers = hammer(live_server.url, paths, visitor_cookies())

    assert len(answers) == 200
    assert stored_totals() == (200, 20)
    assert Visitor.objects.count() == 20
    article.refresh_from_db()
    assert article.view_count == 100


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_db():
    conn = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        conn.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_TEST_URL}")
    prefix = "live-" + uuid.uuid4().hex[:10]
    yield conn, prefix
    for match in (prefix + "*", "{" + prefix + "}*"):
        keys = list(conn.scan_iter(match=match, count=1000))
        if keys:
            conn.delete(*keys)


def start_gunicorn(port, *, prefix, count_in_redis):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.analytics.live_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
        "REDIS_URL": REDIS_TEST_URL,
        "DJANGO_CACHE_PREFIX": prefix,
        "DJANGO_ANALYTICS_REDIS_URL": REDIS_TEST_URL if count_in_redis else "",
        "DJANGO_ANALYTICS_REDIS_PREFIX": "{" + prefix + "}",
        # Only the exit hook flushes during this test.
        "DJANGO_ANALYTICS_FLUSH_SECONDS": "3600",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "analytics/gunicorn_hooks.py",
            "--workers",
            "3",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "portal.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        # Set ANALYTICS_TEST_GUNICORN_LOG=/path to keep gunicorn's log.
        stderr=open(os.environ.get("ANALYTICS_TEST_GUNICORN_LOG", os.devnull), "w"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10)
            return process
        except OSError:  # refused while booting, or a slow first answer
            time.sleep(0.2)
    process.kill()
    _out, err = process.communicate(timeout=10)
    raise AssertionError(err.decode()[-3000:])


@pytest.mark.parametrize("count_in_redis", [True, False], ids=["redis", "database"])
def test_gunicorn_workers_count_exactly_and_flush_on_sigterm(
    requires_postgres, redis_db, count_in_redis
):
    conn, prefix = redis_db
    article = make_article()
    port = free_port()
    process = start_gunicorn(port, prefix=prefix, count_in_redis=count_in_redis)
    try:
        answers = hammer(
            f"http://127.0.0.1:{port}",
            ["/lien-he/", article.get_absolute_url()],
            visitor_cookies(),
        )
        # Most pages came from the shared page cache, and were counted all the same.
        assert [cache for _status, cache in answers].count("hit") >= 150
        if count_in_redis:
            # Counted in Redis (once each worker's sender has woken: every
            # analytics.sender.BATCH_INTERVAL), not yet in the database.
            pending = "{" + prefix + "}:pending:" + str(article.site_id)
            deadline = time.monotonic() + 5
            while not conn.exists(pending) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert conn.exists(pending)
            assert stored_totals() == (0, 0)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0

    assert len(answers) == 200
    assert stored_totals() == (200, 20)
    article.refresh_from_db()
    assert article.view_count == 100
    assert not conn.exists("{" + prefix + "}:pending:" + str(article.site_id))
