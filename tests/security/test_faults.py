"""Fault injection: the database restarting under load, Redis going away, the disk
refusing an upload. Run with ``-m fault``; the live tests need DATABASE_URL on
PostgreSQL (a database of their own is created and dropped) and redis-server."""

import errno
import json
import os
import shutil
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from analytics.sender import BATCH_INTERVAL
from bulletins.models import Article
from portal.net import keyed_hash
from portal.security import STORAGE_MESSAGE
from portal.storage import AtomicFileSystemStorage
from portal.uploads import EditorImageStorage
from tests.factories import image_file, make_category, make_superuser

from .forms import form_data
from .live import SECRET_KEY, Database, Redis, Site, running, wait_until

pytestmark = pytest.mark.fault


# --- the disk refuses an upload ------------------------------------------------------


def _full_disk(base):
    class FullDisk(base):
        """Writes the first bytes of every file, then reports a full disk."""

        def _save(self, name, content):
            data = content.read()

            class HalfWritten(ContentFile):
                def chunks(self, chunk_size=None):
                    yield data[:100]
                    raise OSError(errno.ENOSPC, "No space left on device")

            return super()._save(name, HalfWritten(data))

    return FullDisk


FullDiskStorage = _full_disk(AtomicFileSystemStorage)
FullDiskEditorStorage = _full_disk(EditorImageStorage)


FULL_DISK = {
    "default": {"BACKEND": "tests.security.test_faults.FullDiskStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.mark.django_db
def test_full_disk_during_an_admin_upload_stores_nothing(client, settings):
    client.force_login(make_superuser())
    category = make_category("Tin tức")
    page = client.get("/quan-tri/bulletins/article/add/")
    data = form_data(page.content.decode(), "article_form")
    data.update(
        title="Hội nghị tổng kết công tác năm",
        category=str(category.pk),
        body="<p>Nội dung</p>",
        featured_image_alt="Quang cảnh hội nghị",
        featured_image=image_file("hoi-nghi.jpg"),
    )
    with override_settings(STORAGES=FULL_DISK):
        response = client.post("/quan-tri/bulletins/article/add/", data)
    assert response.status_code == 503
    assert STORAGE_MESSAGE in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert Article.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    leftovers = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert leftovers == []


@pytest.mark.django_db
def test_full_disk_during_an_editor_upload_is_a_clear_error(client, settings):
    client.force_login(make_superuser())
    with override_settings(
        CKEDITOR_5_FILE_STORAGE="tests.security.test_faults.FullDiskStorage"
    ):
        response = client.post(
            "/ckeditor5/image_upload/", {"upload": image_file("anh.png", fmt="PNG")}
        )
    assert response.status_code == 503
    assert STORAGE_MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_full_disk_during_an_editor_upload_leaves_no_partial_file(client, settings):
    client.force_login(make_superuser())
    with override_settings(
        CKEDITOR_5_FILE_STORAGE="tests.security.test_faults.FullDiskEditorStorage"
    ):
        response = client.post(
            "/ckeditor5/image_upload/", {"upload": image_file("anh.png", fmt="PNG")}
        )
    assert response.status_code == 503
    assert STORAGE_MESSAGE in response.content.decode()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


# --- live site: PostgreSQL restart, Redis stop ----------------------------------------


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    return url


@pytest.fixture
def database():
    db = Database(postgres_url())
    db.create()
    yield db
    db.drop()


@pytest.fixture
def redis_server(tmp_path):
    server = Redis(tmp_path)
    yield server
    server.stop()


POLL_SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from polls.models import Choice, Poll
from polls.tokens import make_form_token
poll = Poll.objects.create(question="Bạn thấy giao diện website như thế nào?",
                           opens_at=timezone.now() - timedelta(days=1))
choices = [Choice.objects.create(poll=poll, text=t, order=n)
           for n, t in enumerate(["Đẹp", "Bình thường", "Xấu"], start=1)]
print(json.dumps({"slug": poll.slug, "id": poll.pk,
                  "choices": [c.pk for c in choices], "token": make_form_token(poll)}))
"""


@pytest.fixture
def site(tmp_path, database, redis_server):
    redis_server.start()
    site = Site(tmp_path, database.url, redis_server.url)
    site.manage("migrate", "--noinput", "--verbosity", "0")
    site.manage("seed_demo")
    site.poll = site.python(POLL_SETUP)
    yield site
    site.stop()


class Load:
    """Readers and voters hitting the site from several threads until stopped."""

    def __init__(self, site, threads=6):
        self.site = site
        self.threads = threads
        self.stop = threading.Event()
        self.results = []  # (start time, kind, status, address, accepted)
        self.lock = threading.Lock()
        self.counter = iter(range(1, 10**9))

    def _address(self):
        with self.lock:
            n = next(self.counter)
        return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"

    def _vote(self):
        poll = self.site.poll
        address = self._address()
        status, body = self.site.request(
            "POST",
            f"/binh-chon/{poll['slug']}/gui/",
            {"choice": poll["choices"][0], "token": poll["token"], "next": "/"},
            {
                "Origin": f"http://127.0.0.1:{self.site.port}",
                "Host": f"127.0.0.1:{self.site.port}",
                "Accept": "application/json",
                "X-Forwarded-For": address,
            },
        )
        accepted = status == 200 and json.loads(body).get("ok") is True
        return "vote", status, address, accepted

    def _read(self):
        path = ["/", "/tin-tuc/", "/binh-chon/", "/van-ban/"][int(time.time() * 10) % 4]
        status, _body = self.site.request("GET", path)
        return "read", status, None, status == 200

    def _worker(self, n):
        while not self.stop.is_set():
            started = time.monotonic()
            kind, status, address, ok = (self._vote if n % 2 else self._read)()
            with self.lock:
                self.results.append((started, kind, status, address, ok))

    def __enter__(self):
        self.pool = ThreadPoolExecutor(self.threads)
        for n in range(self.threads):
            self.pool.submit(self._worker, n)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.pool.shutdown(wait=True)

    def statuses(self, since=0.0, until=float("inf")):
        """Statuses of the requests that started in [since, until)."""
        return Counter(r[2] for r in self.results if since <= r[0] < until)


def restart_postgres():
    """Restart the local cluster (dev/CI machine only: it is our own test server)."""
    cluster = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
        check=True,
        timeout=60,
    )


def assert_votes_match(site, database, load):
    poll = site.poll
    rows = database.query(
        "SELECT ip_hash, count(*) FROM polls_vote WHERE poll_id = %s GROUP BY ip_hash",
        (poll["id"],),
    )
    stored = dict(rows)
    (total,) = database.query(
        "SELECT coalesce(sum(vote_count), 0) FROM polls_choice WHERE poll_id = %s",
        (poll["id"],),
    )[0]
    with override_settings(SECRET_KEY=SECRET_KEY):
        hashed = {
            r[3]: keyed_hash(r[3], purpose="polls.vote")
            for r in load.results
            if r[1] == "vote"
        }
    accepted = {hashed[r[3]] for r in load.results if r[1] == "vote" and r[4]}
    unanswered = {
        hashed[r[3]] for r in load.results if r[1] == "vote" and r[2] in {None, 503}
    }
    assert accepted, "no vote was accepted at all"
    # Not one accepted vote lost.
    assert accepted <= set(stored)
    # None doubled: one row per voter, and the counters agree with the rows.
    assert all(count == 1 for count in stored.values())
    assert total == len(stored)
    # A row without an accepted answer only where the answer was lost in the fault.
    assert set(stored) - accepted <= unanswered
    return len(accepted), len(stored), len(unanswered)


def test_database_connections_killed_under_load(site, database):
    """Every connection to our database is terminated mid-load (others' untouched):
    requests caught in the middle get a 503, the next ones reconnect."""
    with running(site), Load(site) as load:
        time.sleep(3)
        killed_at = time.monotonic()
        database.query(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        time.sleep(6)
    statuses = load.statuses()
    assert 500 not in statuses, (statuses, site.log_tail())
    assert set(statuses) <= {200, 503}, statuses
    after = load.statuses(since=killed_at + 0.5)
    assert sum(after.values()) >= 4, after
    assert set(after) == {200}, after
    numbers = assert_votes_match(site, database, load)
    print("connections killed:", statuses, "accepted/stored/unanswered", numbers)


def test_postgres_restart_under_load_gives_503_then_recovers(site, database):
    """Run only on a dev/CI machine: it restarts the local PostgreSQL cluster."""
    with running(site), Load(site) as load:
        time.sleep(3)
        began = time.monotonic()
        restart_postgres()
        recovered = wait_until(
            lambda: site.request("GET", "/healthz")[0] == 200, timeout=30
        )
        recovered_at = time.monotonic()
        time.sleep(4)
    assert recovered, site.log_tail()
    statuses = load.statuses()
    # Requests that met the restart were told to retry (503), never a 500 and
    # never a dropped connection.
    assert set(statuses) <= {200, 503}, (statuses, site.log_tail())
    after = load.statuses(since=recovered_at + 1)
    assert sum(after.values()) >= 4, after
    assert set(after) == {200}, after
    numbers = assert_votes_match(site, database, load)
    print(
        f"postgres restart: back after {recovered_at - began:.1f}s;",
        statuses,
        "accepted/stored/unanswered",
        numbers,
    )


def test_redis_stopped_while_the_site_runs(site, redis_server):
    prefix = "{analytics}"
    with running(site):
        for _ in range(5):
            assert site.request("GET", "/")[0] == 200
        redis_server.stop()
        down = Counter(
            site.request("GET", path)[0]
            for path in ["/", "/tin-tuc/", "/binh-chon/", "/van-ban/", "/lien-he/"] * 4
        )
        assert down == Counter({200: 20}), (down, site.log_tail())
        # Each worker's sender wakes every BATCH_INTERVAL: give it one wake-up
        # while Redis is still down, so the views queued before and during the
        # outage are counted in the database and none is left for the new Redis.
        time.sleep(BATCH_INTERVAL + 1)
        redis_server.start()
        assert redis_server.client().dbsize() == 0

        def counting_again():
            site.request("GET", "/")
            return bool(redis_server.client().keys(f"{prefix}*"))

        back = time.monotonic()
        assert wait_until(counting_again, timeout=30, interval=0.5), site.log_tail()
        print(
            f"redis down: {down}; counting resumed {time.monotonic() - back:.1f}s "
            "after redis came back"
        )
