"""Many visitors voting at the same moment, against real gunicorn processes.

Nothing is mocked: a gunicorn server with several worker processes runs the site
on a free port, on PostgreSQL (the test database) or on an SQLite file in WAL
mode with IMMEDIATE transactions, and threads vote through HTTP.
"""

import http.cookiejar
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from polls.models import Choice, Vote

from .conftest import make_poll

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on a free port with ``workers`` processes, killed on exit."""

    def __init__(self, tmp_path, database_url, *, workers=4, extra_env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_VAR_DIR": str(tmp_path),
            # One proxy in front: each thread plays a visitor with its own address.
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "DJANGO_PAGE_CACHE": "0",
            **(extra_env or {}),
        }
        self.workers = workers
        self.log = tmp_path / "gunicorn.log"
        self.proc = None

    def manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def __enter__(self):
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [
                    str(GUNICORN),
                    "portal.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--worker-class",
                    "gthread",
                    "--threads",
                    "8",
                    "--timeout",
                    "60",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as r:
                    if r.status == 200:
                        return self
            except OSError:  # not listening yet, or still importing the project
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def __exit__(self, *exc):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def vote_over_http(server, slug, choice_id, address, start, jar=None):
    """One visitor: fetch the status (token), wait for the others, vote by fetch."""
    jar = jar if jar is not None else http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    headers = {
        "X-Forwarded-For": address,
        "Accept": "application/json",
        "X-Requested-With": "XMLHttpRequest",
    }
    request = urllib.request.Request(
        f"{server.base}/binh-chon/{slug}/trang-thai/", headers=headers
    )
    with opener.open(request, timeout=30) as response:
        token = json.load(response)["token"]
    body = urllib.parse.urlencode(
        {"choice": choice_id, "token": token, "next": "/"}
    ).encode()
    request = urllib.request.Request(
        f"{server.base}/binh-chon/{slug}/gui/",
        data=body,
        headers={**headers, "Origin": server.base},
        method="POST",
    )
    start.wait(timeout=60)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def run_voters(server, slug, choice_ids, addresses, jar=None):
    start = threading.Barrier(len(addresses))
    with ThreadPoolExecutor(max_workers=len(addresses)) as pool:
        futures = [
            pool.submit(
                vote_over_http,
                server,
                slug,
                choice_ids[i % len(choice_ids)],
                addr,
                start,
                jar,
            )
            for i, addr in enumerate(addresses)
        ]
        return [f.result() for f in futures]


def postgres_url():
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_100_simultaneous_voters_on_postgresql_are_counted_exactly(
    requires_postgres, tmp_path
):
    poll = make_poll()
    choices = list(poll.choices.order_by("order").values_list("pk", flat=True))
    voters = 100
    addresses = [f"10.0.{n // 250}.{n % 250 + 1}" for n in range(voters)]
    with Server(tmp_path, postgres_url(), workers=4) as server:
        results = run_voters(server, poll.slug, choices, addresses)
    assert [status for status, _ in results] == [200] * voters, results
    expected = [len(range(i, voters, 3)) for i in range(3)]  # 34, 33, 33
    assert [
        c.vote_count for c in Choice.objects.filter(poll=poll).order_by("order")
    ] == expected
    assert Vote.objects.filter(poll=poll).count() == voters


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_from_one_address_stop_exactly_at_the_limit(
    requires_postgres, tmp_path
):
    """80 cookie-less requests from one address at once: exactly 60 are counted."""
    poll = make_poll()
    choices = list(poll.choices.order_by("order").values_list("pk", flat=True))
    with Server(tmp_path, postgres_url(), workers=4) as server:
        results = run_voters(server, poll.slug, choices[:1], ["203.0.113.50"] * 80)
    statuses = [status for status, _ in results]
    assert statuses.count(200) == 60
    assert statuses.count(429) == 20
    assert Choice.objects.get(pk=choices[0]).vote_count == 60
    assert Vote.objects.filter(poll=poll).count() == 60


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_visitor_submitting_20_times_at_once_is_counted_once(
    requires_postgres, tmp_path
):
    """Double clicks, several tabs: one visitor cookie, 20 simultaneous votes."""
    poll = make_poll()
    choices = list(poll.choices.order_by("order").values_list("pk", flat=True))
    jar = http.cookiejar.CookieJar()
    with Server(tmp_path, postgres_url(), workers=4) as server:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(
            f"{server.base}/binh-chon/{poll.slug}/trang-thai/", timeout=30
        ).read()
        assert len(jar) == 1  # the visitor cookie, given before the first vote
        results = run_voters(server, poll.slug, choices, ["203.0.113.60"] * 20, jar=jar)
    statuses = [status for status, _ in results]
    assert statuses.count(200) == 1
    assert statuses.count(409) == 19
    assert (
        sum(Choice.objects.filter(poll=poll).values_list("vote_count", flat=True)) == 1
    )
    assert Vote.objects.filter(poll=poll).count() == 1


def test_simultaneous_voters_on_sqlite_never_see_database_is_locked(tmp_path):
    """The embedded default: an SQLite file shared by 4 gunicorn processes."""
    db_file = tmp_path / "portal.sqlite3"
    server = Server(tmp_path, f"sqlite:///{db_file}", workers=4)
    server.manage("migrate", "-v0")
    server.manage(
        "shell",
        "-c",
        "from polls.models import Poll, Choice; "
        "p = Poll.objects.create(question='Bạn thấy giao diện website như thế nào?', slug='giao-dien'); "
        "[Choice.objects.create(poll=p, text=t, order=i) for i, t in enumerate(['Đẹp', 'Bình thường', 'Xấu'])]",
    )
    with sqlite3.connect(db_file) as db:
        choices = [
            row[0] for row in db.execute('SELECT id FROM polls_choice ORDER BY "order"')
        ]
    voters = 60
    addresses = [f"10.1.0.{n + 1}" for n in range(voters)]
    with server:
        results = run_voters(server, "giao-dien", choices, addresses)
    assert [status for status, _ in results] == [200] * voters, results
    assert "database is locked" not in server.log.read_text()
    with sqlite3.connect(db_file) as db:
        counts = [
            row[0]
            for row in db.execute(
                'SELECT vote_count FROM polls_choice ORDER BY "order"'
            )
        ]
        votes = db.execute("SELECT COUNT(*) FROM polls_vote").fetchone()[0]
    assert counts == [20, 20, 20]
    assert votes == voters
