"""Photos are offered in renditions (srcset/sizes), so a browser fetches no more
than its box needs; logos keep their transparency."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image, ImageDraw

from bulletins.models import ArticlePhoto
from portal import images
from portal.models import SiteProfile
from tests.factories import image_file, make_article

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load portal_tags %}" + source).render(Context(context))


def test_picture_offers_each_width_once_and_keeps_the_largest_size():
    article = make_article(
        "Ảnh lớn",
        featured_image=image_file(size=(1200, 800)),
        featured_image_alt="Ảnh",
    )
    html = render(
        '{% picture a.featured_image "small thumb column" sizes="11rem" alt="Ảnh" %}',
        a=article,
    )
    small, thumb, column = (
        images.rendition(article.featured_image, name)
        for name in ("small", "thumb", "column")
    )
    assert f'src="{small.url}"' in html
    assert f'srcset="{small.url} 180w, {thumb.url} 360w, {column.url} 820w"' in html
    assert 'sizes="11rem"' in html
    # The largest rendition gives the intrinsic size: a wide box is filled.
    assert 'width="820" height="547"' in html
    assert 'loading="lazy"' in html and 'alt="Ảnh"' in html


def test_small_originals_are_not_offered_twice():
    article = make_article(
        "Ảnh nhỏ", featured_image=image_file(size=(300, 200)), featured_image_alt="Ảnh"
    )
    html = render('{% picture a.featured_image "small thumb column" %}', a=article)
    widths = re.findall(r" (\d+)w", html)
    assert widths == ["180", "300"]


def test_a_fixed_box_gets_1x_and_2x_and_priority_photos_are_not_lazy():
    article = make_article(
        "Chân dung", featured_image=image_file(size=(600, 800)), featured_image_alt="A"
    )
    html = render(
        '{% picture a.featured_image "portrait portrait2x" density=True priority=True %}',
        a=article,
    )
    one, two = (
        images.rendition(article.featured_image, name)
        for name in ("portrait", "portrait2x")
    )
    assert f'srcset="{one.url} 1x, {two.url} 2x"' in html
    assert 'width="120" height="160"' in html
    assert 'fetchpriority="high"' in html and "loading=" not in html


def test_attributes_are_escaped():
    article = make_article(
        "Ảnh", featured_image=image_file(size=(400, 300)), featured_image_alt="x"
    )
    html = render(
        '{% picture a.featured_image "thumb" alt=text %}',
        a=article,
        text='"><script>alert(1)</script>',
    )
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html


def test_no_file_gives_nothing():
    assert render('{% picture a.featured_image "thumb" %}', a=make_article()) == ""


def test_the_logo_stays_a_transparent_png():
    disc = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    ImageDraw.Draw(disc).ellipse((0, 0, 511, 511), fill=(176, 18, 26, 255))
    buffer = io.BytesIO()
    disc.save(buffer, "PNG")
    profile = SiteProfile.objects.current()
    profile.logo = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    profile.save()
    logo = images.rendition(profile.logo, "logo2x")
    assert logo.url.endswith(".png") and (logo.width, logo.height) == (128, 128)
    with default_storage.open(logo.url.removeprefix("/media/")) as handle:
        with Image.open(handle) as picture:
            assert picture.format == "PNG"
            pixels = picture.convert("RGBA")
            assert pixels.getpixel((0, 0))[3] == 0  # the corner stays see-through
            assert pixels.getpixel((64, 64))[3] > 250


def test_article_photos_and_body_images_are_offered_for_the_column(client, settings):
    article = make_article(
        "Bài có ảnh",
        featured_image=image_file(size=(1600, 1000)),
        featured_image_alt="Ảnh đầu bài",
    )
    ArticlePhoto.objects.create(
        article=article, image=image_file(size=(1600, 1000)), alt_text="Ảnh 1"
    )
    name = default_storage.save("editor/anh.jpg", image_file(size=(1600, 1000)))
    article.body = f'<p><img src="{settings.MEDIA_URL}{name}" alt="Ảnh trong bài"></p>'
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    sizes = f'sizes="{images.COLUMN_SIZES}"'
    assert html.count(sizes) == 3
    assert html.count(" 360w, ") == 3
