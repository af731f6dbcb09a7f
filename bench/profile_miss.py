"""Where a page-cache miss spends its CPU: cProfile of rendering one page N times.

    DJANGO_SETTINGS_MODULE=bench.settings_bench DATABASE_URL=postgres://... \
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/profile_miss.py \
        [--path /tin-tuc/<slug>/] [--requests 200] [--sort cumulative] [--top 40]

Calls the WSGI application directly with the page cache off (every request
renders, as the first reader after an edit does; fragment caches stay warm) and
counting off, reports CPU ms per request and the top functions.
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

from analytics import conf  # noqa: E402
from bench.counting_cpu import hit  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--path")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    settings.PAGE_CACHE_ENABLED = False
    settings.ANALYTICS_ENABLED = False
    conf.reset()
    if args.path:
        path = args.path
    else:
        from bulletins.models import Article

        path = (
            Article.objects.published().order_by("-published_at")[1].get_absolute_url()
        )
    app = get_wsgi_application()
    for n in range(20):  # warm up: templates, chrome caches, connections
        status, _headers = hit(app, path, n)
    print(f"{path}: {status}")
    start = time.process_time()
    for n in range(args.requests):
        hit(app, path, n)
    per = (time.process_time() - start) / args.requests * 1000
    print(f"{per:.2f} ms CPU per request (no profiler)")
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for n in range(args.requests):
        hit(app, path, n)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
