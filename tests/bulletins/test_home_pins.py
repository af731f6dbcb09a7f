"""Home page curation: pinned articles lead "Tin nổi bật" in their hand-set order
until their time (issue 16)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bulletins import selectors
from bulletins.models import HomePin
from tests.factories import make_article, make_superuser

pytestmark = pytest.mark.django_db


def titles(rows):
    return [row.title for row in rows]


def test_pins_lead_the_block_in_their_order_then_featured_fill_it():
    now = timezone.now()
    old = make_article("Tin ghim cũ", published_at=now - timedelta(days=20))
    second = make_article("Tin ghim thứ hai", published_at=now - timedelta(days=1))
    newest_featured = make_article("Tin nổi bật mới", is_featured=True)
    make_article(
        "Tin nổi bật cũ", is_featured=True, published_at=now - timedelta(days=9)
    )
    make_article("Tin thường")
    HomePin.objects.create(article=old, order=1)
    HomePin.objects.create(article=second, order=2)
    featured = selectors.home_news(featured=3)["featured"]
    assert titles(featured) == [
        "Tin ghim cũ",
        "Tin ghim thứ hai",
        newest_featured.title,
    ]


def test_an_expired_pin_no_longer_counts_and_drafts_never_show():
    now = timezone.now()
    expired = make_article("Tin hết hạn ghim", published_at=now - timedelta(days=3))
    draft = make_article("Bản nháp", status="draft")
    HomePin.objects.create(
        article=expired, order=1, expires_at=now - timedelta(minutes=1)
    )
    HomePin.objects.create(article=draft, order=0)
    make_article("Tin nổi bật", is_featured=True, published_at=now - timedelta(days=5))
    assert titles(selectors.home_news(featured=4)["featured"]) == ["Tin nổi bật"]


def test_home_page_shows_the_pinned_article_first(client):
    pinned = make_article(
        "Tin ghim lên đầu", published_at=timezone.now() - timedelta(days=30)
    )
    make_article("Tin nổi bật mới nhất", is_featured=True)
    HomePin.objects.create(article=pinned, order=1)
    html = client.get("/").content.decode()
    assert html.index("Tin ghim lên đầu") < html.index("Tin nổi bật mới nhất")


@pytest.mark.parametrize("size", [3, 30])
def test_home_news_query_count_does_not_grow_with_pins(size):
    for n in range(size):
        article = make_article(f"Tin {n}", is_featured=n % 2 == 0)
        if n % 3 == 0:
            HomePin.objects.create(article=article, order=n)
    with CaptureQueriesContext(connection) as queries:
        selectors.home_news()
    assert len(queries) <= 4


def test_the_head_orders_pins_in_the_admin(client):
    client.force_login(make_superuser())
    article = make_article("Tin cần ghim")
    response = client.post(
        "/quan-tri/bulletins/homepin/add/",
        {"article": article.pk, "order": 1, "expires_at_0": "", "expires_at_1": ""},
    )
    assert response.status_code == 302
    assert HomePin.objects.get().article == article
    assert "Tin cần ghim" in client.get("/quan-tri/bulletins/homepin/").content.decode()
