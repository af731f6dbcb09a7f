"""Renditions are made once with known sizes; the demo content is idempotent."""

import pytest
from django.core.files.storage import default_storage

from bulletins.models import Article, ArticlePhoto, Category
from portal import images
from tests.factories import image_file, make_article

pytestmark = pytest.mark.django_db


def test_renditions_have_the_promised_sizes_and_are_made_once():
    article = make_article(
        "Bài có ảnh lớn",
        featured_image=image_file(size=(2400, 1600), fmt="PNG", name="lon.png"),
        featured_image_alt="Ảnh",
    )
    thumb = images.rendition(article.featured_image, "thumb")
    column = images.rendition(article.featured_image, "column")
    share = images.rendition(article.featured_image, "share")
    assert (thumb.width, thumb.height) == (360, 240)
    assert (column.width, column.height) == (820, 547)
    assert (share.width, share.height) == (1200, 630)
    from PIL import Image

    for rendition in (thumb, column, share):
        name = rendition.url.removeprefix("/media/")
        with default_storage.open(name) as handle, Image.open(handle) as img:
            assert img.size == (rendition.width, rendition.height)
            assert img.format == "JPEG"
    name = column.url.removeprefix("/media/")
    first_time = default_storage.get_modified_time(name)
    again = images.rendition(article.featured_image, "column")
    assert again == column
    assert default_storage.get_modified_time(name) == first_time


def test_small_images_are_never_upscaled():
    article = make_article(
        "Ảnh nhỏ", featured_image=image_file(size=(200, 100)), featured_image_alt="Ảnh"
    )
    column = images.rendition(article.featured_image, "column")
    assert (column.width, column.height) == (200, 100)


def test_body_image_outside_media_is_left_but_made_lazy():
    html = images.render_body_images(
        '<p><img src="https://example.vn/a.jpg" alt="Ảnh ngoài"></p>'
    )
    assert 'src="https://example.vn/a.jpg"' in html
    assert 'loading="lazy"' in html and 'alt="Ảnh ngoài"' in html


def test_missing_body_image_does_not_break_the_page(client, settings):
    article = make_article(
        "Ảnh đã bị xóa",
        body=f'<figure class="image"><img src="{settings.MEDIA_URL}khong-co.jpg" '
        'alt="Ảnh"><figcaption>Chú thích</figcaption></figure>',
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Chú thích" in response.content.decode()


def test_demo_articles_are_seeded_once(client):
    from bulletins import demo

    demo.seed()
    counts = (
        Article.objects.count(),
        ArticlePhoto.objects.count(),
        Category.objects.count(),
    )
    demo.seed()
    assert counts == (
        Article.objects.count(),
        ArticlePhoto.objects.count(),
        Category.objects.count(),
    )
    assert Article.objects.published().count() >= 28
    assert Article.objects.exclude(status=Article.Status.PUBLISHED).exists()
    assert any(a.is_scheduled for a in Article.objects.all())
    for slug in ("tin-tuc", "hoat-dong-dang-bo", "khoa-hoc-va-cong-nghe"):
        assert client.get(f"/chuyen-muc/{slug}/").status_code == 200
    home = client.get("/").content.decode()
    assert "Tin nổi bật" in home and "Tin mới nhất" in home
    article = Article.objects.published().filter(photos__isnull=False).first()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<figcaption>" in html and "(Ảnh: " in html
