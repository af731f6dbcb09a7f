"""Nothing the old site hid is public after the import: real dumps of Joomla 1.5,
2.5 (with K2), 3.9 and 4.0, held against an SQL computation of what each site
showed a visitor (``oracle.py``)."""

import pytest
from django.utils import timezone

from bulletins.joomla import open_source
from bulletins.models import Article, Category, Page
from portal.models import WebsiteLink
from tests.bulletins.joomla.conftest import FIXTURES, J39
from tests.bulletins.joomla.oracle import public_content_ids, public_k2_ids

pytestmark = pytest.mark.django_db

DUMPS = {
    "j15-latin1": FIXTURES / "j15" / "latin1-names.sql.gz",
    "j15-utf8": FIXTURES / "j15" / "utf8-double-encoded.sql.gz",
    "j25-k2": FIXTURES / "j25" / "vn25.sql",
    "j39": J39 / "j39.sql",
    "j4": FIXTURES / "j4" / "j4x-hash-prefix.sql.gz",
}


def imported_public(now):
    content = set(
        Article.objects.published(now)
        .filter(legacy_kind="content")
        .values_list("legacy_id", flat=True)
    )
    content |= set(Page.objects.published(now).values_list("legacy_id", flat=True))
    k2 = set(
        Article.objects.published(now)
        .filter(legacy_kind="k2")
        .values_list("legacy_id", flat=True)
    )
    return content, k2


@pytest.mark.parametrize("name", DUMPS)
def test_exactly_what_the_old_site_showed_is_public(name, import_joomla):
    path = DUMPS[name]
    import_joomla(path)
    now = timezone.now()
    source = open_source(path)
    shown_content, shown_k2 = (
        public_content_ids(source, now),
        public_k2_ids(source, now),
    )
    content, k2 = imported_public(now)
    # The rule: nothing public here that the old site did not show...
    assert content <= shown_content, sorted(content - shown_content)
    assert k2 <= shown_k2, sorted(k2 - shown_k2)
    # ... and nothing it showed went missing.
    assert content == shown_content
    assert k2 == shown_k2
    # Every row the old site showed is imported; every other one is not public.
    everything = Article.objects.filter(legacy_kind="content").count()
    assert everything + Page.objects.count() >= len(shown_content)


def test_hidden_rows_of_every_kind_are_drafts_withdrawn_or_left_out(import_joomla):
    output = import_joomla(DUMPS["j25-k2"])
    status = dict(
        Article.objects.filter(legacy_kind="content").values_list("legacy_id", "status")
    )
    assert status[2] == "withdrawn"  # Registered only
    assert status[3] == "withdrawn"  # in an unpublished category
    assert status[4] == "withdrawn"  # below an unpublished parent category
    assert status[5] == "draft"  # English, kept as a draft
    assert status[6] == "draft"  # unpublished
    assert 7 not in status  # trashed: not imported
    assert status[10] == "withdrawn"  # expired
    scheduled = Article.objects.get(legacy_kind="content", legacy_id=9)
    assert scheduled.is_scheduled and not scheduled.is_published()
    # Each is in the report with its reason, in Vietnamese.
    assert (
        "«Tài liệu sinh hoạt chi bộ tháng 11»: chỉ dành cho người đăng nhập" in output
    )
    assert "«Tin đã xoá»: đã ở thùng rác trên website cũ" in output
    assert "bài K2 #6 «Bài K2 đã bỏ vào thùng rác»: đã ở thùng rác" in output


def test_hidden_categories_are_hidden_here_too(import_joomla):
    import_joomla(DUMPS["j25-k2"])
    active = dict(
        Category.objects.filter(legacy_kind="content").values_list(
            "legacy_id", "is_active"
        )
    )
    assert active[8] and active[9]
    for hidden in (
        10,
        11,
        12,
        13,
        14,
    ):  # unpublished, under one, trashed, en, Registered
        assert active[hidden] is False, hidden
    k2 = dict(
        Category.objects.filter(legacy_kind="k2").values_list("legacy_id", "is_active")
    )
    assert k2 == {1: True, 2: False}


def test_other_languages_can_be_left_out(import_joomla):
    output = import_joomla(DUMPS["j25-k2"], "--other-languages", "skip")
    assert not Article.objects.filter(legacy_id=5, legacy_kind="content").exists()
    assert "«Provincial Party Committee meets»: bài viết bằng ngôn ngữ khác" in output


def test_a_registered_only_article_of_joomla_4_stays_hidden_and_guest_ones_show(
    import_joomla,
):
    import_joomla(DUMPS["j4"])
    assert Article.objects.get(legacy_id=2).status == "withdrawn"
    # View level 5 (Guest) is what a visitor who is not logged in sees.
    assert Article.objects.get(legacy_id=13).is_published()


def test_unpublished_weblinks_are_inactive(import_joomla, write):
    dump = write(
        "weblinks.sql",
        "CREATE TABLE `j3_content` (`id` int, `title` text, `catid` int, "
        "`state` int, `access` int, `xreference` text);\n"
        "CREATE TABLE `j3_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, "
        "`access` int);\n"
        "INSERT INTO `j3_categories` VALUES (20,1,1,'com_weblinks','Liên kết',"
        "'lien-ket',1,1),(21,1,1,'com_weblinks','Cũ','cu',0,1);\n"
        "CREATE TABLE `j3_weblinks` (`id` int, `catid` int, `title` text, "
        "`url` text, `state` int, `access` int, `ordering` int, `language` text);\n"
        "INSERT INTO `j3_weblinks` VALUES "
        "(1,20,'Cổng thông tin Chính phủ','https://chinhphu.vn',1,1,1,'*'),"
        "(2,20,'Báo Nhân Dân','nhandan.vn',1,1,2,'*'),"
        "(3,20,'Trang nội bộ','https://noibo.example.vn',1,2,3,'*'),"
        "(4,21,'Trong chuyên mục ẩn','https://an.example.vn',1,1,4,'*'),"
        "(5,20,'Chưa đăng','https://nhap.example.vn',0,1,5,'*'),"
        "(6,20,'Đã xoá','https://xoa.example.vn',-2,1,6,'*'),"
        "(7,20,'Hỏng','http://',1,1,7,'*');\n",
    )
    output = import_joomla(dump)
    links = dict(WebsiteLink.objects.values_list("url", "is_active"))
    assert links == {
        "https://chinhphu.vn": True,
        "http://nhandan.vn": True,
        "https://noibo.example.vn": False,
        "https://an.example.vn": False,
        "https://nhap.example.vn": False,
    }
    assert "«Đã xoá»: đã ở thùng rác" in output
    assert "«Hỏng»: địa chỉ không hợp lệ" in output
    assert list(WebsiteLink.objects.active().values_list("title", flat=True)) == [
        "Cổng thông tin Chính phủ",
        "Báo Nhân Dân",
    ]
