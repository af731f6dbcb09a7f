"""Admin import/export: permissions per role, preview, confirm, all-or-nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bulletins.models import Article
from bulletins.resources import ArticleResource
from tests.factories import make_category

pytestmark = pytest.mark.django_db

IMPORT_URL = "/quan-tri/bulletins/article/import/"
CONFIRM_URL = "/quan-tri/bulletins/article/process_import/"
HEADER = (
    "slug,title,category,status,published_at,is_featured,lead,body,authors,"
    "photographer,source_line,issue_label,tags,featured_image,featured_image_alt,"
    "featured_image_caption,featured_image_credit\n"
)


def row(title, category="tin-tuc", status="draft"):
    return f",{title},{category},{status},2024-05-01 08:00:00,0,Tóm tắt,<p>Nội dung</p>,Thu Hà,,,,,,,,\n"


def upload(text, name="tin-bai.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def preview(client, text):
    return client.post(IMPORT_URL, {"import_file": upload(text), "format": "0"})


def confirm_fields(html):
    form = html[html.index('action="/quan-tri/bulletins/article/process_import/"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', form))


@pytest.fixture
def category():
    return make_category("Tin tức", slug="tin-tuc")


def test_import_is_only_for_the_head_and_the_administrators(roles, login, category):
    for user in (roles.reporter, roles.editor):
        client = login(user)
        assert client.get(IMPORT_URL).status_code == 403
        assert preview(client, HEADER + row("Tin mới")).status_code == 403
        assert client.post(CONFIRM_URL, {"format": "0"}).status_code == 403
        assert (
            'href="/quan-tri/bulletins/article/import/"'
            not in client.get("/quan-tri/bulletins/article/").content.decode()
        )
    for user in (roles.head, roles.admin):
        assert login(user).get(IMPORT_URL).status_code == 200
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        # Drafts leave the site in an export: the head of the board decides.
        ("/quan-tri/bulletins/article/export/", {"head"}),
        ("/quan-tri/bulletins/category/export/", {"head"}),
        # Citizens' feedback: those who moderate it (editors and the head).
        ("/quan-tri/congress/feedback/export/", {"editor", "head"}),
        ("/quan-tri/polls/pollresult/export/", {"head", "admin"}),
        ("/quan-tri/analytics/dailystat/export/", {"head", "admin"}),
    ],
)
def test_export_needs_the_export_permission(roles, login, url, allowed):
    for key in ("reporter", "editor", "head", "admin"):
        status = login(getattr(roles, key)).get(url).status_code
        assert status == (200 if key in allowed else 403), (key, url, status)


def test_preview_changes_nothing_until_confirmed(roles, login, category):
    client = login(roles.head)
    response = preview(client, HEADER + row("Tin thứ nhất") + row("Tin thứ hai"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xác nhận nhập" in html and "Tin thứ hai" in html
    assert not Article.objects.exists()

    response = client.post(CONFIRM_URL, confirm_fields(html))
    assert response.status_code == 302
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Tin thứ hai",
        "Tin thứ nhất",
    ]


def test_preview_shows_row_errors_in_vietnamese_and_offers_no_confirm(
    roles, login, category
):
    client = login(roles.head)
    text = (
        HEADER
        + row("Tin đúng")
        + row("Tin sai chuyên mục", category="khong-co")
        + row("")
    )
    html = preview(client, text).content.decode()
    assert "Một số dòng có dữ liệu không hợp lệ" in html
    assert "Không có chuyên mục nào có đường dẫn “khong-co”" in html
    assert "Trường này không được để trắng." in html  # empty title, in Vietnamese
    assert "Xác nhận nhập" not in html
    assert not Article.objects.exists()


def test_forged_confirm_of_a_file_with_a_bad_row_changes_nothing(
    roles, login, category
):
    client = login(roles.head)
    good = preview(
        client, HEADER + row("Tin đúng 1") + row("Tin đúng 2")
    ).content.decode()
    fields = confirm_fields(good)
    # Replace the stored file by one with a bad row among good ones.
    from import_export.tmp_storages import MediaStorage, TempFolderStorage

    bad = HEADER + row("Tin đúng 1") + row("", category="khong-co") + row("Tin đúng 2")
    for storage_class in (TempFolderStorage, MediaStorage):
        storage = storage_class(name=fields["import_file_name"], encoding="utf-8")
        try:
            storage.read()
        except (FileNotFoundError, OSError):
            continue
        storage.save(bad)
        break
    else:
        pytest.fail("the previewed import file was not found in any storage")
    response = client.post(CONFIRM_URL, fields)
    assert response.status_code in {200, 302}
    assert not Article.objects.exists()


def test_failed_import_rolls_back_every_row(category):
    from import_export.formats.base_formats import CSV

    text = (
        HEADER
        + row("Tin đúng 1")
        + row("Tin lỗi", category="khong-co")
        + row("Tin đúng 2")
    )
    result = ArticleResource().import_data(
        CSV().create_dataset(text),
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    assert result.has_validation_errors()
    assert not Article.objects.exists()


def test_administrator_cannot_import_published_articles(roles, login, category):
    client = login(roles.admin)
    html = preview(
        client, HEADER + row("Tin đăng ngay", status="published")
    ).content.decode()
    assert "Chỉ Trưởng Ban biên tập được nhập bài" in html
    assert "Xác nhận nhập" not in html
    html = preview(
        login(roles.head), HEADER + row("Tin đăng ngay", status="published")
    ).content.decode()
    assert "Xác nhận nhập" in html
    assert not Article.objects.exists()
