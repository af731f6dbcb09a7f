"""Every value NFC; double-encoded UTF-8 repaired and counted; correct text untouched."""

import unicodedata

import pytest

from bulletins.joomla import open_source
from bulletins.joomla.text import clean
from tests.bulletins.joomla.conftest import FIXTURES

CORRECT = [
    "Đại hội Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2020–2025",
    "Bạn thấy giao diện website như thế nào? a. Đẹp / b. Bình thường / c. Xấu",
    "Thống kê truy cập · Trưởng Ban biên tập · Giấy phép số 12/GP-TTĐT",
    "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA – VŨNG TÀU",
    "Ý kiến đóng góp của Ông Nguyễn Văn Ân về “Đoàn kết – Dân chủ”…",
    "Ảnh: Ô Môn, Đắk Lắk, Thừa Thiên Huế; và… à…",
    "Café du matin, naïve, São Paulo, © 2021",
    '<p style="text-align: justify;">Sáng&nbsp;25/10 &amp; chiều 26/10</p>',
]


@pytest.mark.parametrize("text", CORRECT)
def test_correct_vietnamese_is_never_changed(text):
    assert clean(text) == (text, False)


def _double_encoded(text: str) -> str:
    """UTF-8 bytes read as MySQL's latin1 (cp1252, with C1 controls for its gaps)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


@pytest.mark.parametrize("text", CORRECT)
def test_double_encoded_values_are_repaired_whole(text):
    damaged = _double_encoded(text)
    assert damaged != text
    assert clean(damaged) == (text, True)


def test_mojibake_example_from_the_issue_is_repaired():
    assert clean("Äáº¡i há»™i")[0] == "Đại hội"


def test_decomposed_vietnamese_becomes_nfc_without_counting_a_repair():
    decomposed = unicodedata.normalize("NFD", "Đảng bộ thôn Đông")
    assert decomposed != "Đảng bộ thôn Đông"
    assert clean(decomposed) == ("Đảng bộ thôn Đông", False)


def test_html_body_stored_double_encoded_is_repaired_markup_intact():
    body = (
        '<p><img src="images/tin-tuc/hội-nghị.jpg" alt="Toàn cảnh" /></p>\n'
        "<p>Đại hội bầu Ban Chấp hành gồm 15 đồng chí.</p>"
    )
    assert clean(_double_encoded(body)) == (body, True)


def test_dump_read_as_utf8_of_latin1_tables_is_repaired_and_counted():
    source = open_source(FIXTURES / "j15" / "utf8-double-encoded.sql.gz")
    rows = {r["id"]: r for r in source.rows("content")}
    assert rows["100"]["title"] == "Đảng bộ phường Bình Minh học tập nghị quyết"
    assert rows["100"]["created_by_alias"] == "Văn Hải"
    assert rows["102"]["title"] == "Café sáng với cựu chiến binh"
    assert rows["102"]["introtext"] == "<p>Café du matin, texte latin1 réel.</p>"
    assert source.report.repaired["content"] == 9
    table, file, line, column, value = source.report.repaired_examples[0]
    assert (table, file) == ("content", "utf8-double-encoded.sql.gz") and line > 300
    assert value.startswith("Đảng bộ phường")


def test_one_double_encoded_row_among_correct_ones_is_repaired_alone():
    source = open_source(FIXTURES / "j25" / "vn25.sql")
    rows = {r["id"]: r for r in source.rows("content")}
    assert rows["11"]["title"] == "Đại hội Đảng bộ xã Tân Hòa lần thứ XV"
    assert rows["11"]["fulltext"] == (
        "<p>Đại hội bầu Ban Chấp hành gồm 15 đồng chí. "
        "“Đoàn kết – Dân chủ – Kỷ cương”.</p>"
    )
    assert rows["1"]["title"] == "Hội nghị Ban Chấp hành Đảng bộ lần thứ năm"
    assert source.report.repaired["content"] == 4  # title, intro, full, metadesc
    assert all(
        example[2] and example[0] == "content"
        for example in source.report.repaired_examples
    )


def test_every_value_read_is_nfc():
    for path in (
        FIXTURES / "j25" / "vn25.sql",
        FIXTURES / "j4" / "j4x-hash-prefix.sql.gz",
    ):
        source = open_source(path)
        for table in ("content", "categories", "users", "menu"):
            for row in source.rows(table):
                for value in row.values():
                    if isinstance(value, str):
                        assert unicodedata.is_normalized("NFC", value)
