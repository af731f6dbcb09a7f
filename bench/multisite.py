"""Many sites against one: the same pages of one committee's site, on an
installation of S sites × N articles and on a single site of N articles.

    bench/multisite.sh                      # 100 sites × 2,000 articles vs 1 × 2,000
    SITES=20 ARTICLES=2000 bench/multisite.sh

This script is one half of a run: it fills the database named by DATABASE_URL
(unless --keep) with S sites of N articles each (``generate_bench_data`` under each
site), then measures, in process with Django's test client and the production
settings (PostgreSQL, Redis), the home page, a category and an article of the last
site created (the one with the highest ids):

- uncached: the page cache off, every request renders the page (site chrome caches
  warm), as the first reader after an edit;
- cached: the page stored once, every request a hit.

It prints one JSON line: per page and mode the median and 90th percentile wall
time and the CPU time per request, in milliseconds. Timing belongs here, not in
the tests.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from bulletins.models import Article, Category  # noqa: E402
from portal.current_site import activate  # noqa: E402
from portal.site_models import Site  # noqa: E402

UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"


def fill(sites, articles):
    call_command("migrate", verbosity=0)
    first = Site.objects.order_by("pk").first()
    first.domain = "s1.bench.vn"
    first.is_default = False
    first.save()
    for n in range(2, sites + 1):
        Site.objects.get_or_create(
            slug=f"s{n}", defaults={"name": f"Đảng bộ {n}", "domain": f"s{n}.bench.vn"}
        )
    for site in Site.objects.order_by("pk")[:sites]:
        with activate(site):
            call_command(
                "generate_bench_data", articles=articles, photos=2, verbosity=0
            )


def measure(client, host, path, count):
    walls, cpu_start = [], time.process_time()
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(path, HTTP_HOST=host, HTTP_USER_AGENT=UA)
        walls.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    cpu = (time.process_time() - cpu_start) * 1000 / count
    walls.sort()
    return {
        "p50": round(statistics.median(walls), 2),
        "p90": round(walls[int(len(walls) * 0.9) - 1], 2),
        "cpu": round(cpu, 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="reuse the data")
    options = parser.parse_args()
    if not options.keep:
        fill(options.sites, options.articles)
    site = Site.objects.order_by("-pk").first()
    host = site.domain
    with activate(site):
        total = Article.objects.for_site().count()
        article = (
            Article.objects.published()
            .order_by("-published_at")[total // 2 : total // 2 + 1]
            .get()
        )
        category = Category.objects.for_site().get(slug="bench-kinh-te")
        pages = {
            "home": "/",
            "category": category.get_absolute_url(),
            "article": article.get_absolute_url(),
        }
    results = {
        "sites": Site.objects.count(),
        "articles_in_database": Article.objects.count(),
        "articles_of_site": total,
    }
    client = Client()
    for mode, enabled in (("uncached", False), ("cached", True)):
        with override_settings(
            PAGE_CACHE_ENABLED=enabled, ALLOWED_HOSTS=["*"], ANALYTICS_ENABLED=False
        ):
            for name, path in pages.items():
                measure(client, host, path, 5)  # warm up (and store the page)
                results[f"{name}_{mode}"] = measure(
                    client, host, path, options.requests
                )
    results["database"] = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
