"""import_joomla: the fixture export in tests/fixtures/joomla, imported twice."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from bulletins.joomla.importer import JoomlaImporter
from bulletins.models import Article, Category, LegacyRedirect

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).resolve().parents[2] / "fixtures" / "joomla"


def run_command():
    out = io.StringIO()
    call_command("import_joomla", str(EXPORT), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts():
    return (
        Category.objects.count(),
        Article.objects.count(),
        LegacyRedirect.objects.count(),
    )


def test_import_twice_gives_the_same_rows_and_reports_problems():
    first = run_command()
    after_first = counts()
    assert after_first[0] == 4  # Chưa phân loại, Tin tức, Hoạt động cơ sở, Chi bộ…
    assert after_first[1] == 6
    assert "Tin bài: 6 mới, 0 đã có." in first
    assert "id=15" in first and "thùng rác" in first
    assert "id=16" in first and "catid=99" in first
    assert "id=11" in first  # the trashed category

    second = run_command()
    assert counts() == after_first
    assert "Tin bài: 0 mới, 6 đã có." in second
    assert "Chuyên mục: 0 mới, 4 đã có." in second


def test_categories_keep_two_levels():
    run_command()
    news = Category.objects.get(legacy_id=8)
    assert news.name == "Tin tức" and news.parent is None
    assert Category.objects.get(legacy_id=9).parent == news
    # Joomla's third level hangs under the top-level ancestor.
    assert Category.objects.get(legacy_id=10).parent == news
    assert not Category.objects.filter(name="Quảng cáo").exists()


def test_articles_keep_dates_authors_states_and_counts():
    run_command()
    meeting = Article.objects.get(legacy_id=12)
    local = timezone.localtime(meeting.published_at)
    assert local.strftime("%d/%m/%Y %H:%M") == "25/10/2021 14:06"  # 07:06 UTC
    assert timezone.localtime(meeting.created_at).strftime("%d/%m/%Y") == "25/10/2021"
    assert meeting.authors == "Minh Hà"
    assert meeting.lead.startswith("Sáng 25/10")
    assert meeting.view_count == 57
    assert meeting.is_published()

    cell = Article.objects.get(legacy_id=13)
    assert cell.authors == "Trần Văn Bình"  # from the users file
    assert "<script" not in cell.body
    assert cell.is_featured
    assert Article.objects.get(legacy_id=14).status == Article.Status.DRAFT
    assert Article.objects.get(legacy_id=17).status == Article.Status.WITHDRAWN
    archived = Article.objects.get(legacy_id=18)
    assert archived.status == Article.Status.PUBLISHED
    scheduled = Article.objects.get(legacy_id=19)
    assert scheduled.is_scheduled and not scheduled.is_published()


def test_images_become_featured_photos_and_inline_sources_point_to_our_media():
    run_command()
    meeting = Article.objects.get(legacy_id=12)
    assert meeting.featured_image.name.startswith("articles/joomla/hoi-nghi")
    assert meeting.featured_image_width == 96
    assert meeting.featured_image_alt == "Toàn cảnh hội nghị"
    assert meeting.featured_image_caption == "Quang cảnh hội nghị lần thứ 5"
    assert 'src="/media/articles/joomla/hoi-nghi' in meeting.body
    assert 'src="images/' not in meeting.body
    # The same file used twice is copied once.
    assert meeting.body.count(meeting.featured_image.url) == 1
    cell = Article.objects.get(legacy_id=13)
    assert cell.featured_image.name.endswith(".png")
    assert cell.featured_image_alt == "Đảng viên chi bộ thôn Đông"
    # A file that is not an image is not copied.
    archived = Article.objects.get(legacy_id=18)
    assert not archived.featured_image
    assert "gia-mao" not in str(archived.featured_image)


def test_old_joomla_addresses_redirect_permanently(client):
    run_command()
    meeting = Article.objects.get(legacy_id=12)
    target = meeting.get_absolute_url()
    for old in (
        "/index.php?option=com_content&view=article&id=12&catid=8",
        "/index.php?option=com_content&view=article&id=12:hoi-nghi&catid=8&Itemid=101",
        "/index.php/12-hoi-nghi-ban-chap-hanh-dang-bo-lan-thu-5",
        "/index.php/tin-tuc/12-hoi-nghi-ban-chap-hanh-dang-bo-lan-thu-5",
        "/tin-tuc/12-hoi-nghi-ban-chap-hanh-dang-bo-lan-thu-5.html",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == target
    # Joomla's SEF address of an article in a sub-category carries the whole path.
    cell = Article.objects.get(legacy_id=13)
    response = client.get(
        "/tin-tuc/hoat-dong-co-so/13-chi-bo-thon-dong-sinh-hoat-chuyen-de.html"
    )
    assert response.status_code == 301
    assert response["Location"] == cell.get_absolute_url()
    response = client.get("/index.php?option=com_content&view=category&id=8")
    assert response.status_code == 301
    assert response["Location"] == Category.objects.get(legacy_id=8).get_absolute_url()


def test_old_addresses_of_hidden_or_unknown_pages_are_404(client):
    run_command()
    for old in (
        "/index.php?option=com_content&view=article&id=14",  # a draft
        "/index.php?option=com_content&view=article&id=19",  # scheduled
        "/index.php?option=com_content&view=article&id=999",
        "/index.php?option=com_users&view=login",
        "/index.php?option=com_content&view=article&id=abc",
        "/index.php/khong-co-trang-nay",
    ):
        response = client.get(old)
        assert response.status_code == 404, old
        assert (
            "Không tìm thấy" in response.content.decode()
            or "404" in response.content.decode()
        )


def test_missing_tables_are_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_joomla", str(tmp_path), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_joomla", str(tmp_path / "khong-co"), stdout=io.StringIO())


def test_progress_callback_sees_every_row():
    seen = []

    def progress(items, desc):
        items = list(items)
        seen.append((desc, len(items)))
        return items

    JoomlaImporter(EXPORT, progress=progress).run()
    assert seen == [("Chuyên mục", 5), ("Tin bài", 8)]
