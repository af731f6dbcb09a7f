"""A page-cache miss stays cheap: a small fixed number of queries per page.

Targets from the performance issue: article <= 5, home <= 8. Measured at two data
sizes, on the second request (the site chrome is cached after the first, as it is
on a running server); the anonymous page cache is off (test settings).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bulletins.models import Article, Category

pytestmark = pytest.mark.django_db

BUDGET = {"home": 8, "category": 8, "article": 5}


def queries_per_page(client):
    article = (
        Article.objects.published().filter(slug__startswith="bench-").order_by("pk")[2]
    )
    pages = {
        "home": "/",
        "category": Category.objects.get(slug="bench-kinh-te").get_absolute_url(),
        "article": article.get_absolute_url(),
    }
    counts = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[name] = len(queries)
    return counts


def test_page_queries_are_few_and_do_not_grow_with_the_data(client):
    call_command("generate_bench_data", articles=12, photos=1)
    small = queries_per_page(client)
    call_command("generate_bench_data", articles=80, photos=1)
    large = queries_per_page(client)
    assert large == small
    for name, count in large.items():
        assert count <= BUDGET[name], (name, count)
