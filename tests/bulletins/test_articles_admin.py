"""Admin: uploads refused with Vietnamese messages, actions, import/export, editor."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX

from bulletins.models import Article, Category, Tag
from bulletins.resources import ArticleResource, CategoryResource
from tests.factories import (
    image_file,
    make_article,
    make_category,
    make_staff,
    make_superuser,
    make_tag,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/quan-tri/bulletins/article/add/"


def _form(category, **extra):
    data = {
        "title": "Tin có ảnh",
        "slug": "",
        "category": category.pk,
        "lead": "",
        "body": "<p>Nội dung</p>",
        "authors": "",
        "photographer": "",
        "source_line": "",
        "issue_label": "",
        "featured_image_alt": "Ảnh hội nghị",
        "featured_image_caption": "",
        "featured_image_credit": "",
        "status": "draft",
        "published_at_0": "25/10/2021",
        "published_at_1": "14:06",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "slug_redirects-TOTAL_FORMS": "0",
        "slug_redirects-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_admin_creates_article_with_photo_and_local_time(client):
    client.force_login(make_superuser())
    cat = make_category("Tin tức")
    response = client.post(
        ADD_URL, _form(cat, featured_image=image_file("Ảnh Hội Nghị.JPG"))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.slug == "tin-co-anh"
    assert article.featured_image.name.startswith("articles/")
    assert article.featured_image.name.endswith(".jpg")
    assert "Hội" not in article.featured_image.name
    assert timezone.localtime(article.published_at).strftime("%d/%m/%Y %H:%M") == (
        "25/10/2021 14:06"
    )
    assert article.featured_image_width == 800


def test_admin_refuses_a_non_image_with_a_vietnamese_message(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_superuser())
    fake = SimpleUploadedFile("anh.jpg", b"<svg onload=alert(1)></svg>", "image/jpeg")
    response = client.post(ADD_URL, _form(make_category(), featured_image=fake))
    assert response.status_code == 200
    html = response.content.decode()
    assert "không phải là hình ảnh" in html
    assert not Article.objects.exists()


def test_admin_refuses_an_oversized_image_with_a_vietnamese_message(client, settings):
    import os

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.IMAGE_UPLOAD_MAX_BYTES = 100_000
    client.force_login(make_superuser())
    buffer = io.BytesIO()
    Image.frombytes("RGB", (300, 300), os.urandom(270_000)).save(buffer, "PNG")
    assert buffer.tell() > 100_000
    big = SimpleUploadedFile("lon.png", buffer.getvalue(), "image/png")
    response = client.post(ADD_URL, _form(make_category(), featured_image=big))
    assert response.status_code == 200
    html = response.content.decode()
    assert "tối đa cho phép là" in html
    assert not Article.objects.exists()


def test_admin_requires_alt_text_for_the_featured_photo(client):
    client.force_login(make_superuser())
    response = client.post(
        ADD_URL,
        _form(make_category(), featured_image=image_file(), featured_image_alt=""),
    )
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_admin_list_search_filters_and_thumbnail(client):
    client.force_login(make_superuser())
    make_article(
        "Hội nghị Đảng ủy",
        featured_image=image_file(),
        featured_image_alt="Ảnh",
    )
    make_article("Tin khác")
    response = client.get("/quan-tri/bulletins/article/?q=Hội nghị")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hội nghị Đảng ủy" in html and "Tin khác" not in html
    assert "/media/renditions/thumb/" in html
    for url in (
        "/quan-tri/bulletins/article/?status__exact=draft",
        "/quan-tri/bulletins/article/?published_at__year=2026",
        "/quan-tri/bulletins/category/",
        "/quan-tri/bulletins/tag/",
    ):
        assert client.get(url).status_code == 200


def test_bulk_publish_and_withdraw_actions(client):
    client.force_login(make_superuser())
    drafts = [make_article(f"Nháp {i}", status=Article.Status.DRAFT) for i in range(3)]
    url = "/quan-tri/bulletins/article/"
    client.post(
        url,
        {"action": "publish", "_selected_action": [a.pk for a in drafts[:2]]},
    )
    statuses = dict(Article.objects.values_list("title", "status"))
    assert statuses == {"Nháp 0": "published", "Nháp 1": "published", "Nháp 2": "draft"}
    # Withdrawing asks for a confirmation and a reason first.
    client.post(url, {"action": "withdraw", "_selected_action": [drafts[0].pk]})
    assert Article.objects.get(pk=drafts[0].pk).status == Article.Status.PUBLISHED
    client.post(
        url,
        {
            "action": "withdraw",
            "_selected_action": [drafts[0].pk],
            "confirmed": "1",
            "reason": "Trùng bài",
        },
    )
    assert Article.objects.get(pk=drafts[0].pk).status == Article.Status.WITHDRAWN
    client.post(url, {"action": "feature", "_selected_action": [drafts[1].pk]})
    assert Article.objects.get(pk=drafts[1].pk).is_featured


def _round_trip(resource_class, file_format, queryset_model):
    resource = resource_class()
    exported = file_format.export_data(resource.export())
    before = list(queryset_model.objects.order_by("pk").values())
    if isinstance(exported, str):
        exported = exported.encode()
    dataset = file_format.create_dataset(
        exported if file_format.is_binary() else exported.decode()
    )
    result = resource_class().import_data(dataset, dry_run=False, raise_errors=True)
    after = list(queryset_model.objects.order_by("pk").values())
    return result, before, after


@pytest.mark.parametrize("file_format", [CSV(), XLSX()], ids=["csv", "xlsx"])
def test_article_and_category_export_then_import_gives_the_same_data(file_format):
    parent = make_category("Tin tức", description='Mô tả, có dấu phẩy; và "ngoặc"')
    child = make_category("Hoạt động Đảng bộ", parent=parent, show_on_home=True)
    tag = make_tag("Đảng viên")
    make_article(
        "Hội nghị Đảng ủy",
        category=child,
        tags=[tag, make_tag("Chi bộ")],
        authors="Ngọc Triều",
        photographer="Thiên Dương",
        body="<p>Đoạn 1</p><p>Đoạn 2, có <strong>chữ đậm</strong></p>",
        issue_label="số 2-2018",
        is_featured=True,
    )
    make_article("Tin nháp", category=parent, status=Article.Status.DRAFT)
    tags_before = {
        a.slug: sorted(a.tags.values_list("name", flat=True))
        for a in Article.objects.all()
    }

    result, before, after = _round_trip(CategoryResource, file_format, Category)
    assert not result.has_errors() and before == after
    result, before, after = _round_trip(ArticleResource, file_format, Article)
    assert not result.has_errors()
    ignore = {"updated_at"}
    assert [{k: v for k, v in row.items() if k not in ignore} for row in before] == [
        {k: v for k, v in row.items() if k not in ignore} for row in after
    ]
    tags_after = {
        a.slug: sorted(a.tags.values_list("name", flat=True))
        for a in Article.objects.all()
    }
    assert tags_before == tags_after
    assert Tag.objects.count() == 2


def test_import_creates_new_articles_from_a_csv(client):
    make_category("Chuyển đổi số")
    csv = (
        "slug,title,category,status,published_at,is_featured,lead,body,authors,"
        "photographer,source_line,issue_label,tags,featured_image,featured_image_alt,"
        "featured_image_caption,featured_image_credit\n"
        ",Số hóa hồ sơ đảng viên,chuyen-doi-so,published,2024-05-01 08:00:00,0,"
        'Tóm tắt,"<p>Nội dung</p><script>x</script>",Thu Hà,,,,Chuyển đổi số,,,,\n'
    )
    dataset = CSV().create_dataset(csv)
    result = ArticleResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    article = Article.objects.get()
    assert article.slug == "so-hoa-ho-so-dang-vien"
    assert "<script" not in article.body
    assert list(article.tags.values_list("name", flat=True)) == ["Chuyển đổi số"]


def test_admin_export_csv_download(client):
    client.force_login(make_superuser())
    make_article("Hội nghị Đảng ủy")
    response = client.post(
        "/quan-tri/bulletins/article/export/",
        {
            "format": "0",
            "resource": "0",
            **{f"articleresource_{f}": "on" for f in ArticleResource._meta.fields},
        },
    )
    assert response.status_code == 200
    assert "Hội nghị Đảng ủy" in response.content.decode("utf-8-sig")


# --- CKEditor image upload ------------------------------------------------------

UPLOAD_URL = "/ckeditor5/image_upload/"


def _writer():
    """Staff who may write articles: only they may upload editor images."""
    from django.contrib.auth.models import Permission

    user = make_staff()
    user.user_permissions.add(
        Permission.objects.get(
            codename="add_article", content_type__app_label="bulletins"
        )
    )
    return user


def test_editor_upload_url_is_ours():
    assert reverse("ck_editor_5_upload_file") == UPLOAD_URL


def test_editor_upload_refuses_anonymous_and_non_staff(client, django_user_model):
    response = client.post(UPLOAD_URL, {"upload": image_file()})
    assert response.status_code == 403
    assert "không có quyền" in response.json()["error"]["message"]
    user = django_user_model.objects.create_user("bandoc", password="x")
    client.force_login(user)
    assert client.post(UPLOAD_URL, {"upload": image_file()}).status_code == 403


def test_editor_upload_refuses_non_images_and_bombs(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(_writer())
    svg = SimpleUploadedFile(
        "a.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/png"
    )
    response = client.post(UPLOAD_URL, {"upload": svg})
    assert response.status_code == 400
    assert "không phải là ảnh hợp lệ" in response.json()["error"]["message"]
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000
    response = client.post(UPLOAD_URL, {"upload": image_file(size=(100, 100))})
    assert response.status_code == 400
    assert client.post(UPLOAD_URL, {}).status_code == 400


def test_editor_upload_accepts_a_staff_image_with_a_safe_name(client):
    client.force_login(_writer())
    response = client.post(UPLOAD_URL, {"upload": image_file("Ảnh Đại hội (1).JPG")})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/editor/")
    assert "anh-dai-hoi-1-" in url and url.endswith(".jpg")


def test_editor_upload_checks_csrf(client):
    from django.test import Client

    staff = make_staff()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)
    assert strict.post(UPLOAD_URL, {"upload": image_file()}).status_code == 403


def test_admin_change_page_with_photos_and_view_on_site(client):
    from bulletins.models import ArticlePhoto

    client.force_login(make_superuser())
    article = make_article("Bài nháp có ảnh", status=Article.Status.DRAFT)
    ArticlePhoto.objects.create(
        article=article, image=image_file(), alt_text="Ảnh", caption="Chú thích ảnh"
    )
    response = client.get(f"/quan-tri/bulletins/article/{article.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chú thích ảnh" in html
    assert "/media/renditions/thumb/" in html
    # Unpublished: "view on site" goes through the staff preview.
    assert f'href="/tin-tuc/{article.slug}/xem-truoc/"' in html
    assert client.get("/quan-tri/bulletins/article/import/").status_code == 200
    assert client.get("/quan-tri/bulletins/category/import/").status_code == 200
