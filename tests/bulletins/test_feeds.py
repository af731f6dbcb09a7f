"""RSS 2.0 feeds: /rss/ and /rss/<category>/."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from bulletins.models import Article
from portal.models import SiteProfile
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

RFC822_GMT7 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0700$"
)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root.find("channel")


def test_feed_is_valid_rss_with_vietnamese_text_and_absolute_links(client):
    category = make_category("Xây dựng Đảng")
    published = timezone.make_aware(timezone.datetime(2025, 10, 25, 7, 6))
    make_article(
        "Đảng bộ tỉnh tổng kết công tác năm",
        lead="Chiều 25/10, Đảng bộ tỉnh tổ chức hội nghị <tổng kết> & khen thưởng.",
        category=category,
        published_at=published,
    )
    channel = parse(client.get("/rss/"))
    assert channel.findtext("title") == SiteProfile.objects.current().site_name
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("language") == "vi"
    (item,) = channel.findall("item")
    assert item.findtext("title") == "Đảng bộ tỉnh tổng kết công tác năm"
    assert item.findtext("description") == (
        "Chiều 25/10, Đảng bộ tỉnh tổ chức hội nghị <tổng kết> & khen thưởng."
    )
    link = item.findtext("link")
    assert re.fullmatch(r"http://testserver/tin-tuc/[a-z0-9-]+/", link)
    assert item.findtext("guid") == link
    assert item.findtext("category") == "Xây dựng Đảng"
    pub_date = item.findtext("pubDate")
    # 00:06 UTC is 07:06 in GMT+7.
    assert pub_date == "Sat, 25 Oct 2025 07:06:00 +0700"
    assert RFC822_GMT7.match(pub_date)
    assert parsedate_to_datetime(pub_date) == published


def test_feed_lists_only_published_articles_newest_first_at_most_20(client):
    now = timezone.now()
    for i in range(23):
        make_article(f"Tin đã đăng {i:02d}", published_at=now - timedelta(hours=i + 1))
    make_article("Bản nháp", status=Article.Status.DRAFT)
    make_article("Chờ duyệt", status=Article.Status.REVIEW)
    make_article("Đã gỡ", status=Article.Status.WITHDRAWN)
    make_article("Hẹn giờ ngày mai", published_at=now + timedelta(days=1))
    channel = parse(client.get("/rss/"))
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [f"Tin đã đăng {i:02d}" for i in range(20)]
    for item in channel.findall("item"):
        assert RFC822_GMT7.match(item.findtext("pubDate"))


def test_category_feed_has_the_category_and_its_children_only(client):
    parent = make_category("Tin tức")
    child = make_category("Tin cơ sở", parent=parent)
    other = make_category("Văn hóa")
    make_article("Tin ở chuyên mục cha", category=parent)
    make_article("Tin ở chuyên mục con", category=child)
    make_article("Tin văn hóa", category=other)
    channel = parse(client.get(f"/rss/{parent.slug}/"))
    titles = {item.findtext("title") for item in channel.findall("item")}
    assert titles == {"Tin ở chuyên mục cha", "Tin ở chuyên mục con"}
    assert channel.findtext("link") == f"http://testserver{parent.get_absolute_url()}"
    assert "Tin tức" in channel.findtext("title")


def test_unknown_or_hidden_category_feed_is_404(client):
    hidden = make_category("Ẩn", is_active=False)
    for path in ["/rss/khong-co/", f"/rss/{hidden.slug}/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "Không tìm thấy" in response.content.decode()


def test_pages_link_to_the_feeds(client):
    category = make_category("Kinh tế")
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/rss/"' in home
    page = client.get(category.get_absolute_url()).content.decode()
    assert f'href="/rss/{category.slug}/"' in page
