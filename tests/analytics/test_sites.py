"""The counter of each committee's site is its own: page views, visits, online now
and the report of site A never move site B's numbers, on the database path and
through Redis, and a reader of both sites is a visitor of each."""

import pytest
from django.db.models import Sum
from django.utils import timezone

from analytics import selectors, services
from analytics.models import DailyStat, Visitor
from portal.current_site import activate
from portal.models import Site
from tests.factories import make_article, make_category

from .conftest import BROWSER_UA

pytestmark = pytest.mark.django_db

A = "a.example.gov.vn"
B = "b.example.gov.vn"
PREFIX = "dang-bo/so-y-te"
PAGE = "/lien-he/"


@pytest.fixture
def sites(settings):
    settings.ALLOWED_HOSTS = ["*"]
    # The block reads fresh numbers (not the ones its page rendered a moment ago).
    settings.ANALYTICS_SNAPSHOT_SECONDS = 0
    first = Site.objects.order_by("pk").first()
    first.domain = A
    first.is_default = False
    first.save()
    second = Site.objects.create(name="Đảng bộ Sở KH&CN", slug="so-khcn", domain=B)
    return first, second


@pytest.fixture(params=["database", "redis"])
def backend(request):
    if request.param == "redis":
        request.getfixturevalue("use_redis")
    return request.param


def stored(site):
    """(page views, visits) of one site in the database."""
    return tuple(
        DailyStat.objects.filter(site=site)
        .aggregate(views=Sum("views", default=0), visits=Sum("visits", default=0))
        .values()
    )


def block(client, host):
    """The numbers of the "Thống kê truy cập" block a reader of ``host`` gets."""
    answer = client.get("/thong-ke/so-lieu.json", HTTP_HOST=host)
    assert answer.status_code == 200
    return answer.json()["counter"]


def test_views_on_one_site_raise_its_numbers_and_not_the_others(client, sites, backend):
    site_a, site_b = sites
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    for _ in range(3):
        assert client.get(PAGE, HTTP_HOST=A).status_code == 200
    assert client.get(PAGE, HTTP_HOST=B).status_code == 200

    # The block of each site, before any flush (Redis counts still pending).
    numbers_a, numbers_b = block(client, A), block(client, B)
    assert (numbers_a["total_views"], numbers_a["today"], numbers_a["online"]) == (
        3,
        1,
        1,
    )
    # One browser (one cookie) read both sites: a visitor of each.
    assert (numbers_b["total_views"], numbers_b["today"], numbers_b["online"]) == (
        1,
        1,
        1,
    )

    services.counts_flush()
    assert stored(site_a) == (3, 1)
    assert stored(site_b) == (1, 1)


def test_a_new_site_shows_zeros_while_the_first_site_is_read(client, sites, backend):
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    client.get(PAGE, HTTP_HOST=A)
    client.get(PAGE, HTTP_HOST=A)

    numbers_b = block(client, B)
    assert numbers_b["total_views"] == numbers_b["today"] == numbers_b["online"] == 0
    services.counts_flush()
    assert stored(sites[1]) == (0, 0)


def test_online_now_is_per_site(sites, backend):
    site_a, site_b = sites
    t0 = 1_763_600_000.0
    for n, visitor in enumerate(("a" * 32, "b" * 32, "c" * 32)):
        services.pageview_record(
            visitor_id=visitor, rate_id=f"r{n}", now=t0 + n, site_id=site_a.pk
        )
    services.pageview_record(
        visitor_id="a" * 32, rate_id="r0", now=t0 + 60, site_id=site_b.pk
    )

    with activate(site_a):
        assert selectors.online_now(now=t0 + 120) == 3
    with activate(site_b):
        assert selectors.online_now(now=t0 + 120) == 1
        # Past B's window only B's reader has gone.
        assert selectors.online_now(now=t0 + 60 + 5 * 60 + 1) == 0
    with activate(site_a):
        assert selectors.online_now(now=t0 + 4 * 60) == 3


def test_the_same_visitor_starts_a_visit_on_each_site(sites, backend):
    site_a, site_b = sites
    t0 = 1_763_600_000.0
    first_a = services.pageview_record(
        visitor_id="d" * 32, rate_id="r", now=t0, site_id=site_a.pk
    )
    first_b = services.pageview_record(
        visitor_id="d" * 32, rate_id="r", now=t0 + 1, site_id=site_b.pk
    )
    again_a = services.pageview_record(
        visitor_id="d" * 32, rate_id="r", now=t0 + 2, site_id=site_a.pk
    )
    assert (first_a, first_b, again_a) == (True, True, False)
    if backend == "database":
        assert sorted(Visitor.objects.values_list("site_id", flat=True)) == sorted(
            [site_a.pk, site_b.pk]
        )


def test_the_same_address_on_two_sites_counts_each_sites_article(
    client, sites, backend
):
    site_a, site_b = sites
    with activate(site_a):
        article_a = make_article("Hội nghị sơ kết", category=make_category("Tin A"))
    with activate(site_b):
        article_b = make_article("Hội nghị sơ kết", category=make_category("Tin B"))
    assert article_a.get_absolute_url() == article_b.get_absolute_url()
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA

    client.get(article_b.get_absolute_url(), HTTP_HOST=B)
    client.get(article_b.get_absolute_url(), HTTP_HOST=B)
    client.get(article_a.get_absolute_url(), HTTP_HOST=A)
    services.counts_flush()

    article_a.refresh_from_db()
    article_b.refresh_from_db()
    assert (article_a.view_count, article_b.view_count) == (1, 2)


def test_the_counting_request_of_a_prefixed_site_counts_for_that_site(
    client, sites, settings, backend
):
    settings.ANALYTICS_COUNT_IN = "counter"
    site_a, _site_b = sites
    prefixed = Site.objects.create(
        name="Đảng bộ Sở Y tế", slug="so-y-te", path_prefix=PREFIX
    )
    page = client.get(f"/{PREFIX}{PAGE}", HTTP_HOST=A, HTTP_USER_AGENT=BROWSER_UA)
    assert f'data-count-url="/{PREFIX}/thong-ke/xem.gif"' in page.content.decode()

    answer = client.get(
        f"/{PREFIX}/thong-ke/xem.gif",
        {"p": f"/{PREFIX}{PAGE}"},
        HTTP_HOST=A,
        HTTP_USER_AGENT=BROWSER_UA,
    )
    assert answer.status_code == 200
    # Another site's address is not a page of this one.
    refused = client.get(
        f"/{PREFIX}/thong-ke/xem.gif",
        {"p": PAGE},
        HTTP_HOST=A,
        HTTP_USER_AGENT=BROWSER_UA,
    )
    assert refused.status_code == 400

    services.counts_flush()
    assert stored(prefixed) == (1, 1)
    assert stored(site_a) == (0, 0)


def test_the_admin_report_and_daily_rows_are_the_editing_sites(admin_client, sites):
    site_a, site_b = sites
    today = timezone.localdate()
    DailyStat.objects.create(site=site_a, day=today, shard=0, views=731, visits=37)
    DailyStat.objects.create(site=site_b, day=today, shard=0, views=592, visits=29)

    listing = admin_client.get("/quan-tri/analytics/dailystat/", HTTP_HOST=B)
    assert listing.status_code == 200
    assert [row.views for row in listing.context["cl"].result_list] == [592]

    report = admin_client.get("/quan-tri/analytics/trafficreport/", HTTP_HOST=B)
    assert report.status_code == 200
    assert report.context["snapshot"]["total_views"] == 592
    assert report.context["snapshot"]["today"] == 29
