"""Canonical URL, description, Open Graph and Twitter card tags."""

from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests.factories import image_file, make_article, make_category, make_document

pytestmark = pytest.mark.django_db


class HeadTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}
        self.links = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.links["canonical"] = attrs["href"]


def head(response):
    assert response.status_code == 200
    parser = HeadTags()
    parser.feed(response.content.decode())
    return parser


def test_article_page_has_a_share_card_with_the_share_rendition(client):
    article = make_article(
        'Đảng bộ tỉnh "Quyết tâm" <đổi mới>',
        lead="Sáng 25/10, Đảng bộ tỉnh khai mạc Đại hội đại biểu lần thứ XV.",
        category=make_category("Xây dựng Đảng"),
        featured_image=image_file(size=(2000, 1200)),
        featured_image_alt="Quang cảnh Đại hội",
    )
    tags = head(client.get(article.get_absolute_url()))
    url = f"http://testserver{article.get_absolute_url()}"
    assert tags.links["canonical"] == url
    meta = tags.meta
    assert meta["description"] == article.lead
    assert meta["og:type"] == "article"
    assert meta["og:locale"] == "vi_VN"
    assert meta["og:title"] == 'Đảng bộ tỉnh "Quyết tâm" <đổi mới>'
    assert meta["og:description"] == article.lead
    assert meta["og:url"] == url
    assert meta["og:image"].startswith("http://testserver/media/renditions/share/")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == "Quang cảnh Đại hội"
    assert meta["article:section"] == "Xây dựng Đảng"
    assert meta["article:published_time"].endswith("+07:00")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:title"] == meta["og:title"]
    assert meta["twitter:image"] == meta["og:image"]
    # The image behind the URL really is a 1200x630 JPEG.
    name = meta["og:image"].removeprefix("http://testserver/media/")
    with default_storage.open(name) as handle, Image.open(handle) as image:
        assert image.size == (1200, 630)
        assert image.format == "JPEG"


def test_article_without_photo_falls_back_to_a_small_card(client):
    article = make_article("Tin không ảnh", lead="")
    meta = head(client.get(article.get_absolute_url())).meta
    assert meta["og:description"] == "Tin không ảnh"
    assert "og:image" not in meta
    assert meta["twitter:card"] == "summary"


def test_other_pages_have_sensible_defaults(client):
    category = make_category("Kinh tế", description="Tin kinh tế của tỉnh.")
    for i in range(20):
        make_article(f"Tin kinh tế {i}", category=category)
    home = head(client.get("/"))
    assert home.links["canonical"] == "http://testserver/"
    assert home.meta["og:type"] == "website"
    assert home.meta["og:locale"] == "vi_VN"
    assert home.meta["og:url"] == "http://testserver/"

    page = head(client.get(category.get_absolute_url(), {"trang": 2, "utm": "x"}))
    url = f"http://testserver{category.get_absolute_url()}"
    assert page.links["canonical"] == f"{url}?trang=2"
    assert page.meta["og:title"].startswith("Kinh tế — ")
    assert page.meta["og:description"] == "Tin kinh tế của tỉnh."
    first = head(client.get(category.get_absolute_url(), {"trang": 1}))
    assert first.links["canonical"] == url


def test_document_page_has_its_own_canonical_and_description(client):
    document = make_document(
        "Kế hoạch tổ chức Đại hội", number="42-KH/ĐUK", abstract="Về nhân sự."
    )
    tags = head(client.get(document.get_absolute_url()))
    assert tags.links["canonical"] == f"http://testserver{document.get_absolute_url()}"
    assert tags.meta["og:title"] == "42-KH/ĐUK Kế hoạch tổ chức Đại hội"
    assert tags.meta["og:description"] == "Về nhân sự."
