import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from portal.sanitize import clean_html
from portal.text import fold, vn_slugify


def test_slug_keeps_d_with_stroke_and_drops_tone_marks():
    assert vn_slugify("Đảng bộ") == "dang-bo"
    assert vn_slugify("ĐẠI HỘI Đảng bộ lần thứ XIV") == "dai-hoi-dang-bo-lan-thu-xiv"
    assert (
        vn_slugify("Ứng dụng khoa học: ả ã á ạ à, ỏ õ ó ọ ò, ừ ữ ử ự ứ, ý ỳ ỹ ỷ ỵ")
        == "ung-dung-khoa-hoc-a-a-a-a-a-o-o-o-o-o-u-u-u-u-u-y-y-y-y-y"
    )


def test_fold_matches_typed_without_diacritics():
    assert fold("Đảng bộ") == fold("dang bo") == "dang bo"


def test_clean_html_strips_script_and_handlers():
    dirty = (
        '<p onclick="x()">Tin<script>alert(1)</script></p>'
        '<a href="jav&#x09;ascript:alert(1)">a</a><img src="/media/a.jpg" onerror="x">'
    )
    clean = clean_html(dirty)
    assert "script" not in clean.lower()
    assert "onclick" not in clean and "onerror" not in clean
    assert "javascript" not in clean.lower()
    assert '<img src="/media/a.jpg">' in clean


@given(st.text())
def test_fold_drops_exactly_the_combining_marks(text):
    expected = unicodedata.normalize("NFKD", text.translate({0x110: "D", 0x111: "d"}))
    expected = "".join(ch for ch in expected if not unicodedata.combining(ch))
    assert fold(text) == re.sub(r"\s+", " ", expected).strip().lower()
