"""Last-Modified / ETag on listing pages and feeds, and 304 answers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from bulletins.models import Article
from portal.pagecache.conditional import last_modified
from tests.factories import make_article, make_category, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    category = make_category("Thời sự")
    make_article("Tin thời sự", category=category)
    make_document("Kế hoạch số 1")
    return category


def listing_urls(category):
    return ["/", "/tin-tuc/", category.get_absolute_url(), "/van-ban/", "/rss/"]


def test_listing_pages_and_feeds_answer_304_to_a_matching_etag(client, content):
    for url in listing_urls(content) + [f"/rss/{content.slug}/"]:
        first = client.get(url)
        assert first.status_code == 200, url
        assert first.has_header("ETag"), url
        assert first.has_header("Last-Modified"), url
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == first["ETag"]


def test_listing_pages_answer_304_to_if_modified_since(client, content):
    for url in listing_urls(content):
        first = client.get(url)
        stamp = first["Last-Modified"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304, url
        older = http_date(parse_http_date(stamp) - 3600)
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=older).status_code == 200, url


def test_an_edit_changes_the_etag_and_the_page_comes_in_full(client, content):
    first = client.get("/tin-tuc/")
    make_article("Tin mới đăng", category=content)
    again = client.get("/tin-tuc/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Tin mới đăng" in again.content.decode()


def test_last_modified_is_the_newest_change_and_moves_on_edits_and_deletes(
    content, django_capture_on_commit_callbacks
):
    now = timezone.now()
    first = last_modified(Article, now=now)
    newest = max(a.updated_at for a in content.articles.all())
    assert first >= newest.replace(microsecond=0)
    assert first <= now
    # Deleting an article changes the pages: the date moves forward.
    later = now + timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        content.articles.first().delete()
    assert last_modified(Article, now=later) >= later.replace(microsecond=0)


def test_scheduled_article_moves_last_modified_at_its_time(content):
    now = timezone.now().replace(microsecond=0)
    due = now + timedelta(minutes=30)
    make_article("Tin hẹn giờ", category=content, published_at=due)
    before = last_modified(Article, now=now + timedelta(minutes=1))
    assert before < due
    # The cached value is used until the publication time, not past it.
    assert last_modified(Article, now=now + timedelta(minutes=29)) == before
    assert last_modified(Article, now=due + timedelta(seconds=1)) == due


def test_last_modified_is_cached_between_requests(
    client, content, django_assert_max_num_queries
):
    client.get("/tin-tuc/")
    with django_assert_max_num_queries(20) as warm:
        client.get("/tin-tuc/")
    aggregate = [q for q in warm.captured_queries if "MAX(" in q["sql"].upper()]
    assert aggregate == []


def test_cached_page_keeps_its_etag_and_answers_304(client, content, settings):
    settings.PAGE_CACHE_ENABLED = True
    miss = client.get("/tin-tuc/")
    hit = client.get("/tin-tuc/")
    assert miss["X-Page-Cache"] == "miss"
    assert hit["X-Page-Cache"] == "hit"
    assert hit["ETag"] == miss["ETag"]
    assert hit["Last-Modified"] == miss["Last-Modified"]
    revalidated = client.get("/tin-tuc/", HTTP_IF_NONE_MATCH=miss["ETag"])
    assert revalidated.status_code == 304


def test_malformed_conditional_headers_give_the_full_page(client, content):
    for headers in [
        {"HTTP_IF_MODIFIED_SINCE": "không phải ngày"},
        {"HTTP_IF_MODIFIED_SINCE": "Sat, 99 Foo 2025 99:99:99 GMT"},
        {"HTTP_IF_NONE_MATCH": '"\x00"'},
        {"HTTP_IF_NONE_MATCH": "W/"},
    ]:
        response = client.get("/tin-tuc/", **headers)
        assert response.status_code == 200, headers
        assert "Tin thời sự" in response.content.decode()
