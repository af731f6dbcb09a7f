"""An article page served from the page cache counts toward its article with no
lookup: the page says which article it shows, and the cache keeps that with it.

A worker that has just started (after a deploy or a max-requests restart) used
to resolve the URL and query the database on its first counted view of each
article, and again every minute: a reader's page waited for both.
"""

import pytest
from django.test import RequestFactory

from analytics import middleware, services
from bulletins.models import Article
from portal import registry
from portal.pagecache.generation import page_cache
from portal.pagecache.middleware import page_key
from tests.factories import make_article

from .conftest import BROWSER_UA
from .helpers import stored_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_pages(settings, use_redis):
    settings.PAGE_CACHE_ENABLED = True
    settings.ANALYTICS_ASYNC = True  # as in production: the request only queues
    page_cache().clear()
    yield
    page_cache().clear()


def _view_counts(*articles):
    services.pageviews_drain()
    services.counts_flush()
    return [Article.objects.get(pk=a.pk).view_count for a in articles]


@pytest.mark.usefixtures("cached_pages")
def test_a_cached_article_counts_toward_its_article_without_a_query(
    reader, django_assert_num_queries
):
    article = make_article()
    other = make_article()
    url = article.get_absolute_url()
    assert reader.get(url).status_code == 200  # rendered and stored
    # A worker that has just started: nothing remembered about paths.
    middleware._path_ids.clear()

    with django_assert_num_queries(0):
        response = reader.get(url)
        again = reader.get(url)

    assert response.status_code == again.status_code == 200
    assert getattr(response, registry.COUNTED_ROW_ATTRIBUTE) == article.pk
    assert _view_counts(article, other) == [3, 0]
    assert stored_totals() == (3, 1)


@pytest.mark.usefixtures("cached_pages")
def test_a_cached_page_of_no_article_counts_toward_none(reader):
    article = make_article()
    reader.get("/lien-he/")
    middleware._path_ids.clear()

    assert reader.get("/lien-he/").status_code == 200

    assert _view_counts(article) == [0]
    assert stored_totals() == (2, 1)


@pytest.mark.usefixtures("cached_pages")
def test_a_page_stored_before_pages_named_their_article_still_counts(reader):
    """Pages stored by the previous version, still in the cache after a deploy,
    carry no article: it is looked up by the path, as before."""
    article = make_article()
    url = article.get_absolute_url()
    reader.get(url)
    request = RequestFactory().get(url, HTTP_USER_AGENT=BROWSER_UA)
    key = page_key(request)
    stored = page_cache().get(key)
    assert stored is not None and stored[5] == article.pk
    page_cache().set(key, stored[:5], 600)  # the previous version's entry
    middleware._path_ids.clear()

    response = reader.get(url)

    assert response.status_code == 200
    assert not hasattr(response, registry.COUNTED_ROW_ATTRIBUTE)
    assert _view_counts(article) == [2]
