"""Reading SQL dumps: syntax, prefixes, versions, real dumps, damaged files, memory."""

import gzip
import tracemalloc
import zipfile

import pytest

from bulletins.joomla import JoomlaReadError, open_source
from bulletins.joomla.sqldump import DumpReader
from tests.bulletins.joomla.conftest import FIXTURES
from tests.bulletins.joomla.synthetic import write_dump

SCHEMA = """
CREATE TABLE `{p}categories` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `title` varchar(255) NOT NULL DEFAULT '',
  `published` tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  KEY `idx_title` (`title`(100))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `{p}content` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `title` varchar(255) NOT NULL DEFAULT '' COMMENT 'tiêu đề, (có dấu phẩy)',
  `introtext` mediumtext NOT NULL,
  `catid` int(10) unsigned NOT NULL DEFAULT 0,
  `price` decimal(10,2) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
"""


def titles(source):
    return [row["title"] for row in source.rows("content")]


def test_sql_dump_without_column_list_takes_columns_from_create_table(write):
    path = write(
        "site.sql",
        SCHEMA.format(p="jos_")
        + "INSERT INTO `jos_content` VALUES (1,'Tin một','<p>A</p>',8,NULL),"
        "(2,'Tin hai','<p>B</p>',8,1.50);",
    )
    source = open_source(path)
    rows = list(source.rows("content"))
    assert [r["title"] for r in rows] == ["Tin một", "Tin hai"]
    assert rows[1]["price"] == "1.50" and rows[0]["price"] is None
    assert source.columns("content") == ["id", "title", "introtext", "catid", "price"]


def test_insert_with_column_list_replace_and_insert_ignore_are_read(write):
    path = write(
        "site.sql",
        SCHEMA.format(p="abc_")
        + "INSERT INTO abc_content (`title`, `id`) VALUES ('Thứ nhất', 1);\n"
        "REPLACE INTO `abc_content` (`id`,`title`) VALUES (2,'Thứ hai');\n"
        "INSERT IGNORE INTO `abc_content` (`id`,`title`) VALUES (3,'Thứ ba');\n"
        "insert low_priority into `mydb`.`abc_content` (id,title) values (4,'Thứ tư');",
    )
    source = open_source(path)
    assert source.prefix == "abc_"
    assert titles(source) == ["Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư"]
    assert next(source.rows("content"))["id"] == "1"


def test_mysql_string_escapes_and_doubled_quotes_are_decoded(write):
    path = write(
        "site.sql",
        SCHEMA.format(p="jos_")
        + r"INSERT INTO `jos_content` (`id`,`title`,`introtext`) VALUES "
        r"(1,'Bà O\'Neil \"Đẹp\" C:\\thư mục','a\nb\rc\td\0e\Zf'),"
        r"(2,'It''s ''ok''','100\% \_x');",
    )
    rows = list(open_source(path).rows("content"))
    assert rows[0]["title"] == 'Bà O\'Neil "Đẹp" C:\\thư mục'
    assert rows[0]["introtext"] == "a\nb\rc\td\x00e\x1af"
    assert rows[1]["title"] == "It's 'ok'"
    assert rows[1]["introtext"] == "100\\% \\_x"  # MySQL keeps \% and \_


def test_binary_and_hex_literals_and_null_are_values(write):
    text = "Đại hội".encode().hex()
    path = write(
        "site.sql",
        SCHEMA.format(p="jos_")
        + f"INSERT INTO `jos_content` (`id`,`title`,`introtext`,`catid`) VALUES "
        f"(1,_binary 'Nhị phân',0x{text},NULL),(2,X'{text}',_utf8mb4'x',b'101');",
    )
    rows = list(open_source(path).rows("content"))
    assert rows[0]["title"] == "Nhị phân"
    assert rows[0]["introtext"] == "Đại hội"
    assert rows[0]["catid"] is None
    assert rows[1]["title"] == "Đại hội" and rows[1]["catid"] == "5"


def test_phpmyadmin_export_with_comments_and_multi_row_inserts_is_read(write):
    path = write(
        "phpmyadmin.sql",
        "-- phpMyAdmin SQL Dump\n-- version 5.2.1\n-- https://www.phpmyadmin.net/\n"
        'SET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";\nSTART TRANSACTION;\n'
        "/*!40101 SET NAMES utf8mb4 */;\n\n"
        "-- --------------------------------------------------------\n#\n"
        "# Table structure for table `qh_content`\n#\n"
        + SCHEMA.format(p="qh_")
        + "/* a block comment; with 'quotes' */\n"
        "INSERT INTO `qh_content` (`id`, `title`, `introtext`, `catid`) VALUES\n"
        "(1, 'Tin; có dấu chấm phẩy', '<p>--không phải chú thích</p>', 8),\n"
        "(2, 'Tin /* hai */', '<p>#không</p>', 8);\n"
        "INSERT INTO `qh_categories` (`id`, `title`, `published`) VALUES\n"
        "(8, 'Tin tức', 1);\nCOMMIT;\n",
    )
    source = open_source(path)
    assert source.prefix == "qh_"
    assert titles(source) == ["Tin; có dấu chấm phẩy", "Tin /* hai */"]
    assert [r["title"] for r in source.rows("categories")] == ["Tin tức"]


def test_akeeba_sql_with_hash_prefix_is_read(write):
    path = write(
        "site.sql",
        SCHEMA.format(p="#__")
        + "INSERT INTO `#__content` VALUES (1,'Từ Akeeba','',8,NULL);\n",
    )
    source = open_source(path)
    assert source.prefix == "#__"
    assert titles(source) == ["Từ Akeeba"]


def test_tables_without_prefix_are_found(write):
    path = write(
        "site.sql",
        SCHEMA.format(p="")
        + "INSERT INTO content VALUES (1,'Không tiền tố','',8,NULL);",
    )
    source = open_source(path)
    assert source.prefix == "" and titles(source) == ["Không tiền tố"]


def test_two_joomla_sites_in_one_dump_need_a_prefix(write):
    path = write(
        "two.sql",
        SCHEMA.format(p="old_")
        + SCHEMA.format(p="new_")
        + "INSERT INTO new_content VALUES (1,'Mới','',8,NULL);"
        "INSERT INTO old_content VALUES (1,'Cũ','',8,NULL);",
    )
    with pytest.raises(JoomlaReadError, match="nhiều website Joomla.*new_, old_"):
        open_source(path)
    assert titles(open_source(path, prefix="old_")) == ["Cũ"]


def test_rows_of_other_tables_are_skipped_and_line_numbers_kept(write):
    path = write(
        "site.sql",
        SCHEMA.format(p="jos_") + "CREATE TABLE jos_session (id int, data text);\n"
        "INSERT INTO jos_session VALUES (1,'x;y''z'),(2,'(,)');\n"
        "INSERT INTO `jos_content` VALUES\n(1,'Một','',8,NULL),\n(2,'Hai','',8,NULL);\n",
    )
    rows = list(open_source(path).rows("content"))
    assert [(r.line, r.file) for r in rows] == [(20, "site.sql"), (21, "site.sql")]


def test_truncated_dump_is_refused_with_file_and_line(write):
    whole = SCHEMA.format(p="jos_") + (
        "INSERT INTO `jos_content` VALUES (1,'Một','',8,NULL),(2,'Hai bị cắt"
    )
    path = write("cut.sql", whole)
    with pytest.raises(JoomlaReadError) as error:
        list(open_source(path).rows("content"))
    message = str(error.value)
    assert "cut.sql" in message and "dòng 17" in message
    assert "không đầy đủ" in message


def test_non_utf8_dump_is_refused_in_vietnamese(write):
    schema = SCHEMA.format(p="jos_").replace("tiêu đề, (có dấu phẩy)", "tieu de")
    text = schema + "INSERT INTO jos_content VALUES (1,'x','',8,NULL);"
    # Windows-1258, the old Vietnamese Windows code page: not UTF-8.
    path = write("cp1258.sql", text.replace("'x'", "'Đoàn Văn Ân'"), "cp1258")
    with pytest.raises(JoomlaReadError) as error:
        list(open_source(path).rows("content"))
    message = str(error.value)
    assert "cp1258.sql" in message and "dòng 17" in message
    assert "utf8mb4" in message and "codec" not in message


def test_latin1_dump_declared_with_set_names_is_read_correctly():
    source = open_source(FIXTURES / "j15" / "latin1-names.sql.gz")
    rows = {r["id"]: r for r in source.rows("content")}
    assert rows["100"]["title"] == "Đảng bộ phường Bình Minh học tập nghị quyết"
    assert rows["102"]["title"] == "Café sáng với cựu chiến binh"
    assert rows["102"]["introtext"] == "<p>Café du matin, texte latin1 réel.</p>"
    assert source.report.repaired["content"] == 0


def test_real_joomla_39_dump_is_read(j39):
    source = open_source(j39 / "j39.sql")
    assert source.prefix == "jos_"
    assert source.series == "3" and source.version.startswith("3.9")
    articles = list(source.rows("content"))
    assert len(articles) == 25
    assert {"introtext", "fulltext", "images", "metadesc", "language"} <= set(
        articles[0]
    )
    assert all(r["title"] and r.line > 0 for r in articles)
    assert len(list(source.rows("categories"))) > 4
    assert {"content", "categories", "users", "menu", "tags", "viewlevels"} <= set(
        source.tables()
    )
    assert sum(1 for _ in source.rows("menu")) > 10


def test_real_joomla_25_and_4_and_15_dumps_are_read():
    j25 = open_source(FIXTURES / "j25" / "vn25.sql")
    assert (j25.prefix, j25.version, j25.series) == ("vn25_", "2.5.22", "2.5")
    assert len(list(j25.rows("content"))) == 12
    k2 = {r["id"]: r for r in j25.rows("k2_items")}
    assert k2["5"]["title"] == "Cựu chiến binh giúp dân làm đường"
    assert k2["5"]["video"] == "{youtube}M7lc1UVf-VE{/youtube}"

    j4 = open_source(FIXTURES / "j4" / "j4x-hash-prefix.sql.gz")
    assert (j4.prefix, j4.version, j4.series) == ("#__", "4.0.0", "4")
    rows = {r["id"]: r for r in j4.rows("content")}
    assert rows["1"]["publish_down"] is None  # Joomla 4 has NULL dates
    assert len(list(j4.rows("contentitem_tag_map"))) == 3

    j15 = open_source(FIXTURES / "j15" / "latin1-names.sql.gz")
    assert (j15.prefix, j15.series) == ("jos_", "1.5")
    assert len(list(j15.rows("sections"))) == 4


def test_dump_in_a_zip_with_gzip_inside_is_read(tmp_path):
    archive = tmp_path / "backup.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(FIXTURES / "j4" / "j4x-hash-prefix.sql.gz", "backup/site.sql.gz")
    source = open_source(archive)
    assert source.version == "4.0.0"
    assert "Hướng dẫn đăng ký tài khoản" in titles(source)
    assert next(source.rows("content")).file == "backup.zip:backup/site.sql.gz"


def test_damaged_gzip_is_refused_in_vietnamese(tmp_path):
    data = (FIXTURES / "j4" / "j4x-hash-prefix.sql.gz").read_bytes()
    path = tmp_path / "cut.sql.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(JoomlaReadError, match="cut.sql.gz.*không trọn vẹn"):
        open_source(path)


def test_reading_a_large_dump_streams_with_little_memory(tmp_path):
    path = tmp_path / "big.sql"
    articles = write_dump(path, 50)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        source = open_source(path)
        count = sum(1 for _ in source.rows("content"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == articles > 1000
    # One read chunk (1 MB) and its copy, a row, the index: not the dump.
    assert peak < min(size / 4, 12 * 2**20), f"peak {peak / 2**20:.1f} MB, dump {size}"


def test_a_huge_single_value_is_read_whole(tmp_path):
    body = "Đảng bộ " * 400_000  # 4 MB: four read chunks
    path = tmp_path / "huge.sql.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(SCHEMA.format(p="jos_"))
        out.write(
            f"INSERT INTO jos_content VALUES (1,'Dài','{body}',8,NULL),(2,'Sau','',8,NULL);"
        )
    rows = list(open_source(path).rows("content"))
    assert rows[0]["introtext"] == body and rows[1]["title"] == "Sau"


def test_dump_reader_indexes_each_table_once(j39):
    reader = DumpReader(lambda: open(j39 / "j39.sql", "rb"), "j39.sql")
    index = reader.index()
    assert "jos_content" in index.tables and index.charsets == {"utf-8"}
    assert len(index.runs["jos_content"]) == 1
