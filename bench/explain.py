"""EXPLAIN ANALYZE of every news-table query of the home, category and article pages.

    DJANGO_SETTINGS_MODULE=bench.settings_bench DATABASE_URL=postgres://.../portal_bench \
        .venv/bin/python bench/explain.py [--verbose]

Renders each page once through the test client (page cache off) to warm the site
chrome, captures the queries of a second rendering, and runs EXPLAIN (ANALYZE,
BUFFERS) on those that read bulletins_article. Prints one line per query (time,
rows, whether it used an index or read the table), plus the full plans with
--verbose. PostgreSQL only.
"""

import os
import re
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
os.environ["DJANGO_PAGE_CACHE"] = "0"
os.environ["DJANGO_ANALYTICS_ENABLED"] = "0"
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bulletins.models import Article, Category  # noqa: E402


def pages():
    total = Article.objects.filter(slug__startswith="bench-").count()
    middle = (
        Article.objects.published()
        .filter(slug__startswith="bench-")
        .order_by("-published_at")[total // 2 : total // 2 + 1]
        .get()
    )
    category = Category.objects.get(slug="bench-kinh-te")
    return {
        "home": "/",
        "category": category.get_absolute_url(),
        "category p.50": category.get_absolute_url() + "?trang=50",
        "article": middle.get_absolute_url(),
    }


def main(verbose=False):
    assert connection.vendor == "postgresql", "EXPLAIN ANALYZE needs PostgreSQL"
    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="Mozilla/5.0 bench")
    print(f"articles: {Article.objects.count()}")
    for name, url in pages().items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        ours = [q["sql"] for q in captured if '"bulletins_article"' in q["sql"]]
        print(f"\n{name} {url}: {len(captured)} queries, {len(ours)} on articles")
        total = 0.0
        for sql in ours:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            total += ms
            seq = "index"
            if re.search(r"Seq Scan on bulletins_article\b", plan):
                seq = "SEQ SCAN"
            disk = " SORT ON DISK" if "external merge" in plan else ""
            print(f"  {ms:8.2f} ms  {seq}{disk}  {sql[:110]}")
            if verbose:
                print(plan)
        print(f"  {total:8.2f} ms in all")


if __name__ == "__main__":
    main(verbose="--verbose" in sys.argv)
