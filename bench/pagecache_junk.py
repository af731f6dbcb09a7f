"""What junk query strings do to the page cache: misses, stored entries, Redis memory.

    DJANGO_SETTINGS_MODULE=bench.settings_bench DATABASE_URL=postgres://... \
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/pagecache_junk.py \
        [--requests 400] [--path /]

Calls the WSGI application directly, as an anonymous reader without cookies, first
with the clean address, then ``--requests`` times with a new ``?utm_source=…`` and
``fbclid`` each time (what a flood of junk links does), and reports how many were
misses (``X-Page-Cache``), how many page entries the page cache's Redis holds and
how much its memory grew. Only keys under ``DJANGO_CACHE_PREFIX`` are counted.
"""

import argparse
import io
import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

PAGE_KEY = "pagecache:page:"


def environ(path, query):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "text/html",
        "REMOTE_ADDR": "192.0.2.10",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def hit(app, path, query=""):
    seen = []
    body = app(environ(path, query), lambda s, h, exc_info=None: seen.append(h))
    b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return dict(seen[0]).get("X-Page-Cache", "")


def page_redis():
    alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
    cache = settings.CACHES[alias]
    return redis.Redis.from_url(cache["LOCATION"]), cache.get("KEY_PREFIX", "")


def page_keys(conn, prefix):
    return sum(1 for _ in conn.scan_iter(match=f"{prefix}:*{PAGE_KEY}*", count=1000))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--path", default="/")
    args = parser.parse_args()
    app = get_wsgi_application()
    conn, prefix = page_redis()
    for key in conn.scan_iter(match=f"{prefix}:*{PAGE_KEY}*", count=1000):
        conn.delete(key)
    hit(app, args.path)
    keys_before = page_keys(conn, prefix)
    memory_before = int(conn.info("memory")["used_memory"])
    statuses = [
        hit(app, args.path, f"utm_source=zalo-{n}&fbclid=IwAR{n:08d}")
        for n in range(args.requests)
    ]
    keys_after = page_keys(conn, prefix)
    grown = int(conn.info("memory")["used_memory"]) - memory_before
    print(f"{args.path} with {args.requests} junk query strings:")
    print(f"  misses {statuses.count('miss')}, hits {statuses.count('hit')}")
    print(f"  page entries {keys_before} -> {keys_after}")
    print(f"  Redis memory {grown / 1024 / 1024:+.2f} MB")


if __name__ == "__main__":
    main()
