"""Slugs, redirects, sanitizing, NFC, publication rule of articles."""

import unicodedata
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bulletins.models import Article, Category, SlugRedirect
from tests.factories import image_file, make_article, make_category

pytestmark = pytest.mark.django_db


def test_slug_from_title_with_d_stroke_and_every_tone_mark():
    article = make_article(
        "Đảng bộ đề ra nghị quyết: à á ả ã ạ, ằ ắ ẳ ẵ ặ, ầ ấ ẩ ẫ ậ, ề ế ể ễ ệ, "
        "ì í ỉ ĩ ị, ồ ố ổ ỗ ộ, ờ ớ ở ỡ ợ, ừ ứ ử ữ ự, ỳ ý ỷ ỹ ỵ ĐÔNG"
    )
    assert article.slug == (
        "dang-bo-de-ra-nghi-quyet-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-e-e-e-e-e-"
        "i-i-i-i-i-o-o-o-o-o-o-o-o-o-o-u-u-u-u-u-y-y-y-y-y-dong"
    )
    assert article.get_absolute_url() == f"/tin-tuc/{article.slug}/"


def test_same_title_twice_gets_distinct_slugs():
    first = make_article("Hội nghị Ban Chấp hành Đảng bộ")
    second = make_article("Hội nghị Ban Chấp hành Đảng bộ")
    assert first.slug == "hoi-nghi-ban-chap-hanh-dang-bo"
    assert second.slug == "hoi-nghi-ban-chap-hanh-dang-bo-2"


def test_slug_stays_when_title_is_edited(client):
    article = make_article("Chi bộ sinh hoạt tháng 10")
    article.title = "Chi bộ Văn phòng sinh hoạt chuyên đề tháng 10"
    article.save()
    article.refresh_from_db()
    assert article.slug == "chi-bo-sinh-hoat-thang-10"
    assert not SlugRedirect.objects.exists()
    assert client.get("/tin-tuc/chi-bo-sinh-hoat-thang-10/").status_code == 200


def test_old_slug_redirects_permanently_after_staff_change_it(client):
    article = make_article("Chi bộ sinh hoạt tháng 10")
    article.slug = "chi-bo-van-phong-sinh-hoat-thang-10"
    article.save()
    response = client.get("/tin-tuc/chi-bo-sinh-hoat-thang-10/")
    assert response.status_code == 301
    assert response["Location"] == "/tin-tuc/chi-bo-van-phong-sinh-hoat-thang-10/"
    # Changing it back removes the loop: the current slug never redirects.
    article.slug = "chi-bo-sinh-hoat-thang-10"
    article.save()
    assert client.get("/tin-tuc/chi-bo-sinh-hoat-thang-10/").status_code == 200
    assert (
        client.get("/tin-tuc/chi-bo-van-phong-sinh-hoat-thang-10/").status_code == 301
    )


def test_old_slug_of_a_draft_does_not_redirect(client):
    article = make_article("Tin sắp đăng", status=Article.Status.DRAFT)
    article.slug = "tin-moi"
    article.save()
    assert client.get("/tin-tuc/tin-sap-dang/").status_code == 404


def test_staff_preview_at_an_old_slug_follows_to_the_preview_of_the_new_one(
    admin_client,
):
    article = make_article("Tin sắp đăng", status=Article.Status.DRAFT)
    article.slug = "tin-moi"
    article.save()
    response = admin_client.get("/tin-tuc/tin-sap-dang/xem-truoc/", follow=True)
    assert response.redirect_chain[0] == ("/tin-tuc/tin-moi/xem-truoc/", 301)
    assert response.status_code == 200
    assert "Tin sắp đăng" in response.content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        '<p>Tin</p><script>alert("x")</script>',
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">bấm</a>',
        '<p style="display:none" onclick="alert(1)">ẩn</p>',
        '<iframe src="https://evil.example/"></iframe>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_body_is_sanitized_on_save_and_on_the_page(client, payload):
    article = make_article("Bài có mã độc", body=payload)
    article.refresh_from_db()
    stored = article.body.lower()
    for bad in (
        "<script",
        "onerror",
        "javascript:",
        "onclick",
        "style=",
        "<iframe",
        "<svg",
    ):
        assert bad not in stored
    page = client.get(article.get_absolute_url()).content.decode().lower()
    assert "alert(" not in page
    assert "javascript:" not in page


def test_title_and_caption_with_markup_are_shown_as_text(client):
    article = make_article(
        "<b>Tiêu đề</b> <script>alert(1)</script>",
        featured_image=image_file(),
        featured_image_alt="Ảnh hội nghị",
        featured_image_caption='<img src=x onerror="alert(2)">Chú thích',
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Tiêu đề&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;Chú thích" in html
    assert "<script>alert(1)" not in html


def test_text_is_stored_in_nfc_and_search_text_is_folded():
    decomposed = unicodedata.normalize("NFD", "Đảng bộ Sở tổ chức hội nghị")
    article = make_article(decomposed, lead=unicodedata.normalize("NFD", "Sáng nay"))
    article.refresh_from_db()
    assert article.title == unicodedata.normalize("NFC", decomposed)
    assert article.lead == "Sáng nay"
    assert "dang bo so to chuc hoi nghi" in article.search_text
    assert "noi dung bai viet ve hoat dong cua dang bo" in article.search_text


def test_publication_rule_with_explicit_times():
    now = timezone.now()
    past = make_article("Đã đăng", published_at=now - timedelta(minutes=1))
    future = make_article("Hẹn giờ", published_at=now + timedelta(hours=2))
    draft = make_article(
        "Nháp", status=Article.Status.DRAFT, published_at=now - timedelta(days=1)
    )
    withdrawn = make_article(
        "Đã gỡ", status=Article.Status.WITHDRAWN, published_at=now - timedelta(days=1)
    )
    assert list(Article.objects.published(now=now)) == [past]
    assert past.is_published(now=now)
    assert not future.is_published(now=now)
    assert future.is_scheduled
    assert not draft.is_published(now=now) and not withdrawn.is_published(now=now)
    # When the time comes the scheduled article appears by itself.
    later = now + timedelta(hours=3)
    assert set(Article.objects.published(now=later)) == {past, future}
    assert future.is_published(now=later)


def test_featured_photo_needs_a_text_alternative():
    article = Article(
        title="Ảnh không có mô tả",
        category=make_category(),
        featured_image=image_file(),
    )
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "featured_image_alt" in error.value.message_dict


def test_category_has_only_two_levels():
    top = make_category("Tin tức")
    child = make_category("Hoạt động Đảng bộ", parent=top)
    grandchild = Category(name="Cấp ba", parent=child)
    with pytest.raises(ValidationError):
        grandchild.full_clean()
    assert child.slug == "hoat-dong-dang-bo"
