"""Export then import of every article the site holds, photos included, changes
nothing; the file's headers are Vietnamese (issue 16)."""

from io import StringIO

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from bulletins.models import Article
from bulletins.resources import ArticleResource
from tests.factories import image_file

from .test_import_export import CONFIRM_URL, IMPORT_URL, confirm_fields

pytestmark = pytest.mark.django_db

EXPORT_URL = "/quan-tri/bulletins/article/export/"
COMPARED = [
    field for field in ArticleResource._meta.fields if field not in {"tags", "category"}
]


def edited(dataset, values):
    rows = dataset.dict
    for row in rows:
        row.update(values)
    result = tablib.Dataset()
    result.dict = rows
    return result


def snapshot():
    return {
        row["slug"]: row
        for row in Article.objects.values(*COMPARED, "category__slug", "pk")
    } | {
        f"{a.slug}#tags": sorted(a.tags.values_list("name", flat=True))
        for a in Article.objects.prefetch_related("tags")
    }


def test_export_then_import_of_every_demo_article_with_photos_changes_nothing(
    roles, login
):
    call_command("seed_demo", stdout=StringIO())
    # One more photo uploaded the way staff do it, in the admin's form field.
    article = Article.objects.order_by("pk").first()
    article.featured_image = image_file("anh-tai-len.jpg")
    article.featured_image_alt = "Ảnh tải lên trong trang quản trị"
    article.save()
    assert Article.objects.exclude(featured_image="").count() >= 2
    before = snapshot()

    client = login(roles.head)
    exported = client.post(
        EXPORT_URL,
        {
            "format": "0",
            "resource": "0",
            **{
                f"articleresource_{name}": "on" for name in ArticleResource._meta.fields
            },
        },
    )
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Đường dẫn,Tiêu đề,Chuyên mục,Trạng thái")
    assert "featured_image" not in header and "Ảnh đại diện" in header

    # Rows are matched by slug; unchanged ones are validated and then skipped.
    changed = text
    preview = client.post(
        IMPORT_URL,
        {
            "import_file": SimpleUploadedFile(
                "tin-bai.csv", changed.encode("utf-8"), content_type="text/csv"
            ),
            "format": "0",
            "resource": "0",
        },
    )
    html = preview.content.decode()
    assert "Lỗi" not in html and "I/O operation" not in html, html[-3000:]
    assert "Xác nhận nhập" in html
    assert client.post(CONFIRM_URL, confirm_fields(html)).status_code == 302
    assert snapshot() == before


def test_every_article_edited_in_the_file_imports_and_keeps_its_photo(roles, login):
    call_command("seed_demo", stdout=StringIO())
    article = Article.objects.order_by("pk").first()
    article.featured_image = image_file("anh-tai-len.jpg")
    article.featured_image_alt = "Ảnh tải lên trong trang quản trị"
    article.save()
    photos = dict(Article.objects.values_list("slug", "featured_image"))
    dataset = edited(ArticleResource().export(), {"Sapo": "Sapo sửa trong bảng tính"})
    result = ArticleResource().import_data(dataset, raise_errors=True)
    assert result.totals["update"] == len(photos)
    assert set(Article.objects.values_list("lead", flat=True)) == {
        "Sapo sửa trong bảng tính"
    }
    assert dict(Article.objects.values_list("slug", "featured_image")) == photos


def test_a_photo_path_the_storage_does_not_hold_is_a_vietnamese_row_error(roles, login):
    call_command("seed_demo", stdout=StringIO())
    article = Article.objects.order_by("pk").first()
    dataset = ArticleResource().export(queryset=Article.objects.filter(pk=article.pk))
    dataset = edited(dataset, {"Ảnh đại diện": "../../etc/passwd"})
    result = ArticleResource().import_data(dataset)
    assert result.has_validation_errors() or result.has_errors()
    errors = str(
        [row.error_dict for row in result.invalid_rows]
        + [error.error for row in result.row_errors() for error in row[1]]
    )
    assert "Không có ảnh" in errors
