"""The admin report (SVG charts, most read articles), export and counter settings."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from analytics.models import CounterSettings, DailyStat
from portal.models import SiteProfile
from tests.factories import make_article, make_staff, make_superuser

pytestmark = pytest.mark.django_db

REPORT = "/quan-tri/analytics/trafficreport/"
EXPORT = "/quan-tri/analytics/dailystat/export/"


@pytest.fixture
def admin_client(client):
    client.force_login(make_superuser())
    return client


def seed_days():
    today = timezone.localdate()
    DailyStat.objects.create(day=today, shard=0, views=120, visits=40)
    DailyStat.objects.create(day=today, shard=3, views=30, visits=10)
    DailyStat.objects.create(day=today - timedelta(days=1), views=80, visits=20)
    return today


def test_report_draws_daily_and_monthly_svg_charts(admin_client):
    seed_days()

    response = admin_client.get(REPORT)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count('<figure class="traffic-chart">') == 2
    assert html.count('<div class="traffic-chart-frame"') == 2
    assert html.count('class="bar-views"') == 30 + 12
    # Today's bar: shards summed.
    assert "150 lượt xem, 50 lượt truy cập" in html
    assert "30 ngày gần nhất" in html and "12 tháng gần nhất" in html
    report = html.split('id="content-main"')[1].split("<!-- END SVGs -->")[0]
    assert "style=" not in report and "<script" not in report


def test_chart_numbers_are_machine_numbers_whatever_the_language(admin_client):
    seed_days()
    DailyStat.objects.create(
        day=timezone.localdate() - timedelta(days=2), views=12_345, visits=6_789
    )
    html = admin_client.get(REPORT, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    start = html.index('<div class="traffic-chart-frame"')
    svg = html[start : html.index("</svg>", start)]
    # No decimal comma, no thousands dot in any attribute of the drawing.
    attributes = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert attributes and all(re.fullmatch(r"-?\d+(\.\d)?|100%", a) for a in attributes)
    points = re.search(r'points="([^"]*)"', svg).group(1).split()
    assert len(points) == 30
    assert all(re.fullmatch(r"\d+(\.\d)?,\d+(\.\d)?", p) for p in points)
    # The page-view series is drawn: a bar of real height for the busy day.
    heights = [
        float(h) for h in re.findall(r'class="bar-views"[^>]*height="([^"]*)"', svg)
    ]
    assert len(heights) == 30 and max(heights) > 100
    # Readable axis: at most 7 dates under it, in a 13-unit font; the table
    # beside it keeps Vietnamese numbers.
    assert svg.count('text-anchor="middle"') <= 7
    assert 'font-size="13"' in svg
    assert "12.345" in html


def test_report_lists_the_most_read_articles_first(admin_client):
    quiet = make_article(title="Tin ít người đọc")
    popular = make_article(title="Tin được đọc nhiều")
    type(quiet).objects.filter(pk=quiet.pk).update(view_count=3)
    type(popular).objects.filter(pk=popular.pk).update(view_count=5_000)

    html = admin_client.get(REPORT).content.decode()

    assert html.index("Tin được đọc nhiều") < html.index("Tin ít người đọc")
    assert "5.000 lượt xem" in html


def test_report_is_linked_from_the_admin_index(admin_client):
    assert REPORT in admin_client.get("/quan-tri/").content.decode()


def test_report_is_refused_to_staff_without_permission(client):
    client.force_login(make_staff())

    assert client.get(REPORT).status_code == 403


def test_report_needs_a_login(client):
    response = client.get(REPORT)

    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def export(admin_client, fmt_index):
    return admin_client.post(
        EXPORT,
        {
            "resource": "0",
            "format": str(fmt_index),
            "dailystatresource_day": "on",
            "dailystatresource_views": "on",
            "dailystatresource_visits": "on",
        },
    )


def test_csv_export_has_one_row_per_day(admin_client):
    today = seed_days()

    response = export(admin_client, 0)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "Ngày,Lượt xem,Lượt truy cập"
    assert lines[1:] == [
        f"{today - timedelta(days=1):%d/%m/%Y},80,20",
        f"{today:%d/%m/%Y},150,50",
    ]


def test_xlsx_export_opens_with_the_same_numbers(admin_client):
    today = seed_days()

    response = export(admin_client, 1)

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("Ngày", "Lượt xem", "Lượt truy cập")
    assert rows[-1] == (f"{today:%d/%m/%Y}", 150, 50)  # numbers as numbers


def test_site_profile_page_shows_and_saves_the_counter_settings(admin_client):
    profile = SiteProfile.objects.current()
    url = f"/quan-tri/portal/siteprofile/{profile.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert "counter_settings-0-show_online" in html

    response = admin_client.post(
        url,
        {
            "site_name": profile.site_name,
            "counter_settings-TOTAL_FORMS": "1",
            "counter_settings-INITIAL_FORMS": "0",
            "counter_settings-MIN_NUM_FORMS": "0",
            "counter_settings-MAX_NUM_FORMS": "1",
            "counter_settings-0-profile": str(profile.pk),
            "counter_settings-0-show_online": "on",
            "counter_settings-0-show_today": "on",
            "counter_settings-0-initial_visits": "57998",
            "counter_settings-0-initial_views": "2011965",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    saved = CounterSettings.objects.get(profile=profile)
    assert saved.shown_lines() == ["online", "today"]
    assert (saved.initial_visits, saved.initial_views) == (57_998, 2_011_965)


def test_daily_statistics_list_opens_again_and_again(client):
    from tests.factories import make_superuser

    client.force_login(make_superuser("thongke"))
    for _visit in range(3):
        response = client.get("/quan-tri/analytics/dailystat/")
        assert response.status_code == 200
        assert "Biểu đồ truy cập" in response.content.decode()
