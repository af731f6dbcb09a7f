"""A real site for fault tests: its own PostgreSQL database, its own redis-server on a
free port, and gunicorn on another free port. Everything started here is stopped
here, by process id."""

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "fault-tests-" + secrets.token_urlsafe(48)
# Readers are browsers: the visitor counter ignores requests without one.
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0 Safari/537.36"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return False


class Redis:
    """A private redis-server (never the shared one on 6379)."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path / f"redis-{self.port}"
        self.dir.mkdir()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_until(self.ping, 10), "redis-server did not start"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=1)

    def ping(self):
        import redis

        try:
            return self.client().ping()
        except redis.RedisError:
            return False


class Database:
    """A database of its own on the PostgreSQL server named by DATABASE_URL."""

    def __init__(self, server_url):
        parts = urlsplit(server_url)
        self.name = f"portal_fault_{os.getpid()}_{secrets.token_hex(3)}"
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))

    def _admin(self, sql):
        import psycopg2

        conn = psycopg2.connect(self.admin_url)
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    def create(self):
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql, params=()):
        import psycopg2

        conn = psycopg2.connect(self.url)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            conn.close()


class Site:
    """gunicorn serving the portal with the given environment."""

    def __init__(self, tmp_path, database_url, redis_url=""):
        self.port = free_port()
        self.tmp_path = tmp_path
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "GUNICORN_"))
            and key not in {"DATABASE_URL", "REDIS_URL"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.base",
            DJANGO_SECRET_KEY=SECRET_KEY,
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_VAR_DIR=str(tmp_path / "var"),
            MEDIA_ROOT=str(tmp_path / "media"),
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            # Each load request forges a different client address through "our"
            # proxy, so the per-address vote limit does not get in the way.
            DJANGO_TRUSTED_PROXY_COUNT="1",
            DJANGO_ANALYTICS_FLUSH_SECONDS="1",
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
            GUNICORN_TIMEOUT="20",
        )
        self.process = None
        self.log = tmp_path / f"gunicorn-{self.port}.log"

    def manage(self, *args, input_text=None):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            input=input_text,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def python(self, code):
        """Run ``code`` in a Django shell of the site; returns its JSON output."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def start(self):
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        handle = self.log.open("wb")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "portal/gunicorn.conf.py",
                "portal.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert wait_until(lambda: self.request("GET", "/healthz")[0] == 200, 30), (
            self.log.read_text()[-3000:]
        )

    def log_tail(self, size=4000):
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None

    def request(self, method, path, data=None, headers=None, timeout=10):
        """(status, body) or (None, error name) when no HTTP answer came."""
        headers = {"User-Agent": BROWSER, **(headers or {})}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            return None, type(exc).__name__
        finally:
            conn.close()


@contextlib.contextmanager
def running(*things):
    """Start each thing in order; stop them all (in reverse) whatever happens."""
    started = []
    try:
        for thing in things:
            thing.start()
            started.append(thing)
        yield
    finally:
        for thing in reversed(started):
            thing.stop()
