"""Public pages: visibility, preview, related lists, pager, query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bulletins.models import Article
from tests.factories import (
    image_file,
    make_article,
    make_category,
    make_staff,
    make_tag,
)

pytestmark = pytest.mark.django_db


def test_article_page_shows_what_a_reader_expects(client):
    category = make_category("Hoạt động Đảng bộ", parent=make_category("Tin tức"))
    when = timezone.make_aware(timezone.datetime(2021, 10, 25, 14, 6))
    article = make_article(
        "Hội nghị tổng kết công tác xây dựng Đảng",
        category=category,
        published_at=when,
        lead="Sáng 23/10, Đảng ủy tổ chức hội nghị tổng kết.",
        authors="Ngọc Triều",
        photographer="Thiên Dương",
        source_line="Đăng trên Tạp chí Khoa học và Công nghệ số 2 ra tháng 4 năm 2018",
        issue_label="số 2-2018",
        featured_image=image_file(size=(1600, 900)),
        featured_image_alt="Đại biểu dự hội nghị",
        featured_image_caption="Quang cảnh hội nghị",
        featured_image_credit="Thiên Dương",
    )
    Article.objects.filter(pk=article.pk).update(view_count=57998)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "25/10/2021, 14:06 (GMT+7)" in html
    assert "Ngọc Triều, Ảnh Thiên Dương" in html
    assert "Tạp chí Khoa học và Công nghệ số 2" in html
    assert "số 2-2018" in html
    assert "57.998" in html
    assert "In bài" in html and "portal/site.js" in html
    assert 'href="/chuyen-muc/tin-tuc/"' in html  # breadcrumbs: parent
    assert 'href="/chuyen-muc/hoat-dong-dang-bo/"' in html
    # Featured photo: column rendition with its size, original linked, caption once.
    assert 'width="820" height="461"' in html
    assert f'href="{article.featured_image.url}"' in html
    assert html.count("Quang cảnh hội nghị") == 1
    assert 'alt="Đại biểu dự hội nghị"' in html
    assert "onclick" not in html and "<script>" not in html


def test_inline_figure_caption_is_said_once_and_image_is_lazy(client, settings):
    from django.core.files.storage import default_storage

    name = default_storage.save("editor/anh.jpg", image_file(size=(1400, 700)))
    body = (
        f'<figure class="image"><img src="{settings.MEDIA_URL}{name}" '
        'alt="Đảng viên biểu quyết"><figcaption>Đảng viên biểu quyết</figcaption>'
        "</figure>"
    )
    article = make_article("Bài có ảnh trong thân bài", body=body)
    html = client.get(article.get_absolute_url()).content.decode()
    body_html = html.split('class="article__body">', 1)[1].split("</div>", 1)[0]
    assert body_html.count("Đảng viên biểu quyết") == 1
    assert 'alt=""' in body_html
    assert 'loading="lazy"' in body_html
    assert 'width="820" height="410"' in body_html
    assert "/media/renditions/column/editor/anh.jpg" in body_html
    assert f'href="{settings.MEDIA_URL}{name}"' in body_html  # open full size


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_unpublished_article_is_404_for_the_public_and_previewable_by_staff(
    client, status
):
    article = make_article("Bài chưa đăng", status=status)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert client.get(article.get_absolute_url() + "?preview").status_code == 404
    assert client.get(article.get_preview_url()).status_code == 404

    colleague = make_staff("dong-nghiep")
    client.force_login(colleague)
    assert client.get(article.get_preview_url()).status_code == 404
    writer = make_staff("nguoi-viet")
    type(article).objects.filter(pk=article.pk).update(created_by=writer)
    client.force_login(writer)
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in (article.get_absolute_url() + "?preview", article.get_preview_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert "Bản xem trước" in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_future_article_hidden_until_its_time(client):
    now = timezone.now()
    future = make_article("Tin hẹn giờ", published_at=now + timedelta(days=1))
    assert client.get(future.get_absolute_url()).status_code == 404
    assert "Tin hẹn giờ" not in client.get("/tin-tuc/").content.decode()
    assert "Tin hẹn giờ" not in client.get("/").content.decode()
    # Its time comes: no job needed, the rule is evaluated on every read.
    Article.objects.filter(pk=future.pk).update(published_at=now - timedelta(seconds=1))
    assert client.get(future.get_absolute_url()).status_code == 200


def test_non_staff_user_cannot_preview(client, django_user_model):
    article = make_article("Bài nháp", status=Article.Status.DRAFT)
    user = django_user_model.objects.create_user("bandoc", password="x")
    client.force_login(user)
    assert client.get(article.get_preview_url()).status_code == 404


def test_related_and_other_news(client):
    now = timezone.now()
    cat = make_category("Khoa học và công nghệ")
    other_cat = make_category("Chuyển đổi số")
    tag = make_tag("Đo lường")
    article = make_article(
        "Bài chính", category=cat, tags=[tag], published_at=now - timedelta(days=5)
    )
    same_cat_older = make_article(
        "Cùng mục cũ hơn", category=cat, published_at=now - timedelta(days=6)
    )
    same_cat_newer = make_article(
        "Cùng mục mới hơn", category=cat, published_at=now - timedelta(days=1)
    )
    shared_tag = make_article("Cùng chủ đề", category=other_cat, tags=[tag])
    unrelated = make_article("Không liên quan", category=other_cat)
    make_article("Nháp cùng mục", category=cat, status=Article.Status.DRAFT)
    make_article(
        "Hẹn giờ cùng chủ đề",
        category=other_cat,
        tags=[tag],
        published_at=now + timedelta(days=1),
    )

    response = client.get(article.get_absolute_url())
    related = {link.pk for link in response.context["related"]}
    assert related == {same_cat_older.pk, same_cat_newer.pk, shared_tag.pk}
    assert article.pk not in related and unrelated.pk not in related
    html = response.content.decode()
    assert "Tin liên quan" in html
    assert "Nháp cùng mục" not in html and "Hẹn giờ cùng chủ đề" not in html


def test_other_news_lists_newer_and_older_in_the_category(client, settings):
    from bulletins import views

    now = timezone.now()
    cat = make_category("Tin tức")
    articles = [
        make_article(f"Tin số {i}", category=cat, published_at=now - timedelta(days=i))
        for i in range(1, 15)
    ]
    middle = articles[7]
    response = client.get(middle.get_absolute_url())
    related = set(response.context["related"])
    newer, older = response.context["newer"], response.context["older"]
    assert len(related) == views.RELATED_COUNT
    assert all(a.published_at > middle.published_at for a in newer)
    assert all(a.published_at < middle.published_at for a in older)
    # Related takes the five newest (days 1-5); the rest are the nearest in time.
    assert [a.title for a in newer] == ["Tin số 6", "Tin số 7"]
    assert [a.title for a in older] == [f"Tin số {i}" for i in range(9, 14)]
    assert not (related & set(newer)) and not (related & set(older))
    assert "Các tin khác" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "99999", "abc", "1.5", ""])
def test_bad_page_numbers_are_vietnamese_404s(client, page):
    cat = make_category("Tin tức")
    for i in range(20):
        make_article(f"Tin {i}", category=cat)
    for url in (f"/tin-tuc/?trang={page}", f"/chuyen-muc/{cat.slug}/?trang={page}"):
        response = client.get(url)
        if page == "":
            assert response.status_code == 200
            continue
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in response.content.decode()


def test_category_pager_pages_and_children(client):
    parent = make_category("Tin tức")
    child = make_category("Hoạt động Đảng bộ", parent=parent)
    for i in range(17):
        make_article(f"Tin con {i}", category=child)
    response = client.get(f"/chuyen-muc/{parent.slug}/?trang=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trang 2/2" in html
    assert 'href="?trang=1"' in html and "Trang trước" in html
    assert len(response.context["articles"]) == 2
    assert client.get("/chuyen-muc/khong-co/").status_code == 404


def test_inactive_category_is_404(client):
    cat = make_category("Mục ẩn", is_active=False)
    assert client.get(cat.get_absolute_url()).status_code == 404


def _fill(n, *, photos=0):
    from bulletins.models import ArticlePhoto

    top = make_category(f"Mục chính {n}", show_on_home=True)
    child = make_category(f"Mục con {n}", parent=top)
    other = make_category(f"Mục khác {n}", show_on_home=True)
    tags = [make_tag(f"Chủ đề {n}-{i}") for i in range(3)]
    articles = []
    for i in range(n):
        articles.append(
            make_article(
                f"Tin {n}-{i}",
                category=[top, child, other][i % 3],
                tags=tags[: i % 3],
                is_featured=i % 4 == 0,
                featured_image=image_file(size=(400, 300)) if i < 3 else "",
                featured_image_alt="Ảnh" if i < 3 else "",
            )
        )
    for i in range(photos):
        ArticlePhoto.objects.create(
            article=articles[0], image=image_file(size=(300, 200)), alt_text=f"Ảnh {i}"
        )
    return articles[0]


def _count(client, url, django_assert_max_num_queries, limit):
    """Queries of one page view: (all, those on the news tables)."""
    client.get(url)  # warm the profile/menu cache and make the renditions
    with django_assert_max_num_queries(limit) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    ours = [q for q in ctx.captured_queries if '"bulletins_' in q["sql"]]
    return len(ctx.captured_queries), len(ours)


def test_home_query_count_is_fixed(client, django_assert_max_num_queries):
    _fill(3)
    small = _count(client, "/", django_assert_max_num_queries, 8)
    _fill(30)
    large = _count(client, "/", django_assert_max_num_queries, 8)
    assert small == large
    # featured, latest, categories, category blocks, the current congress (whose
    # table keeps its bulletins_ name)
    assert small[1] <= 5


def test_article_query_count_is_fixed(client, django_assert_max_num_queries):
    small_article = _fill(3, photos=1)
    small = _count(
        client, small_article.get_absolute_url(), django_assert_max_num_queries, 8
    )
    large_article = _fill(30, photos=8)
    large = _count(
        client, large_article.get_absolute_url(), django_assert_max_num_queries, 8
    )
    assert small == large
    assert small[1] <= 4  # article, related, newer+older, photos


@pytest.mark.parametrize("path", ["category", "list"])
def test_category_and_list_query_counts_are_fixed(
    client, django_assert_max_num_queries, path
):
    counts = []
    for size in (3, 40):
        article = _fill(size)
        url = article.category.get_absolute_url() if path == "category" else "/tin-tuc/"
        counts.append(_count(client, url, django_assert_max_num_queries, 8))
    assert counts[0] == counts[1]
    assert counts[0][1] <= (3 if path == "category" else 2)  # (category,) count, page
