"""The "Thống kê truy cập" block, its JSON endpoint and the article views tag."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils import timezone

from analytics import selectors
from analytics.models import CounterSettings, DailyStat
from bulletins.models import Article
from portal.current_site import activate
from portal.models import Site, SiteProfile
from tests.conftest import count_queries
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SUNDAY = date(2026, 11, 22)


def add(day, views, visits, shard=0):
    DailyStat.objects.create(day=day, shard=shard, views=views, visits=visits)


def render_block():
    return Template("{% include 'analytics/_sidebar.html' %}").render(Context({}))


def test_weeks_start_on_monday_and_months_roll_over_the_year():
    sunday = selectors.periods(SUNDAY)
    assert sunday["this_week"] == (date(2026, 11, 16), SUNDAY)
    assert sunday["last_week"] == (date(2026, 11, 9), date(2026, 11, 15))

    monday = selectors.periods(date(2026, 11, 23))
    assert monday["this_week"] == (date(2026, 11, 23), date(2026, 11, 23))

    january = selectors.periods(date(2027, 1, 1))
    assert january["yesterday"] == (date(2026, 12, 31), date(2026, 12, 31))
    assert january["last_month"] == (date(2026, 12, 1), date(2026, 12, 31))


def test_snapshot_sums_shards_into_each_period():
    add(SUNDAY, 10, 4, shard=0)
    add(SUNDAY, 5, 3, shard=5)  # same day, another shard
    add(SUNDAY - timedelta(days=1), 7, 2)  # Saturday: yesterday, this week
    add(date(2026, 11, 15), 9, 6)  # Sunday before: last week
    add(date(2026, 10, 31), 11, 8)  # last month
    add(date(2025, 1, 1), 100, 50)  # only in the totals

    numbers = selectors.compute_snapshot(today=SUNDAY)

    assert numbers["today"] == 7
    assert numbers["yesterday"] == 2
    assert numbers["this_week"] == 9
    assert numbers["last_week"] == 6
    assert numbers["this_month"] == 15
    assert numbers["last_month"] == 8
    assert numbers["total_visits"] == 73
    assert numbers["total_views"] == 142


def test_totals_include_what_the_old_site_counted():
    profile = SiteProfile.objects.current()
    CounterSettings.objects.create(
        profile=profile, initial_visits=57_990, initial_views=2_011_960
    )
    add(SUNDAY, 5, 8)

    numbers = selectors.compute_snapshot(today=SUNDAY)

    assert (numbers["total_visits"], numbers["total_views"]) == (57_998, 2_011_965)


def test_block_shows_the_numbers_the_vietnamese_way():
    CounterSettings.objects.create(
        profile=SiteProfile.objects.current(), initial_visits=57_998
    )

    html = render_block()

    assert "Thống kê truy cập" in html
    assert "Đang trực tuyến" in html
    assert '<dd data-counter="total_visits">57.998</dd>' in html
    assert "<script>" not in html and "style=" not in html


def test_staff_choose_which_lines_appear(reader):
    settings_row = selectors.counter_settings()
    settings_row.show_yesterday = False
    settings_row.show_total_views = False
    settings_row.save()

    html = render_block()
    data = reader.get("/thong-ke/so-lieu.json").json()

    assert "Hôm qua" not in html and "Tổng lượt xem" not in html
    assert "Hôm nay" in html and "Tổng lượt truy cập" in html
    assert "yesterday" not in data["counter"] and "total_views" not in data["counter"]
    assert "today" in data["counter"]


def test_block_queries_do_not_grow_with_the_data():
    # As on a page: the request's site is known (portal.sites.SiteMiddleware).
    with activate(Site.objects.order_by("pk").first()):
        _block_queries_do_not_grow_with_the_data()


def _block_queries_do_not_grow_with_the_data():
    selectors.counter_settings()  # the settings row exists once the site runs
    counts = []
    for days in (3, 300):
        DailyStat.objects.all().delete()
        for back in range(days):
            add(SUNDAY - timedelta(days=back), back, back)
        cache.clear()
        # Site profile, counter settings, one aggregate, online visitors.
        counts.append(count_queries(render_block))
        # Within the snapshot period the block costs no query at all.
        assert count_queries(render_block) == 0
    assert counts[0] == counts[1] <= 4, counts


def test_numbers_endpoint_is_fresh_json_and_never_cached(reader):
    add(date.today(), 3, 2)

    response = reader.get("/thong-ke/so-lieu.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json()["counter"]["total_views"] == 3


def test_numbers_endpoint_reports_an_article_views(reader):
    article = make_article()
    reader.get(article.get_absolute_url())
    reader.get(article.get_absolute_url())

    data = reader.get(f"/thong-ke/so-lieu.json?a={article.pk}").json()

    assert data["article"] == {"id": article.pk, "views": 2}


@pytest.mark.parametrize(
    "value", ["abc", "-1", "0", "1.5", "9" * 40, "²", "1 OR 1=1", ""]
)
def test_numbers_endpoint_refuses_a_bad_article_id_in_vietnamese(reader, value):
    response = reader.get("/thong-ke/so-lieu.json", {"a": value})

    assert response.status_code == 400
    assert "không hợp lệ" in response.json()["error"]


def test_numbers_endpoint_ignores_an_unknown_article(reader):
    data = reader.get("/thong-ke/so-lieu.json?a=987654").json()

    assert "article" not in data


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": "draft"},
        {"status": "review"},
        {"status": "withdrawn"},
        {"published_at": "future"},
    ],
    ids=["draft", "review", "withdrawn", "scheduled"],
)
def test_numbers_endpoint_confirms_no_article_a_reader_cannot_see(reader, hidden):
    if hidden.get("published_at") == "future":
        hidden = {"published_at": timezone.now() + timedelta(days=1)}
    article = make_article("Bản chưa đăng", **hidden)
    Article.objects.filter(pk=article.pk).update(view_count=41)

    response = reader.get(f"/thong-ke/so-lieu.json?a={article.pk}")

    assert response.status_code == 200
    assert "article" not in response.json()
    assert "41" not in response.content.decode()


def test_numbers_endpoint_refuses_post(reader):
    assert reader.post("/thong-ke/so-lieu.json").status_code == 405


def test_article_views_tag_shows_the_count_for_the_script_to_refresh():
    article = make_article()
    type(article).objects.filter(pk=article.pk).update(view_count=1234)
    article.refresh_from_db()

    html = Template("{% load analytics_tags %}{% article_views article %}").render(
        Context({"article": article})
    )

    assert f'data-article-views="{article.pk}"' in html
    assert "Lượt xem: <span data-article-views-value>1.234</span>" in html
