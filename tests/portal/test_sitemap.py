"""/sitemap.xml (an index of sections) and /robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from bulletins.models import Article
from tests.factories import make_article, make_category, make_congress, make_document

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def all_locations(client, host="http://testserver"):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    root = ET.fromstring(index.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = {}
    for loc in root.findall("sm:sitemap/sm:loc", NS):
        url = loc.text
        assert url.startswith(f"{host}/sitemap-")
        section = client.get(url.removeprefix(host))
        assert section.status_code == 200
        for entry in ET.fromstring(section.content).findall("sm:url", NS):
            locations[entry.findtext("sm:loc", namespaces=NS)] = entry.findtext(
                "sm:lastmod", namespaces=NS
            )
    return locations


def test_sitemap_lists_what_readers_can_open(client):
    now = timezone.now()
    category = make_category("Xây dựng Đảng")
    hidden = make_category("Ẩn", is_active=False)
    article = make_article("Tin đã đăng", category=category)
    draft = make_article("Bản nháp", category=category, status=Article.Status.DRAFT)
    future = make_article(
        "Hẹn giờ", category=category, published_at=now + timedelta(days=1)
    )
    document = make_document("Kế hoạch số 1")
    later = make_document("Kế hoạch ngày mai", published_at=now + timedelta(days=1))
    congress = make_congress()
    unpublished = make_congress(is_published=False)

    locations = all_locations(client)
    host = "http://testserver"
    for url in [
        "/",
        "/tin-tuc/",
        "/van-ban/",
        "/dai-hoi/",
        article.get_absolute_url(),
        category.get_absolute_url(),
        document.get_absolute_url(),
        congress.get_absolute_url(),
        f"{congress.get_absolute_url()}tu-lieu/",
    ]:
        assert host + url in locations
    for url in [
        draft.get_absolute_url(),
        future.get_absolute_url(),
        hidden.get_absolute_url(),
        later.get_absolute_url(),
        unpublished.get_absolute_url(),
    ]:
        assert host + url not in locations
    local = timezone.localtime(max(article.updated_at, article.published_at))
    assert locations[host + article.get_absolute_url()] == local.strftime("%Y-%m-%d")


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /quan-tri/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-khong-co.xml").status_code == 404
