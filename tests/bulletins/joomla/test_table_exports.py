"""CSV, TSV and JSON exports: every layout, headerless files, damaged files."""

import shutil
import zipfile

import pytest

from bulletins.joomla import JoomlaReadError, open_source
from tests.bulletins.joomla.conftest import FIXTURES

EXPORTS = FIXTURES / "exports"


def folder(tmp_path, **files):
    """A folder with the given fixture exports copied under new names."""
    target = tmp_path / "export"
    target.mkdir()
    for name, source in files.items():
        shutil.copy(EXPORTS / source, target / name.replace("__", "."))
    return target


def test_phpmyadmin_csv_without_header_takes_joomla_4_column_order(tmp_path):
    path = folder(
        tmp_path,
        j4x_content__csv="phpmyadmin-j4x_content.csv",
        j4x_categories__tsv="batch-vn25_categories.tsv",
    )
    source = open_source(path)
    rows = {r["id"]: r for r in source.rows("content")}
    assert source.prefix == "j4x_"
    assert rows["1"]["title"] == "Hội nghị Ban Chấp hành Đảng bộ lần thứ năm"
    assert rows["1"]["alias"] == "hoi-nghi-ban-chap-hanh-dang-bo-lan-thu-nam"
    assert rows["1"]["introtext"].startswith(
        '<p><img src="images/tin-tuc/hoi-nghi.jpg"'
    )
    assert "\n" in rows["1"]["introtext"]
    # Joomla 4 writes NULL dates; phpMyAdmin writes them as a bare NULL.
    assert rows["1"]["publish_down"] is None
    assert rows["1"]["language"] == "*" and rows["13"]["access"] == "5"
    assert rows["1"].line == 1 and rows["2"].line > 2


def test_select_into_outfile_csv_with_backslash_escapes_is_read(tmp_path):
    path = folder(
        tmp_path,
        vn25_content__csv="outfile-vn25_content.csv",
        vn25_categories__txt="outfile-vn25_categories.txt",
    )
    source = open_source(path)
    rows = {r["id"]: r for r in source.rows("content")}
    assert len(rows) == 12  # headerless: the 2.5 column order (34 columns)
    assert rows["1"]["introtext"].startswith(
        '<p><img src="images/tin-tuc/hoi-nghi.jpg"'
    )
    assert "</p>\n<p>" in rows["1"]["introtext"]  # an escaped line break
    assert rows["8"]["state"] == "2"
    # Row 11 was stored double-encoded: repaired while reading.
    assert rows["11"]["title"] == "Đại hội Đảng bộ xã Tân Hòa lần thứ XV"
    assert source.report.repaired["content"] >= 3
    categories = {r["id"]: r for r in source.rows("categories")}
    assert categories["10"]["title"] == "Tài liệu cũ"
    assert categories["1"]["description"] == ""


def test_mysql_batch_output_with_header_is_read(tmp_path):
    path = folder(
        tmp_path,
        vn25_categories__tsv="batch-vn25_categories.tsv",
        vn25_content__csv="outfile-vn25_content.csv",
    )
    categories = list(open_source(path).rows("categories"))
    assert categories[0]["id"] == "1" and len(categories) == 14
    assert {r["title"] for r in categories} >= {"Tin tức", "Văn bản lưu"}


def test_csv_with_header_row_and_null_backslash_n(write, tmp_path):
    write(
        "x/content.csv",
        "id,title,introtext,publish_down,state,catid\n"
        '1,"Tin ""một""","<p>a,b</p>",\\N,1,8\n'
        '2,"Tin hai","dòng 1\\\ndòng 2",2020-01-01 00:00:00,0,8\n',
    )
    write("x/categories.csv", "id,title\n8,Tin tức\n")
    rows = list(open_source(tmp_path / "x").rows("content"))
    assert rows[0]["title"] == 'Tin "một"' and rows[0]["publish_down"] is None
    assert rows[0]["introtext"] == "<p>a,b</p>"


def test_spreadsheet_style_csv_with_header_and_doubled_quotes(write, tmp_path):
    write("x/jos_content.csv", 'id,title,introtext\r\n1,"Tin ""một""","a\r\nb"\r\n')
    write("x/jos_categories.csv", "id,title\r\n8,Tin tức\r\n")
    rows = list(open_source(tmp_path / "x").rows("content"))
    assert rows == [{"id": "1", "title": 'Tin "một"', "introtext": "a\r\nb"}]


def test_truncated_csv_is_refused_naming_file_and_line(tmp_path):
    data = (EXPORTS / "phpmyadmin-j4x_content.csv").read_bytes()
    path = tmp_path / "x"
    path.mkdir()
    (path / "j4x_content.csv").write_bytes(data[: len(data) * 2 // 3])
    (path / "j4x_categories.csv").write_bytes(b"")
    source = open_source(path)
    with pytest.raises(JoomlaReadError) as error:
        list(source.rows("content"))
    message = str(error.value)
    assert "j4x_content.csv" in message and "dòng" in message
    assert "cắt ngang" in message


def test_csv_row_with_wrong_field_count_is_refused(write, tmp_path):
    write("x/content.csv", "id,title,state\n1,Một,1\n2,Hai\n")
    write("x/categories.csv", "id,title\n8,Tin tức\n")
    with pytest.raises(JoomlaReadError, match=r"content.csv, dòng 3: dòng có 2 trường"):
        list(open_source(tmp_path / "x").rows("content"))


def test_headerless_csv_matching_no_joomla_version_asks_for_a_header(write, tmp_path):
    write("x/content.csv", '"1","Một","1"\n')
    write("x/categories.csv", '"8","Tin tức"\n')
    with pytest.raises(
        JoomlaReadError, match="không có dòng tên cột.*tệp cấu trúc .sql"
    ):
        list(open_source(tmp_path / "x").rows("content"))


def test_headerless_csv_takes_columns_from_a_schema_sql_beside_it(write, tmp_path):
    write(
        "x/schema.sql",
        "CREATE TABLE `jos_content` (`id` int, `title` text, `state` int);\n"
        "CREATE TABLE `jos_categories` (`id` int, `title` text);\n",
    )
    write("x/jos_content.csv", '"1","Một","1"\n')
    write("x/jos_categories.csv", '"8","Tin tức"\n')
    rows = list(open_source(tmp_path / "x").rows("content"))
    assert rows == [{"id": "1", "title": "Một", "state": "1"}]


def test_csv_in_another_encoding_is_refused_in_vietnamese(write, tmp_path):
    write("x/content.csv", "id,title\n1,Đoàn Văn Ân\n", "cp1258")
    write("x/categories.csv", "id,title\n8,Tin\n")
    with pytest.raises(JoomlaReadError) as error:
        list(open_source(tmp_path / "x").rows("content"))
    assert "content.csv, dòng 2, cột 2" in str(error.value)
    assert "UTF-8" in str(error.value) and "codec" not in str(error.value)


def test_phpmyadmin_json_of_a_whole_database_picks_each_table_by_name():
    source = open_source(EXPORTS / "phpmyadmin-j4x.json")
    assert source.prefix == "j4x_"
    assert "tags" in source.tables() and "menu" in source.tables()
    content = {r["id"]: r for r in source.rows("content")}
    assert content["1"]["title"] == "Hội nghị Ban Chấp hành Đảng bộ lần thứ năm"
    # The first table of the file is #__tags: it is not taken for the articles.
    assert [r["title"] for r in source.rows("tags")][1:] == ["Đại hội", "Xây dựng Đảng"]
    assert content["1"]["publish_down"] is None
    assert [r["title"] for r in source.rows("categories")][0] == "ROOT"


def test_json_list_of_rows_and_single_table_export_in_a_folder(write, tmp_path):
    write("x/categories.json", '[{"id": 8, "title": "Tin tức", "params": {"a": 1}}]')
    write(
        "x/content.json",
        '[{"type":"header"},{"type":"table","name":"jos_content","data":'
        '[{"id":"1","title":"Một","catid":"8","publish_down":null}]}]',
    )
    source = open_source(tmp_path / "x")
    assert next(source.rows("categories")) == {
        "id": "8",
        "title": "Tin tức",
        "params": '{"a": 1}',
    }
    assert next(source.rows("content"))["publish_down"] is None


def test_damaged_json_is_refused_with_line_and_column(write):
    path = write("db.json", '[{"type":"table","name":"jos_content","data":[{"id":"1",')
    with pytest.raises(JoomlaReadError, match=r"db.json, dòng 1, cột \d+: JSON hỏng"):
        open_source(path)


def test_zip_of_table_exports_is_read(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(EXPORTS / "phpmyadmin-j4x_content.csv", "j4x_content.csv")
        zipped.write(EXPORTS / "batch-vn25_categories.tsv", "j4x_categories.tsv")
    source = open_source(archive)
    assert len(list(source.rows("content"))) == 12


def test_the_original_fixture_export_folder_still_reads():
    source = open_source(FIXTURES)
    assert source.prefix == ""
    assert {r["id"] for r in source.rows("content")} >= {"12", "13", "19"}
    assert next(source.rows("users"))["name"] == "Trần Văn Bình"


def test_unknown_file_kinds_are_refused_in_vietnamese(write, tmp_path):
    with pytest.raises(JoomlaReadError, match="Akeeba"):
        open_source(write("site.jpa", b"JPA"))
    with pytest.raises(JoomlaReadError, match="không nhận ra loại tệp"):
        open_source(write("site.rar", b"Rar!"))
    with pytest.raises(JoomlaReadError, match="không tìm thấy"):
        open_source(tmp_path / "khong-co")
    with pytest.raises(JoomlaReadError, match="zip hỏng"):
        open_source(write("cut.zip", b"PK\x03\x04 broken"))
