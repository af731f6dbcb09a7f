"""The search page /tim-kiem/: Vietnamese with or without diacritics, ranking,
highlights, pagination and hostile input."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletins.models import Article
from search.query import parse_query
from search.results import highlight, snippet
from tests.factories import make_article, make_category, make_congress, make_document

pytestmark = pytest.mark.django_db

URL = "/tim-kiem/"


def titles(response):
    """Result titles in page order, with the <mark> tags removed."""
    html = response.content.decode()
    found = re.findall(
        r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a>', html
    )
    return [re.sub(r"</?mark>", "", t) for t in found]


def plain(title, **kwargs):
    kwargs.setdefault("lead", "Tin ngắn.")
    kwargs.setdefault("body", "<p>Nội dung.</p>")
    return make_article(title, **kwargs)


# --- parsing and highlighting (no database) --------------------------------------


def test_query_is_folded_to_words():
    parsed = parse_query("  Đại hội  ĐẢNG bộ, “tỉnh”!  ")
    assert parsed.terms == ("dai", "hoi", "dang", "bo", "tinh")
    assert parsed.text == "Đại hội ĐẢNG bộ, “tỉnh”!"


def test_decomposed_input_gives_the_same_terms():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Đảng bộ")
    assert parse_query(nfd).terms == parse_query("dang bo").terms == ("dang", "bo")


def test_query_keeps_200_characters_and_8_terms():
    parsed = parse_query("a " * 5000)
    assert len(parsed.text) <= 200
    assert parsed.terms == ("a",)
    many = parse_query(" ".join(f"tu{i}" for i in range(50)))
    assert len(many.terms) == 8


def test_control_characters_and_sql_are_reduced_to_words():
    parsed = parse_query("x\x00y\x1b'; DROP TABLE bulletins_article;--")
    assert "\x00" not in parsed.text
    assert parsed.terms == ("x", "y", "drop", "table", "bulletins", "article")


def test_highlight_marks_words_found_without_diacritics_and_escapes_the_rest():
    html = highlight("<b>Đảng bộ</b> & Dang bo tỉnh", ("dang", "bo"))
    assert html == (
        "&lt;b&gt;<mark>Đảng</mark> <mark>bộ</mark>&lt;/b&gt; &amp; "
        "<mark>Dang</mark> <mark>bo</mark> tỉnh"
    )


def test_highlight_prefers_whole_words():
    assert highlight("bong bo", ("bo",)) == "bong <mark>bo</mark>"


def test_snippet_is_cut_around_the_first_word_found():
    text = (
        "Mở đầu. " * 60
        + "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5. "
        + "Kết. " * 80
    )
    result = str(snippet(text, ("dang", "bo")))
    assert result.startswith("… ")
    assert result.endswith(" …")
    assert "<mark>Đảng</mark> <mark>bộ</mark>" in result
    assert len(re.sub(r"</?mark>", "", result)) < 260


# --- the page ---------------------------------------------------------------------


@pytest.mark.parametrize("q", ["dang bo", "Đảng bộ", "ĐẢNG BỘ", "đảng Bộ", "DANG BO"])
def test_search_finds_vietnamese_with_or_without_diacritics(client, q):
    plain("Đảng bộ tỉnh tổng kết năm")
    plain("Hội nông dân ra quân")
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert titles(response) == ["Đảng bộ tỉnh tổng kết năm"]


def test_stored_text_without_diacritics_is_found_by_a_query_with_them(client):
    plain("Dang bo xa ra quan")
    assert titles(client.get(URL, {"q": "Đảng bộ"})) == ["Dang bo xa ra quan"]


def test_words_match_whole_not_inside_other_words(client):
    plain("Đảng bộ tỉnh")
    plain("Bồi dưỡng đảng viên mới")
    assert titles(client.get(URL, {"q": "dang bo"})) == ["Đảng bộ tỉnh"]


def test_snippet_keeps_paragraphs_apart(client):
    plain("Tin hội nghị", lead="", body="<p>Kết thúc hội nghị.</p><p>Chi bộ họp.</p>")
    html = client.get(URL, {"q": "chi bo"}).content.decode()
    assert "hội nghị. <mark>Chi</mark> <mark>bộ</mark> họp." in html


def test_article_words_in_separate_paragraphs_are_not_glued_together(client):
    plain("Tin hội nghị", lead="", body="<h2>Tin vắn</h2><p>Chi bộ họp</p>")
    assert titles(client.get(URL, {"q": "van chi"})) == ["Tin hội nghị"]


def test_document_words_in_separate_paragraphs_are_not_glued_together(client):
    make_document("Thông báo", number="", body="<h2>Tin vắn</h2><p>Chi bộ họp</p>")
    assert titles(client.get(URL, {"q": "van chi"})) == ["Thông báo"]


def test_every_word_must_match(client):
    plain("Đảng bộ tỉnh")
    plain("Đảng bộ huyện")
    assert titles(client.get(URL, {"q": "dang bo tinh"})) == ["Đảng bộ tỉnh"]


def test_title_matches_rank_above_lead_and_body_matches(client):
    now = timezone.now()
    # Newest first would give body, lead, title: ranking must turn that round.
    plain(
        "Tin tổng hợp",
        body="<p>Hội nghị chuyển đổi số toàn tỉnh.</p>",
        published_at=now - timedelta(hours=1),
    )
    plain(
        "Tin trong ngày",
        lead="Tỉnh đẩy mạnh chuyển đổi số.",
        published_at=now - timedelta(hours=2),
    )
    plain("Chuyển đổi số ở cơ sở", published_at=now - timedelta(hours=3))
    assert titles(client.get(URL, {"q": "chuyen doi so"})) == [
        "Chuyển đổi số ở cơ sở",
        "Tin trong ngày",
        "Tin tổng hợp",
    ]


def test_documents_are_found_by_title_number_and_abstract(client):
    make_document(
        "Kế hoạch tổ chức Đại hội",
        number="42-KH/ĐUK",
        abstract="Về việc chuẩn bị nhân sự.",
    )
    make_document(
        "Thông báo lịch tiếp dân", number="7-TB/ĐUK", abstract="Lịch tháng Mười."
    )
    assert titles(client.get(URL, {"q": "ke hoach dai hoi"})) == [
        "42-KH/ĐUK Kế hoạch tổ chức Đại hội"
    ]
    assert titles(client.get(URL, {"q": "duk 42"})) == [
        "42-KH/ĐUK Kế hoạch tổ chức Đại hội"
    ]
    assert titles(client.get(URL, {"q": "nhân sự"})) == [
        "42-KH/ĐUK Kế hoạch tổ chức Đại hội"
    ]
    response = client.get(URL, {"q": "tiep dan"})
    assert "Văn bản" in response.content.decode()


def test_document_body_is_searched_as_text_not_markup(client):
    make_document(
        "Nghị quyết", number="", body="<p><strong>Phát triển</strong> kinh tế biển.</p>"
    )
    assert titles(client.get(URL, {"q": "kinh te bien"})) == ["Nghị quyết"]
    assert titles(client.get(URL, {"q": "strong"})) == []


def test_only_published_rows_are_found(client):
    now = timezone.now()
    plain("Bản nháp về khuyến nông", status=Article.Status.DRAFT)
    plain("Hẹn giờ về khuyến nông", published_at=now + timedelta(days=1))
    plain("Đã đăng về khuyến nông", published_at=now - timedelta(minutes=5))
    make_document(
        "Văn bản khuyến nông sắp ban hành", published_at=now + timedelta(days=1)
    )
    unpublished = make_document("Văn bản khuyến nông chưa đăng")
    type(unpublished).objects.filter(pk=unpublished.pk).update(published_at=None)
    response = client.get(URL, {"q": "khuyen nong"})
    assert titles(response) == ["Đã đăng về khuyến nông"]


def test_highlights_in_title_and_snippet_and_user_text_is_escaped(client):
    plain(
        "Đảng bộ <script>alert(1)</script> tỉnh",
        lead="Ban Thường vụ Đảng bộ họp.",
    )
    response = client.get(URL, {"q": "dang bo <script>"})
    html = response.content.decode()
    assert "<mark>Đảng</mark> <mark>bộ</mark> &lt;<mark>script</mark>&gt;" in html
    assert (
        '<p class="search-result__snippet">Ban Thường vụ <mark>Đảng</mark> <mark>bộ</mark> họp.'
        in html
    )
    assert "<script>alert" not in html
    # The reader's own text is shown back escaped.
    assert "&lt;script&gt;" in html


def test_empty_query_asks_for_words(client):
    for q in ["", "   ", "!!! ???", "\x00\x01"]:
        response = client.get(URL, {"q": q})
        assert response.status_code == 200
        assert "Mời bạn nhập từ khóa" in response.content.decode()


def test_no_results_says_so_in_vietnamese(client):
    plain("Đảng bộ tỉnh")
    response = client.get(URL, {"q": "khong co gi"})
    assert response.status_code == 200
    assert "Không tìm thấy kết quả nào cho “khong co gi”" in response.content.decode()


def test_pages_of_results(client):
    base = timezone.now() - timedelta(days=1)
    for i in range(13):
        plain(f"Nông thôn mới số {i:02d}", published_at=base + timedelta(minutes=i))
    first = client.get(URL, {"q": "nong thon"})
    second = client.get(URL, {"q": "nong thon", "trang": "2"})
    assert len(titles(first)) == 10
    assert titles(second) == [f"Nông thôn mới số {i:02d}" for i in (2, 1, 0)]
    assert "Tìm thấy 13 kết quả" in first.content.decode()
    assert "?q=nong%20thon&amp;trang=2" in first.content.decode()


@pytest.mark.parametrize(
    "page", ["0", "-1", "3", "abc", "1.5", "99999999999999999999", "%00"]
)
def test_bad_page_numbers_are_404(client, page):
    for i in range(3):
        plain(f"Nông thôn mới {i}")
    response = client.get(URL, {"q": "nong thon", "trang": page})
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


HOSTILE = [
    "",
    "a" * 10_000,
    "đ" * 10_000,
    "'",
    '"',
    "'\"",
    "' OR 1=1 --",
    "'; DROP TABLE bulletins_article; --",
    "%",
    "_",
    "\\",
    "dang & bo | !tinh",
    "dang:* <-> bo",
    "\x00",
    "dang\x00bo",
    "\x1b[31m\x7f\x08",
    "<script>alert(1)</script>",
    "Đảng bộ " * 500,
    "🙂 ｄａｎｇ",
    "SELECT * FROM auth_user",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_fail(client, q):
    plain("Đảng bộ tỉnh")
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%FF%FE",
        "q=%C0%AF",
        "q=%E1%BA",
        "q=%00%00",
        "q=dang%ZZbo",
        "q=&q=dang",
        "trang=2",
    ],
)
def test_raw_query_strings_never_fail(client, query_string):
    plain("Đảng bộ tỉnh")
    response = client.get(f"{URL}?{query_string}")
    assert response.status_code == 200


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=300))
def test_any_text_gives_a_page(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200


def _search_queries(client, django_assert_max_num_queries):
    client.get(URL, {"q": "cai cach"})  # warm the site-wide caches
    with django_assert_max_num_queries(12) as ctx:
        response = client.get(URL, {"q": "cai cach"})
    assert response.status_code == 200
    ours = [q for q in ctx.captured_queries if '"bulletins_' in q["sql"]]
    return len(ours)


def test_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    counts = []
    for size in (3, 25):
        category = make_category()
        now = timezone.now()
        for i in range(size):
            when = now - timedelta(minutes=i)
            plain(
                f"Tin số {i}",
                lead="Cải cách hành chính.",
                category=category,
                published_at=when,
            )
            if i < 4:  # title matches first: both kinds on the first page
                make_document(f"Cải cách hành chính văn bản {i}", published_at=when)
        counts.append(_search_queries(client, django_assert_max_num_queries))
    # the matching rows, the page's articles (with categories), its documents
    assert counts == [3, 3]


def test_search_box_is_a_labelled_get_form_on_every_page(client):
    html = client.get("/").content.decode()
    assert (
        '<form class="search-box" action="/tim-kiem/" method="get" role="search">'
        in html
    )
    assert '<label for="o-tim-kiem"' in html
    assert 'name="q"' in html


def test_postgresql_search_folds_with_unaccent(client, requires_postgres):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT unaccent('Đảng bộ Ưu tiên')")
        assert cursor.fetchone()[0] == "Dang bo Uu tien"
    now = timezone.now()
    plain("Đảng bộ tỉnh tổng kết năm", published_at=now - timedelta(hours=1))
    make_document(
        "Nghị quyết của ĐẢNG BỘ khối", number="", published_at=now - timedelta(hours=2)
    )
    plain(
        "Ban dân vận",
        body="<p>Đảng bộ xã học tập nghị quyết.</p>",
        published_at=now - timedelta(minutes=5),
    )
    for q in ("dang bo", "Đảng bộ", "ĐẢNG BỘ", "đảng  Bộ"):
        assert titles(client.get(URL, {"q": q})) == [
            "Đảng bộ tỉnh tổng kết năm",
            "Nghị quyết của ĐẢNG BỘ khối",
            "Ban dân vận",
        ]


# --- The phrase, photo reports and pages ------------------------------------------


def test_a_title_holding_the_phrase_ranks_above_one_with_the_words_apart(client):
    now = timezone.now()
    plain("Kết nạp đảng viên mới tại Chi bộ Văn phòng", published_at=now)
    plain(
        "Đại hội Đảng bộ Sở lần thứ XV thành công",
        published_at=now - timedelta(days=30),
    )
    plain(
        "Tin ngắn trong tuần",
        lead="Đảng bộ Sở tổng kết công tác năm.",
        published_at=now,
    )
    for q in ("Đảng bộ", "dang bo"):
        assert titles(client.get(URL, {"q": q})) == [
            "Đại hội Đảng bộ Sở lần thứ XV thành công",
            "Kết nạp đảng viên mới tại Chi bộ Văn phòng",
            "Tin ngắn trong tuần",
        ]


def test_a_document_title_holding_the_phrase_ranks_first(client):
    make_document("Kế hoạch của chi bộ về công tác đảng viên")
    make_document("Nghị quyết Đại hội Đảng bộ lần thứ XV")
    assert titles(client.get(URL, {"q": "dang bo"}))[0].endswith(
        "Nghị quyết Đại hội Đảng bộ lần thứ XV"
    )


def test_photo_reports_are_found_unless_their_congress_is_hidden(client):
    from congress.models import PhotoReport

    shown = make_congress()
    hidden = make_congress(is_published=False)
    for congress, title in ((shown, "Khai mạc đại hội"), (hidden, "Bế mạc đại hội")):
        PhotoReport.objects.create(
            congress=congress,
            title=f"Phóng sự ảnh: {title}",
            description="Hình ảnh tại hội trường.",
            published_at=timezone.now() - timedelta(hours=1),
        )
    response = client.get(URL, {"q": "phong su anh dai hoi"})
    assert titles(response) == ["Phóng sự ảnh: Khai mạc đại hội"]
    html = response.content.decode()
    assert "Phóng sự ảnh · Đại hội lần thứ" in html


def test_published_pages_are_found(client):
    from bulletins.models import Page

    Page.objects.create(
        title="Lịch sử Đảng bộ",
        lead="Chặng đường hình thành và phát triển.",
        status=Page.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )
    Page.objects.create(title="Lịch sử chưa đăng", status=Page.Status.DRAFT)
    assert titles(client.get(URL, {"q": "lich su"})) == ["Lịch sử Đảng bộ"]
