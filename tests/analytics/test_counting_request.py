"""Counting behind a front cache (ANALYTICS_COUNT_IN = "counter", docs/deploy.md):
pages are not counted when answered, but by their counting request
(/thong-ke/xem.gif?p=…, sent by counter.js or the <noscript> image), with the
same rules as the middleware: every view exactly, bots and prefetches never."""

import pytest

from bulletins.models import Article
from tests.factories import make_article

from .conftest import BROWSER_UA
from .helpers import stored_totals

pytestmark = pytest.mark.django_db

BEACON = "/thong-ke/xem.gif"


@pytest.fixture(autouse=True)
def count_in_counter(settings):
    settings.ANALYTICS_COUNT_IN = "counter"


def count(client, path, **headers):
    return client.get(BEACON, {"p": path}, HTTP_USER_AGENT=BROWSER_UA, **headers)


def test_a_page_carries_its_counting_request_and_is_not_counted_when_answered(client):
    article = make_article("Tin có đếm")
    url = article.get_absolute_url()
    page = client.get(url, HTTP_USER_AGENT=BROWSER_UA)
    html = page.content.decode()

    assert f'data-count-url="{BEACON}"' in html
    assert f'<noscript><img class="count-pixel" src="{BEACON}?p={url}"' in html
    assert "pv" not in page.cookies  # a page a front cache may keep for everyone
    assert stored_totals() == (0, 0)


def test_every_view_is_counted_exactly_through_the_counting_request(client):
    article = make_article("Tin được đọc")
    url = article.get_absolute_url()

    first = count(client, url)
    assert first.status_code == 200
    assert first["Content-Type"] == "image/gif"
    assert "no-store" in first["Cache-Control"]
    assert "pv" in first.cookies  # a new reader gets the visitor cookie here
    count(client, url)  # the same reader, with the cookie it was given
    count(client, "/lien-he/")

    assert stored_totals() == (3, 1)
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_bots_and_prefetches_are_not_counted(client):
    url = make_article("Tin").get_absolute_url()
    client.get(BEACON, {"p": url}, HTTP_USER_AGENT="Googlebot/2.1")
    client.get(BEACON, {"p": url}, HTTP_USER_AGENT="")
    count(client, url, HTTP_SEC_PURPOSE="prefetch")
    assert stored_totals() == (0, 0)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "tin-tuc/",
        "//example.com/",
        "https://example.com/",
        "/quan-tri/",
        "/static/portal/site.css",
        "/khong-co-trang-nay/",
        "/" + "a" * 600,
    ],
)
def test_an_address_that_is_no_page_is_refused_in_vietnamese(client, path):
    response = count(client, path)
    assert response.status_code == 400
    assert "Địa chỉ trang không hợp lệ" in response.content.decode()
    assert stored_totals() == (0, 0)


def test_error_pages_carry_no_counting_request(client):
    missing = client.get("/tin-tuc/khong-co-bai-nay/", HTTP_USER_AGENT=BROWSER_UA)
    assert missing.status_code == 404
    assert "data-count-url" not in missing.content.decode()


def test_the_default_counts_pages_when_answered(client, settings):
    settings.ANALYTICS_COUNT_IN = "middleware"
    page = client.get("/lien-he/", HTTP_USER_AGENT=BROWSER_UA)
    assert "data-count-url" not in page.content.decode()
    count(client, "/lien-he/")  # the counting request counts nothing then
    assert stored_totals() == (1, 1)
