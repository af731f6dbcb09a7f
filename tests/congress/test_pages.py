"""Public pages of the congress section."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from congress.models import (
    Congress,
    Document,
    Feedback,
    Media,
    MediaKind,
    Person,
    PersonPosition,
    PhotoReport,
    PhotoReportImage,
)
from congress.services import congress_set_current
from tests.factories import image_file, make_article, make_congress, make_document

pytestmark = pytest.mark.django_db


def test_congress_list_newest_first_with_current_marked(client):
    old = make_congress(number=14, term_start=2020, term_end=2025)
    new = make_congress(number=15, term_start=2025, term_end=2030, is_current=True)
    html = client.get(reverse("congress:list")).content.decode()
    assert "Các kì đại hội" in html
    assert "lần thứ XV" in html and "lần thứ XIV" in html
    assert html.index(new.get_absolute_url()) < html.index(old.get_absolute_url())
    assert html.count("Đại hội hiện tại") == 1


def test_only_one_congress_can_be_current():
    make_congress(is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_congress(is_current=True)


def test_set_current_moves_the_mark():
    first = make_congress(is_current=True)
    second = make_congress()
    congress_set_current(congress=second)
    assert list(Congress.objects.filter(is_current=True)) == [second]
    first.refresh_from_db()
    assert first.is_current is False


def test_congress_home_shows_roman_ordinal_term_and_section_menu(client):
    congress = make_congress(
        number=14,
        term_start=2020,
        term_end=2025,
        delegates=1250,
        summary="<p>Tóm tắt</p><script>alert(1)</script>",
    )
    response = client.get(congress.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đại hội lần thứ XIV, nhiệm kỳ 2020–2025" in html
    assert "1.250 đại biểu" in html
    assert "<script>alert(1)</script>" not in html
    for label in (
        "Tin tức",
        "Tư liệu Đại hội",
        "Nhân sự đại hội",
        "Phóng sự ảnh",
        "Video",
        "Audio",
        "Ý kiến đóng góp",
    ):
        assert f">{label}</a>" in html


def test_empty_congress_shows_friendly_lines(client):
    congress = make_congress()
    home = client.get(congress.get_absolute_url()).content.decode()
    assert "Tư liệu của đại hội này đang được cập nhật" in home
    assert "Danh sách nhân sự của đại hội này đang được cập nhật" in home
    docs = client.get(reverse("congress:documents", args=[congress.slug]))
    assert docs.status_code == 200
    assert "Tư liệu của đại hội này đang được cập nhật" in docs.content.decode()
    people = client.get(reverse("congress:people", args=[congress.slug]))
    assert people.status_code == 200
    assert "Danh sách nhân sự" in people.content.decode()
    for name in ("congress:video", "congress:audio", "congress:photo_reports"):
        response = client.get(reverse(name, args=[congress.slug]))
        assert response.status_code == 200
        assert 'class="empty"' in response.content.decode()
    feedback = client.get(reverse("congress:feedback", args=[congress.slug]))
    assert "Hiện không có dự thảo nào đang lấy ý kiến" in feedback.content.decode()


def test_documents_page_lists_only_published_documents_of_that_congress(client):
    congress = make_congress()
    other = make_congress()
    make_document("Báo cáo chính trị đã đăng", congress=congress)
    make_document(
        "Văn bản hẹn giờ",
        congress=congress,
        published_at=timezone.now() + timedelta(days=1),
    )
    make_document("Văn bản của kì khác", congress=other)
    make_document("Văn bản chung", congress=None)
    html = client.get(
        reverse("congress:documents", args=[congress.slug])
    ).content.decode()
    assert "Báo cáo chính trị đã đăng" in html
    assert "Văn bản hẹn giờ" not in html
    assert "Văn bản của kì khác" not in html
    assert "Văn bản chung" not in html


def test_people_page_lists_people_in_order_with_positions(client):
    congress = make_congress()
    Person.objects.create(
        congress=congress, name="Trần Thị B", position=PersonPosition.EXECUTIVE, order=2
    )
    Person.objects.create(
        congress=congress,
        name="Nguyễn Văn A",
        position=PersonPosition.SECRETARY,
        position_detail="Giám đốc Sở",
        order=1,
        photo=image_file("a.jpg", size=(120, 160)),
    )
    html = client.get(reverse("congress:people", args=[congress.slug])).content.decode()
    assert html.index("Nguyễn Văn A") < html.index("Trần Thị B")
    assert "Bí thư" in html and "Giám đốc Sở" in html
    assert 'alt="Ảnh chân dung Nguyễn Văn A"' in html


def test_news_of_a_congress_lists_its_published_articles_only(client):
    congress = make_congress()
    tagged = make_article("Khai mạc Đại hội Đảng bộ Sở")
    future = make_article(
        "Bài hẹn giờ về đại hội", published_at=timezone.now() + timedelta(days=2)
    )
    make_article("Tin không liên quan")
    congress.news.add(tagged, future)
    html = client.get(reverse("congress:news", args=[congress.slug])).content.decode()
    assert "Khai mạc Đại hội Đảng bộ Sở" in html
    assert "Bài hẹn giờ về đại hội" not in html
    assert "Tin không liên quan" not in html
    assert list(tagged.congresses.all()) == [congress]


def _report(congress, photos=3, published_at=None):
    report = PhotoReport.objects.create(
        congress=congress,
        title="Phóng sự ảnh khai mạc",
        published_at=published_at or timezone.now() - timedelta(hours=1),
    )
    for order in range(photos):
        PhotoReportImage.objects.create(
            report=report,
            order=order,
            image=image_file(f"p{order}.jpg", size=(40, 30)),
            alt_text=f"Ảnh số {order}",
            caption=f"Chú thích ảnh {order}",
            credit="Ban biên tập",
        )
    return report


def test_photo_report_see_all_page_shows_every_captioned_photo(client):
    congress = make_congress()
    report = _report(congress, photos=5)
    listing = client.get(
        reverse("congress:photo_reports", args=[congress.slug])
    ).content.decode()
    assert "Xem tất cả hình (5)" in listing
    html = client.get(report.get_absolute_url()).content.decode()
    for order in range(5):
        assert f"Chú thích ảnh {order}" in html
        assert f'alt="Ảnh số {order}"' in html
    assert "Ảnh: Ban biên tập" in html


def test_unpublished_photo_report_and_wrong_congress_are_404(client):
    congress = make_congress()
    other = make_congress()
    future = _report(
        congress, photos=1, published_at=timezone.now() + timedelta(days=1)
    )
    assert client.get(future.get_absolute_url()).status_code == 404
    report = _report(congress, photos=1)
    url = reverse("congress:photo_report", args=[other.slug, report.slug])
    assert client.get(url).status_code == 404


def test_media_pages_play_uploads_natively_and_show_external_links_as_links(client):
    congress = make_congress()
    Media.objects.create(
        congress=congress,
        kind=MediaKind.VIDEO,
        title="Toàn cảnh đại hội",
        external_url="https://video.example.vn/toan-canh",
        published_at=timezone.now() - timedelta(hours=1),
    )
    Media.objects.create(
        congress=congress,
        kind=MediaKind.AUDIO,
        title="Diễn văn khai mạc",
        file="media/2025/05/dien-van.mp3",
        published_at=timezone.now() - timedelta(hours=1),
    )
    video = client.get(reverse("congress:video", args=[congress.slug])).content.decode()
    assert 'href="https://video.example.vn/toan-canh"' in video
    assert "<iframe" not in video and "<video" not in video
    main = video[video.index("<main") : video.index("</main>")]
    assert "Diễn văn khai mạc" not in main  # (the side block "Audio" lists it)
    audio = client.get(reverse("congress:audio", args=[congress.slug])).content.decode()
    assert '<audio class="media-item__player" controls' in audio
    assert 'type="audio/mpeg"' in audio


@pytest.mark.parametrize(
    "path",
    [
        "/dai-hoi/khong-co/",
        "/dai-hoi/khong-co/tu-lieu/",
        "/dai-hoi/khong-co/nhan-su/",
        "/dai-hoi/khong-co/phong-su-anh/khong-co/",
        "/dai-hoi/?trang=99",
        "/dai-hoi/?trang=abc",
    ],
)
def test_bad_slugs_and_pages_are_vietnamese_404(client, path):
    make_congress()
    response = client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_unpublished_congress_is_404(client):
    congress = make_congress(is_published=False)
    assert client.get(congress.get_absolute_url()).status_code == 404


def _fill(size):
    congresses = [make_congress() for _ in range(size)]
    for congress in congresses:
        for n in range(size):
            document = make_document(congress=congress)
            Person.objects.create(congress=congress, name=f"Người {n}", order=n)
            document.files.create(file="documents/x.pdf", kind="pdf", size=1000)
        _report(congress, photos=2)
        congress.news.add(*[make_article(f"Tin đại hội {n}") for n in range(size)])
    return congresses[0]


# Queries per page, the same at both data sizes (the site chrome is cached and
# warmed first): the congress, its rows, the pager count, the "Các kì đại hội" block.
# Our own queries per page, the same at both data sizes. The site chrome (sidebar
# blocks of other apps) adds a fixed number, measured on a 404 page of ours that
# makes exactly one query of its own (the congress lookup).
# A congress's pages also have its side blocks (``congress_side``): the latest
# videos and audio (1), the latest photo report (1) and its first photo (1), and
# "Các kì đại hội" (1).
SIDE_BLOCKS = 4
LIST_PAGES = {
    # name: (takes the congress slug, budget of own queries)
    "congress:list": (False, 2),  # pager count, congresses
    "congress:documents": (True, 4 + SIDE_BLOCKS),  # congress, count, documents, files
    "congress:people": (True, 2 + SIDE_BLOCKS),  # congress, people
    "congress:photo_reports": (
        True,
        4 + SIDE_BLOCKS,
    ),  # congress, count, reports, photos
    # congress, news, documents, files, people, report, its photos
    "congress:detail": (True, 7 + SIDE_BLOCKS),
    "congress:news": (True, 3 + SIDE_BLOCKS),  # congress, pager count, articles
    # issuers for the filter, count, documents, their files
    "congress:document_list": (False, 4),
}


def _chrome_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/dai-hoi/khong-co/")  # warm the site-wide caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/dai-hoi/khong-co/").status_code == 404
    return len(ctx.captured_queries) - 1


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_pages_query_count_does_not_grow(client, name):
    """At most the budget, and the same number with 2 and with 8 rows of each kind."""
    with_slug, own = LIST_PAGES[name]
    counts = []
    for size in (2, 8):
        congress = _fill(size)
        url = reverse(name, args=[congress.slug] if with_slug else [])
        counts.append(_queries(client, url))
    chrome = _chrome_queries(client)
    assert counts[0] == counts[1], counts
    assert counts[1] <= own + chrome, (counts, own, chrome)


def test_seed_demo_builds_two_congresses_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = [
        Congress.objects.count(),
        Document.objects.count(),
        Person.objects.count(),
        Feedback.objects.count(),
        PhotoReport.objects.count(),
    ]
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == [
        Congress.objects.count(),
        Document.objects.count(),
        Person.objects.count(),
        Feedback.objects.count(),
        PhotoReport.objects.count(),
    ]
    assert Congress.objects.count() == 2
    assert Congress.objects.get(is_current=True).number == 15
    assert Feedback.objects.approved().exists() and Feedback.objects.pending().exists()


@pytest.mark.parametrize("size", [1, 6])
def test_congress_terms_block_is_one_query(django_assert_num_queries, size):
    from django.template import Context, Template

    congresses = [make_congress() for _ in range(size)]
    template = Template("{% load congress_tags %}{% congress_terms current %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"current": congresses[0]}))
    assert html.count("<li>") == size
    assert 'aria-current="page"' in html


def test_admin_action_makes_one_congress_current(admin_client):
    first = make_congress(is_current=True)
    second = make_congress()
    admin_client.post(
        reverse("admin:congress_congress_changelist"),
        {"action": "make_current", "_selected_action": [second.pk]},
    )
    assert list(Congress.objects.filter(is_current=True)) == [second]
    admin_client.post(
        reverse("admin:congress_congress_changelist"),
        {"action": "make_current", "_selected_action": [first.pk, second.pk]},
    )
    assert list(Congress.objects.filter(is_current=True)) == [second]


def test_admin_form_refuses_a_second_current_congress(admin_client):
    make_congress(is_current=True)
    response = admin_client.post(
        reverse("admin:congress_congress_add"),
        {
            "party_committee": "Đảng bộ Sở",
            "number": "16",
            "term_start": "2030",
            "term_end": "2035",
            "is_current": "on",
            "is_published": "on",
            "summary": "",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
            "people-MIN_NUM_FORMS": "0",
            "people-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200  # the form comes back with the error
    one_current = next(
        c
        for c in Congress._meta.constraints
        if c.name == "bulletins_congress_one_current"
    )
    assert str(one_current.violation_error_message) in response.content.decode()
    assert Congress.objects.count() == 1
