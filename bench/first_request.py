"""What a new server process's first request costs, with and without the warm-up.

    DJANGO_SETTINGS_MODULE=bench.settings_bench DATABASE_URL=postgres://... \
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/first_request.py \
        [--processes 5] [--path /tin-tuc/<slug>/]

After ``bench/run.sh``: it reuses that run's database, static and media files
(``var/bench``).

Each measurement is a fresh Python process, as after a deploy or a max-requests
restart: it loads the WSGI application either as ``portal/wsgi.py`` does (with
``portal.warmup``) or bare (``get_wsgi_application()`` alone, as before the
warm-up), then asks for a counted article page that is already in the page cache
and times that first request and the next twenty. The first request of a
process used to load the URL patterns and their reverse lookup tables for the
visitor counter (docs/performance.md, "2g").
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "var", "bench")
for name, value in (
    ("DJANGO_STATIC_ROOT", os.path.join(WORK, "static")),
    ("MEDIA_ROOT", os.path.join(WORK, "media")),
    ("DJANGO_VAR_DIR", WORK),
):
    os.environ.setdefault(name, value)


def child(mode, path):
    sys.path.insert(0, ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
    from bench.counting_cpu import hit  # sets Django up

    started = time.perf_counter()
    if mode == "warm":
        from portal.wsgi import application
    else:
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
    loaded = time.perf_counter() - started
    times = []
    for n in range(21):
        started = time.perf_counter()
        status, headers = hit(application, path, n)
        times.append(time.perf_counter() - started)
        assert status.startswith("200"), status
    cache = dict(headers).get("X-Page-Cache")
    print(
        f"{loaded * 1000:.1f} {times[0] * 1000:.2f} {statistics.median(times[1:]) * 1000:.2f} {cache}"
    )


def default_path():
    sys.path.insert(0, ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
    import bench.counting_cpu  # noqa: F401 (sets Django up)
    from bulletins.models import Article

    return Article.objects.published().order_by("-published_at")[0].get_absolute_url()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--path")
    parser.add_argument("--child", choices=["warm", "bare"])
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path)
        return
    path = args.path or default_path()

    def run(mode):
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--path", path],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        return float(out[0]), float(out[1]), float(out[2]), out[3]

    run("warm")  # the page is in the page cache from here on
    results = {"bare": [], "warm": []}
    for _ in range(args.processes):
        for mode in ("bare", "warm"):
            results[mode].append(run(mode))
    print(f"{path}, {args.processes} fresh processes each (medians):")
    for mode, label in (("bare", "without warm-up"), ("warm", "with warm-up")):
        rows = results[mode]
        print(
            f"  {label:16} loading the application {statistics.median(r[0] for r in rows):6.1f} ms, "
            f"first request {statistics.median(r[1] for r in rows):6.2f} ms, "
            f"the next twenty {statistics.median(r[2] for r in rows):.2f} ms each "
            f"(page cache: {rows[-1][3]})"
        )


if __name__ == "__main__":
    main()
