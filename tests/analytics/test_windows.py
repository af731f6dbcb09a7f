"""Visit and online windows with explicit times, on both counting paths."""

from datetime import UTC, datetime

import pytest

from analytics import selectors, services
from analytics.services import counts_flush

from .helpers import stored_totals

pytestmark = pytest.mark.django_db

# 09:00 in Hanoi on a Wednesday.
T0 = datetime(2026, 11, 18, 2, 0, tzinfo=UTC).timestamp()
MINUTE = 60


def view(visitor, at, article_id=None):
    return services.pageview_record(
        visitor_id=visitor, rate_id="addr-" + visitor, article_id=article_id, now=at
    )


def totals(backend):
    if backend == "redis":
        counts_flush()
    return stored_totals()


def test_first_view_starts_a_visit_and_views_within_30_minutes_continue_it(backend):
    assert view("a", T0) is True
    assert view("a", T0 + 10 * MINUTE) is False
    # 29 min 59 s after the previous view: still the same visit.
    assert view("a", T0 + 39 * MINUTE + 59) is False

    assert totals(backend) == (3, 1)


def test_thirty_minutes_without_a_view_starts_a_new_visit(backend):
    view("a", T0)
    assert view("a", T0 + 30 * MINUTE) is True
    assert view("a", T0 + 61 * MINUTE) is True

    assert totals(backend) == (3, 3)


def test_visits_are_counted_per_visitor(backend):
    for visitor in ("a", "b", "c"):
        view(visitor, T0)
        view(visitor, T0 + MINUTE)

    assert totals(backend) == (6, 3)


def test_views_land_on_the_local_day(backend):
    # 23:59 on 18/11 in Hanoi is 16:59 UTC; 00:01 on 19/11 is 17:01 UTC.
    view("a", datetime(2026, 11, 18, 16, 59, tzinfo=UTC).timestamp())
    view("b", datetime(2026, 11, 18, 17, 1, tzinfo=UTC).timestamp())
    totals(backend)

    series = selectors.daily_series(days=2, today=datetime(2026, 11, 19).date())
    assert [(day.day, views) for day, views, _visits in series] == [(18, 1), (19, 1)]


def test_online_now_counts_visitors_of_the_last_five_minutes(backend):
    view("a", T0)
    view("b", T0 + 2 * MINUTE)
    view("b", T0 + 3 * MINUTE)
    view("c", T0 + 4 * MINUTE)

    assert selectors.online_now(now=T0 + 4 * MINUTE) == 3
    # At T0 + 5:01 the first visitor's view is older than five minutes.
    assert selectors.online_now(now=T0 + 5 * MINUTE + 1) == 2
    assert selectors.online_now(now=T0 + 8 * MINUTE + 1) == 1
    assert selectors.online_now(now=T0 + 20 * MINUTE) == 0


def test_out_of_order_views_do_not_open_a_second_visit(backend):
    """Two servers may record a visitor's views slightly out of order."""
    view("a", T0 + 5)
    assert view("a", T0) is False

    assert totals(backend) == (2, 1)
