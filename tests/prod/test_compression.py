"""Gzip of pages where no web server in front does it (portal/compression.py)."""

import gzip

import pytest
from django.conf import settings as django_settings

from portal.pagecache import middleware

pytestmark = pytest.mark.django_db

HIT = middleware.STATUS_HEADER
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    return settings


def test_gzip_sits_above_the_etag_and_the_page_cache():
    order = django_settings.MIDDLEWARE
    gzip_at = order.index("portal.compression.GZipMiddleware")
    # Only the site's resolution and the visitor counter sit above it (the
    # counter must see 304s and count pages).
    assert order[:gzip_at] == [
        "portal.sites.SiteMiddleware",
        "analytics.middleware.CounterMiddleware",
    ]
    assert gzip_at < order.index(
        "portal.pagecache.conditional.ListingConditionalGetMiddleware"
    )
    assert gzip_at < order.index("portal.pagecache.middleware.PageCacheMiddleware")


def test_pages_are_stored_plain_and_compressed_on_the_way_out(client, page_cache):
    first = client.get("/", **GZIP)
    assert first[HIT] == "miss"
    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"]
    page = gzip.decompress(first.content)
    assert page.startswith(b"<!DOCTYPE html>")
    assert len(first.content) < len(page) / 2

    # The cache holds the page itself, not one reader's compressed copy: a
    # reader who takes no gzip is served the stored page as it is.
    plain = client.get("/")
    assert plain[HIT] == "hit"
    assert "Content-Encoding" not in plain
    assert plain.content == page

    again = client.get("/", **GZIP)
    assert again[HIT] == "hit"
    assert again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == page


def test_the_etag_is_the_pages_and_a_current_copy_gets_a_304(client, page_cache):
    plain = client.get("/")
    compressed = client.get("/", **GZIP)
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    revalidated = client.get("/", HTTP_IF_NONE_MATCH=compressed["ETag"], **GZIP)
    assert revalidated.status_code == 304


def test_json_is_compressed_but_images_are_not(client, settings, tmp_path):
    response = client.get("/sitemap.xml", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "anh.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 4000)
    image = client.get("/media/anh.jpg", **GZIP)
    assert image.status_code == 200
    assert "Content-Encoding" not in image
