"""CPU cost of counting one page view, measured in-process on a cached page hit.

    DJANGO_SETTINGS_MODULE=bench.settings_bench DATABASE_URL=postgres://... \
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/counting_cpu.py \
        [--requests 4000] [--path /tin-tuc/<slug>/] [--profile]

Calls the WSGI application directly (no sockets, no HTTP parsing), with the page
already in the page cache, alternating counting off and on in rounds, and reports
the process CPU time per request (time.process_time: it includes the visitor
counter's sender thread, which does the Redis work of counted views). The
difference between the two is what counting costs a page view. --profile prints
the top functions of a cProfile run with counting on.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from analytics import conf, services  # noqa: E402
from portal import visitor  # noqa: E402

UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Safari/537.36"
)
VISITOR = "0123456789abcdef0123456789abcdef"


def environ(path, n):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": UA,
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_LANGUAGE": "vi",
        # A returning reader: a signed visitor cookie (the common case).
        "HTTP_COOKIE": f"pv={visitor.cookie_value(VISITOR)}",
        "REMOTE_ADDR": f"10.0.{(n // 250) % 250}.{n % 250}",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def hit(app, path, n):
    status = []
    body = app(environ(path, n), lambda s, h, exc_info=None: status.append((s, h)))
    b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return status[0]


def run(app, path, count, counting):
    settings.ANALYTICS_ENABLED = counting
    getattr(conf, "reset", lambda: None)()
    start = time.process_time()
    for n in range(count):
        hit(app, path, n)
    services.pageviews_drain()  # the sender thread's work belongs to these views
    return (time.process_time() - start) / count * 1000


def default_path():
    from bulletins.models import Article

    article = Article.objects.published().order_by("-published_at")[100]
    return article.get_absolute_url()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--path")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    settings.ANALYTICS_RATE_LIMIT = 10**9  # count every request in full
    getattr(conf, "reset", lambda: None)()
    path = args.path or default_path()
    app = get_wsgi_application()
    status, headers = hit(app, path, 0)
    status, headers = hit(app, path, 1)
    cache_state = dict(headers).get("X-Page-Cache")
    print(f"{path}: {status}, page cache {cache_state}")
    run(app, path, 500, True)  # warm up both paths
    run(app, path, 500, False)
    best = {False: [], True: []}
    for _ in range(args.rounds):
        for counting in (False, True):
            best[counting].append(run(app, path, args.requests, counting))
    off, on = min(best[False]), min(best[True])
    print(f"counting off: {off:.3f} ms CPU per request (best of {args.rounds})")
    print(f"counting on:  {on:.3f} ms CPU per request")
    print(f"counting costs {on - off:.3f} ms = {(on - off) / off * 100:.1f}%")
    if args.profile:
        settings.ANALYTICS_ENABLED = True
        getattr(conf, "reset", lambda: None)()
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for n in range(args.requests):
            hit(app, path, n)
        services.pageviews_drain()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue())


if __name__ == "__main__":
    main()
