"""A dry run writes nothing; a real run is all or nothing; a second run creates
nothing twice and ``--update`` repairs; failures and the report are Vietnamese."""

import errno
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management.base import CommandError

from bulletins.joomla.importer import JoomlaImport
from bulletins.joomla.media import MediaStager
from bulletins.models import Article, Category, JoomlaImportRun, LegacyRedirect, Page
from congress.models import Document
from portal.models import WebsiteLink
from tests.bulletins.joomla.conftest import FIXTURES, media_files

pytestmark = pytest.mark.django_db

J25 = FIXTURES / "j25" / "vn25.sql"


def snapshot():
    """Row counts of every table of the project's apps (but the record of runs)."""
    return {
        model._meta.label: model.objects.count()
        for app in ("bulletins", "congress", "portal")
        for model in apps.get_app_config(app).get_models()
        if model is not JoomlaImportRun
    }


def damaged_after_the_articles(tmp_path) -> Path:
    """The real 2.5 dump with a broken row in a table read after the articles."""
    text = J25.read_text(encoding="utf-8")
    marker = "LOCK TABLES `vn25_weblinks` WRITE;\n"
    at = text.index(marker) + len(marker)
    broken = "INSERT INTO `vn25_weblinks` VALUES (1,6,'Cổng thông tin',@@@);\n"
    path = tmp_path / "hong.sql"
    path.write_text(text[:at] + broken + text[at:], encoding="utf-8")
    return path


def test_a_dry_run_writes_nothing_not_even_a_file(import_joomla, site_dirs):
    media, var = site_dirs
    before = snapshot()
    output = import_joomla(J25, "--images", FIXTURES, "--dry-run")
    assert snapshot() == before
    assert not JoomlaImportRun.objects.exists()
    assert media_files(media) == []
    assert not var.exists() or not any(var.rglob("*"))
    # ... and says what a real run would do.
    assert "Chế độ: chạy thử (không ghi gì)" in output
    assert "Tin bài: 10 mới, 7 không công khai, 1 không nhập" in output
    assert "Ảnh đã chép: 4 mới" in output
    assert "2 tệp tài liệu mới sẽ được xét để tạo văn bản" in output
    assert "Chạy thử: không có gì được ghi." in output


def test_a_damaged_file_mid_way_imports_nothing_and_names_the_place(
    import_joomla, site_dirs, tmp_path
):
    media, _var = site_dirs
    before = snapshot()
    with pytest.raises(CommandError) as failure:
        import_joomla(damaged_after_the_articles(tmp_path), "--images", FIXTURES)
    message = str(failure.value)
    assert message.startswith("Không nhập gì. Bản sao lưu bị lỗi: tệp hong.sql, dòng")
    assert re.search(r"dòng \d+, cột \d+: giá trị SQL bị cắt ngang hoặc hỏng", message)
    # Articles and photos had been written and copied before the damage was read.
    assert snapshot() == before
    assert not JoomlaImportRun.objects.exists()
    assert media_files(media) == []


def test_a_truncated_dump_imports_nothing(import_joomla, site_dirs, tmp_path):
    text = J25.read_bytes()
    cut = tmp_path / "cut.sql"
    cut.write_bytes(text[: text.index(b"INSERT INTO `vn25_content`") + 3000])
    before = snapshot()
    with pytest.raises(
        CommandError, match=r"^Không nhập gì\. .*tệp cut\.sql, dòng \d+"
    ):
        import_joomla(cut, "--images", FIXTURES)
    assert snapshot() == before


def test_a_full_disk_while_copying_imports_nothing(
    import_joomla, site_dirs, monkeypatch
):
    media, _var = site_dirs
    copy = MediaStager.copy
    calls = []

    def fill_up(self, found, name):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        copy(self, found, name)

    monkeypatch.setattr(MediaStager, "copy", fill_up)
    before = snapshot()
    with pytest.raises(CommandError) as failure:
        import_joomla(J25, "--images", FIXTURES)
    assert str(failure.value) == "Không nhập gì: ổ đĩa đã đầy."
    assert "No space" not in str(failure.value)
    assert snapshot() == before
    assert media_files(media) == []


def test_a_file_that_is_not_utf8_is_refused_in_vietnamese(import_joomla, tmp_path):
    folder = tmp_path / "xuat"
    folder.mkdir()
    # "Tin tức" as a Vietnamese code page (TCVN3) writes it: not UTF-8.
    (folder / "categories.csv").write_bytes(
        b"id,parent_id,level,extension,title,alias,published\n"
        b"8,1,1,com_content,Tin t\xf8c,tin-tuc,1\n"
    )
    (folder / "content.csv").write_bytes(b"id,title,catid,state\n1,Tin,8,1\n")
    with pytest.raises(CommandError) as failure:
        import_joomla(folder)
    message = str(failure.value)
    assert "tệp categories.csv, dòng 2, cột" in message
    assert "không phải UTF-8" in message
    assert "codec" not in message


def test_a_second_run_creates_nothing_twice(import_joomla, site_dirs):
    media, _var = site_dirs
    import_joomla(J25, "--images", FIXTURES)
    first, files = snapshot(), media_files(media)
    output = import_joomla(J25, "--images", FIXTURES)
    assert snapshot() == first
    assert media_files(media) == files
    assert "Tin bài: 10 đã có, giữ nguyên, 1 không nhập" in output
    assert "Ảnh đã chép" not in output  # nothing copied again


def test_update_repairs_an_earlier_damaged_import(import_joomla, site_dirs, tmp_path):
    # An earlier import of a damaged export: a wrong title, no view count, no
    # "featured" flag, escapes left in a link, a lost old address.
    text = J25.read_text(encoding="utf-8")
    damaged = text.replace(
        "'Hội nghị Ban Chấp hành Đảng bộ lần thứ năm'", "'Hoi nghi (hong)'", 1
    )
    assert damaged != text
    path = tmp_path / "cu.sql"
    path.write_text(damaged, encoding="utf-8")
    import_joomla(path, "--images", FIXTURES)
    meeting = Article.objects.get(legacy_kind="content", legacy_id=1)
    slug, pk = meeting.slug, meeting.pk
    Article.objects.filter(pk=pk).update(
        view_count=0, is_featured=False, body='<p><a href="\\&quot;x\\&quot;">x</a></p>'
    )
    LegacyRedirect.objects.filter(article_id=pk).delete()
    rows = snapshot()

    output = import_joomla(J25, "--images", FIXTURES)  # without --update: untouched
    assert Article.objects.get(pk=pk).title == "Hoi nghi (hong)"
    assert "Tin bài: 10 đã có, giữ nguyên" in output

    output = import_joomla(J25, "--images", FIXTURES, "--update")
    meeting = Article.objects.get(pk=pk)
    assert meeting.title == "Hội nghị Ban Chấp hành Đảng bộ lần thứ năm"
    assert meeting.slug == slug  # its address does not change
    assert meeting.view_count == 57
    assert meeting.is_featured
    assert '\\"' not in meeting.body and "youtube:dQw4w9WgXcQ" in meeting.body
    assert LegacyRedirect.objects.filter(
        old_path="/index.php?option=com_content&view=article&id=1", article_id=pk
    ).exists()
    assert "Tin bài: 10 cập nhật" in output
    # Repaired in place: no row was added (but the redirects put back).
    after = snapshot()
    after.pop("bulletins.LegacyRedirect")
    rows.pop("bulletins.LegacyRedirect")
    assert after == rows


def test_update_keeps_views_counted_on_the_new_site(import_joomla):
    import_joomla(J25)
    Article.objects.filter(legacy_kind="content", legacy_id=1).update(view_count=900)
    import_joomla(J25, "--update")
    assert Article.objects.get(legacy_kind="content", legacy_id=1).view_count == 900


def test_the_report_file_holds_everything_the_screen_cuts(import_joomla, site_dirs):
    _media, var = site_dirs
    output = import_joomla(J25, "--images", FIXTURES)
    path = Path(re.search(r"Báo cáo đầy đủ: (.+)", output).group(1))
    assert path.parent == var / "joomla-import"
    report = path.read_text(encoding="utf-8")
    assert report.startswith("BÁO CÁO NHẬP DỮ LIỆU TỪ WEBSITE JOOMLA")
    for expected in (
        "Joomla 2.5.22, tiền tố bảng «vn25_»",
        "== Tổng hợp ==",
        "Chuyên mục: 8 mới, 5 không công khai",
        "Tin bài: 10 mới, 7 không công khai, 1 không nhập",
        "Bài K2: 1 mới, 1 không nhập",
        "Trang tĩnh: 1 mới",
        "== Không công khai trên website cũ: nhập nhưng không hiển thị (13) ==",
        "== Không nhập (2) ==",
        "== Nội dung đã chuyển đổi hoặc lược bỏ",
        "== Ảnh và tệp",
        "== Chữ lỗi mã hoá đã sửa",
        "== Dữ liệu khác của website cũ chưa nhập",
        "Tài khoản người dùng: 2 dòng (bảng users)",
        "Mô-đun: 15 dòng (bảng modules)",
    ):
        assert expected in report, expected


def test_the_report_goes_where_asked_and_names_what_is_not_imported(
    import_joomla, tmp_path
):
    target = tmp_path / "bao-cao.txt"
    import_joomla(FIXTURES / "j15" / "latin1-names.sql.gz", "--report", target)
    report = target.read_text(encoding="utf-8")
    assert "Thăm dò ý kiến (nhập lại trong mục Thăm dò ý kiến): 1 dòng" in report
    assert "Mô-đun: 41 dòng (bảng modules)" in report
    assert "Quảng cáo (banner): 8 dòng" in report
    assert "Thông tin liên hệ (nhập trong Hồ sơ trang web): 1 dòng" in report
    assert "Nguồn tin RSS: 14 dòng" in report


def test_missing_backup_or_images_are_clear_errors(import_joomla, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy bản sao lưu"):
        import_joomla(tmp_path / "khong-co.sql")
    with pytest.raises(CommandError, match="Không tìm thấy thư mục ảnh"):
        import_joomla(J25, "--images", tmp_path / "khong-co")
    empty = tmp_path / "rong"
    empty.mkdir()
    with pytest.raises(CommandError, match="thư mục cần có các tệp CSV/JSON"):
        import_joomla(empty)


def test_the_old_table_export_folder_still_imports(import_joomla):
    """The first importer's input: categories.csv, content.json, users.csv."""
    output = import_joomla(FIXTURES)
    news = Category.objects.get(legacy_id=8)
    assert news.parent is None
    assert Category.objects.get(legacy_id=9).parent == news
    assert Category.objects.get(legacy_id=10).parent == news  # level 3 → top
    assert not Category.objects.filter(name="Quảng cáo").exists()  # com_banners
    meeting = Article.objects.get(legacy_id=12)
    assert meeting.is_published() and meeting.authors == "Minh Hà"
    assert Article.objects.get(legacy_id=13).authors == "Trần Văn Bình"
    assert "<script" not in Article.objects.get(legacy_id=13).body
    assert Article.objects.get(legacy_id=14).status == "draft"
    assert Article.objects.get(legacy_id=17).status == "withdrawn"
    assert "«Tin đã xóa»: đã ở thùng rác" in output
    assert not WebsiteLink.objects.exists() and not Document.objects.exists()
    assert not Page.objects.exists()


def test_rows_without_an_id_or_twice_the_same_are_reported_not_fatal(
    import_joomla, write
):
    dump = write(
        "trung.sql",
        "CREATE TABLE `x_categories` (`id` int, `parent_id` int, `level` int, "
        "`extension` text, `title` text, `alias` text, `published` int, `access` int);\n"
        "INSERT INTO `x_categories` VALUES (8,1,1,'com_content','Tin','tin',1,1);\n"
        "CREATE TABLE `x_content` (`id` int, `title` text, `introtext` text, "
        "`state` int, `catid` int, `access` int, `xreference` text);\n"
        "INSERT INTO `x_content` VALUES (1,'Một','<p>a</p>',1,8,1,''),"
        "(NULL,'Không mã','<p>b</p>',1,8,1,'');\n"
        "INSERT INTO `x_content` VALUES (1,'Một lần nữa','<p>c</p>',1,8,1,'');\n",
    )
    output = import_joomla(dump)
    assert list(Article.objects.values_list("legacy_id", "title", "slug")) == [
        (1, "Một", "mot")
    ]
    assert "trung.sql dòng 5: bảng content: trùng mã với một dòng trước" in output
    assert "trung.sql dòng 4: bảng content: không có mã số (id)" in output


def test_a_fault_of_the_program_is_said_in_vietnamese_and_logged(
    import_joomla, monkeypatch, caplog
):
    def broken(self, *args, **kwargs):
        raise KeyError("image_intro")

    monkeypatch.setattr(JoomlaImport, "_write_pages", broken)
    before = snapshot()
    with pytest.raises(CommandError) as failure:
        import_joomla(J25)
    assert str(failure.value).startswith("Không nhập gì: chương trình gặp lỗi")
    assert "KeyError" not in str(failure.value)
    assert "KeyError" in caplog.text  # the whole traceback is in the log
    assert snapshot() == before
