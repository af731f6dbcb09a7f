"""Two gunicorn instances, one PostgreSQL, one Redis: counts stay exact, edits show.

Run by .ci/run as its own step (marker ``scaleout``):

    REDIS_TEST_URL=redis://127.0.0.1:6379/13 \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal TEST_DB_SUFFIX=_scaleout \\
    .venv/bin/python -m pytest -m scaleout tests/prod/test_scaleout.py

Both instances run the production settings (DEBUG off, hashed static files, Redis
cache and counters) against the test database; requests come "through a load
balancer" (X-Forwarded-For, one trusted proxy) from many client addresses.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from bulletins.models import Article, Category
from polls.models import Choice, Poll, Vote

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"
)
PUBLIC_HOST = "bao.example.vn"
PAGE_VIEWS = 240
VOTES = 60


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    return client


class Instance:
    def __init__(self, env, log_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **env,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "2",
        }
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "portal/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, log_path):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{Path(log_path).read_text()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):
                    return
            except OSError:  # refused, reset or timed out while starting
                time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer:\n{Path(log_path).read_text()}")

    def stop(self):
        if self.process.poll() is None:
            # Graceful stop: workers run the worker_exit hook (flush counts).
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def request(instance, path, *, client_ip, data=None, headers=None):
    """One request as a reader at ``client_ip`` behind the load balancer."""
    all_headers = {
        # The load balancer passes the public host name to every app server.
        "Host": PUBLIC_HOST,
        "User-Agent": BROWSER_UA,
        "Accept": "text/html",
        "X-Forwarded-For": client_ip,
        **(headers or {}),
    }
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(instance.base + path, data=body, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def ip(n):
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


@pytest.fixture
def servers(transactional_db, requires_postgres, settings, tmp_path):
    redis_client = redis_or_skip()
    prefix = f"scaleout-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "DJANGO_CACHE_PREFIX": prefix,
        "DJANGO_ANALYTICS_REDIS_URL": REDIS_URL,
        "DJANGO_ANALYTICS_ENABLED": "1",
        "DJANGO_ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SECRET_KEY": "scaleout-test-" + uuid.uuid4().hex,
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_PAGE_CACHE_STATUS_HEADER": "1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # This process edits content too: it must share the servers' cache.
    own = {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {"default": own, settings.PAGE_CACHE_ALIAS: own}
    settings.PAGE_CACHE_ENABLED = True
    for key in redis_client.scan_iter("{analytics}:*"):
        redis_client.delete(key)
    instances = []
    try:
        for name in ("a", "b"):
            log_path = tmp_path / f"gunicorn-{name}.log"
            instance = Instance(env, log_path)
            instances.append(instance)
            instance.wait_ready(log_path)
        yield instances
    finally:
        for instance in instances:
            instance.stop()
        # Remove our keys only (this Redis database may hold others' keys).
        for key in redis_client.scan_iter(f"{prefix}:*"):
            redis_client.delete(key)
        for key in redis_client.scan_iter("{analytics}:*"):
            redis_client.delete(key)


def test_two_instances_share_counts_cache_and_edits(servers):
    a, b = servers
    category = Category.objects.create(name="Thời sự")
    article = Article.objects.create(
        title="Khai mạc Đại hội Đảng bộ tỉnh lần thứ XV",
        lead="Sáng nay, Đại hội đã khai mạc trọng thể.",
        body="<p>Đại hội có 350 đại biểu tham dự.</p>",
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )
    poll = Poll.objects.create(question="Bạn thấy giao diện website như thế nào?")
    choices = [
        Choice.objects.create(poll=poll, text=text, order=n)
        for n, text in enumerate(["Đẹp", "Bình thường", "Xấu"])
    ]
    url = article.get_absolute_url()
    article_gets = 0

    # A renders and stores the page; B answers it from the shared cache.
    status, headers, first = request(a, url, client_ip=ip(1))
    article_gets += 1
    assert status == 200
    assert "lần thứ XV" in first
    status, headers, body = request(b, url, client_ip=ip(2))
    article_gets += 1
    assert status == 200
    assert headers.get("X-Page-Cache") == "hit"
    assert body == first

    def view(n):
        return request((a, b)[n % 2], url, client_ip=ip(1000 + n))[0]

    def vote(n):
        instance = (a, b)[n % 2]
        client_ip = ip(5000 + n)
        status, _headers, text = request(
            instance, f"/binh-chon/{poll.slug}/trang-thai/", client_ip=client_ip
        )
        assert status == 200, text
        token = json.loads(text)["token"]
        status, _headers, text = request(
            instance,
            f"/binh-chon/{poll.slug}/gui/",
            client_ip=client_ip,
            data={"token": token, "choice": choices[n % 3].pk},
            headers={
                "Origin": f"http://{PUBLIC_HOST}",
                "X-Requested-With": "XMLHttpRequest",
                "Accept": "application/json",
            },
        )
        return status, text

    with ThreadPoolExecutor(max_workers=16) as pool:
        view_results = pool.map(view, range(PAGE_VIEWS))
        vote_results = pool.map(vote, range(VOTES))
        view_statuses = list(view_results)
        vote_outcomes = list(vote_results)
    article_gets += PAGE_VIEWS

    assert view_statuses == [200] * PAGE_VIEWS
    assert [status for status, _text in vote_outcomes] == [200] * VOTES, vote_outcomes
    assert Vote.objects.filter(poll=poll).count() == VOTES
    for n, choice in enumerate(choices):
        choice.refresh_from_db()
        assert choice.vote_count == len(range(n, VOTES, 3))

    # Votes did not flush the page: both instances still answer from the cache.
    for instance in (a, b):
        status, headers, _body = request(instance, url, client_ip=ip(3))
        article_gets += 1
        assert headers.get("X-Page-Cache") == "hit"

    # An edit (saved here, invalidated through Redis) shows on both at once.
    # (Loaded fresh, as the admin does: the view counter moved meanwhile.)
    article.refresh_from_db()
    article.title = "Bế mạc Đại hội Đảng bộ tỉnh lần thứ XV"
    article.save()
    for instance in (b, a):
        status, headers, body = request(instance, url, client_ip=ip(4))
        article_gets += 1
        assert status == 200
        assert "Bế mạc Đại hội" in body
        assert "Khai mạc Đại hội" not in body

    # Graceful stop: every worker flushes its buffered counts into PostgreSQL.
    for instance in (a, b):
        instance.stop()
    article.refresh_from_db()
    assert article.view_count == article_gets

    from django.db.models import Sum

    from analytics.models import DailyStat

    assert DailyStat.objects.aggregate(total=Sum("views"))["total"] == article_gets
