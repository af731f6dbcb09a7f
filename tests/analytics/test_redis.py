"""The Redis path: counts wait in Redis, flush moves them exactly once."""

import pytest
from django.core.management import call_command

from analytics import selectors, services, store
from analytics.models import DailyStat, FlushBatch
from portal import visitor
from tests.factories import make_article

from .conftest import BROWSER_UA
from .helpers import stored_totals

pytestmark = pytest.mark.django_db

PAGE = "/lien-he/"


def test_page_views_wait_in_redis_until_flushed(reader, use_redis):
    reader.get(PAGE)
    reader.get(PAGE)

    assert stored_totals() == (0, 0)
    assert use_redis.hgetall(store.pending_key(selectors.site_id()))  # in Redis

    assert services.counts_flush() == 1
    assert stored_totals() == (2, 1)
    assert not use_redis.exists(store.pending_key(selectors.site_id()))


def test_the_block_shows_counts_not_yet_flushed(reader, use_redis):
    reader.get(PAGE)
    reader.get(PAGE)

    numbers = selectors.compute_snapshot()

    assert (numbers["today"], numbers["total_views"], numbers["online"]) == (1, 2, 1)


def test_flushing_twice_adds_nothing_twice(reader, use_redis):
    reader.get(PAGE)
    services.counts_flush()
    services.counts_flush()

    assert stored_totals() == (1, 1)


def test_a_batch_taken_but_not_written_is_written_by_the_next_flush(reader, use_redis):
    """A process died after renaming the pending hash away."""
    reader.get(PAGE)
    site = selectors.site_id()
    store.take_pending(use_redis, site, store.batch_key(site, "crashed"))
    assert not use_redis.exists(store.pending_key(selectors.site_id()))

    services.counts_flush()

    assert stored_totals() == (1, 1)
    assert not use_redis.exists(store.batch_key(site, "crashed"))


def test_a_batch_written_but_not_deleted_is_not_added_again(reader, use_redis):
    """A process died after its database commit, before deleting the batch."""
    reader.get(PAGE)
    site = selectors.site_id()
    name = store.batch_key(site, "committed")
    store.take_pending(use_redis, site, name)
    assert services._apply_batch(name, use_redis.hgetall(name)) is True

    services.counts_flush()

    assert stored_totals() == (1, 1)
    assert FlushBatch.objects.filter(batch_id=name).count() == 1
    assert not use_redis.sismember(store.key("batches"), name)


def test_flush_command_moves_counts_and_reports(reader, use_redis, capsys):
    reader.get(PAGE)

    call_command("flush_counters")

    assert "Flushed 1 batch" in capsys.readouterr().out
    assert stored_totals() == (1, 1)


def test_article_views_are_flushed_to_the_article(reader, use_redis):
    article = make_article()
    for _ in range(3):
        reader.get(article.get_absolute_url())

    article.refresh_from_db()
    assert article.view_count == 0
    assert selectors.article_views(article.pk) == 3

    services.counts_flush()

    article.refresh_from_db()
    assert article.view_count == 3


def test_flush_writes_one_row_per_day_not_per_view(reader, use_redis):
    for _ in range(5):
        reader.get(PAGE)
    services.counts_flush()

    assert DailyStat.objects.count() == 1


def test_periodic_flush_runs_when_due_and_is_locked_across_processes(
    reader, use_redis, settings
):
    settings.ANALYTICS_FLUSH_SECONDS = 0  # due on every page view
    reader.get(PAGE)
    assert stored_totals() == (1, 1)

    # The lock taken by that flush (held for at least a second) stops the next one.
    reader.get(PAGE)
    assert use_redis.exists(store.key("flushlock"))
    assert stored_totals() == (1, 1)
    assert services.counts_flush(use_lock=True) == 0
    assert services.counts_flush() == 1
    assert stored_totals() == (2, 1)


def test_when_redis_is_down_pages_work_and_views_go_to_the_database(
    reader, settings, caplog
):
    settings.ANALYTICS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens here
    store.reset()

    assert reader.get(PAGE).status_code == 200
    assert reader.get(PAGE).status_code == 200
    assert reader.get("/thong-ke/so-lieu.json").status_code == 200

    assert stored_totals() == (2, 1)
    assert (
        "analytics Redis (counting in the database meanwhile) unavailable"
        in caplog.text
    )
    assert services.counts_flush() == 0


@pytest.mark.usefixtures("one_rate_window")
def test_rate_limit_on_the_redis_path(client, use_redis, settings):
    settings.ANALYTICS_RATE_LIMIT = 4
    for n in range(10):
        client.cookies.clear()
        client.get(PAGE, HTTP_USER_AGENT=f"Mozilla/5.0 Firefox/{n}")
    services.counts_flush()

    assert stored_totals() == (4, 4)


def test_background_sender_counts_every_view_exactly(client, use_redis, settings):
    """The default in production: the request only queues the page view."""
    settings.ANALYTICS_ASYNC = True
    readers = [visitor.cookie_value(f"{n:032x}") for n in range(3)]
    for _round in range(10):
        for cookie in readers:
            client.cookies["pv"] = cookie
            assert client.get(PAGE, HTTP_USER_AGENT=BROWSER_UA).status_code == 200

    services.pageviews_drain()
    services.counts_flush()

    assert stored_totals() == (30, 3)


@pytest.mark.usefixtures("one_rate_window")
def test_with_the_background_sender_a_returning_reader_keeps_every_rule(
    client, use_redis, settings
):
    """The production path (a returning reader, the sender thread) keeps the
    rules: bots, prefetches, excluded addresses, the rate limit per address key
    (X-Forwarded-For only through a trusted proxy) and the article's count."""
    settings.ANALYTICS_ASYNC = True
    settings.ANALYTICS_RATE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    article = make_article()
    client.cookies["pv"] = visitor.cookie_value("a" * 32)

    def read(path, **headers):
        assert (
            client.get(path, **{"HTTP_USER_AGENT": BROWSER_UA, **headers}).status_code
            == 200
        )

    read(article.get_absolute_url(), HTTP_X_FORWARDED_FOR="203.0.113.7")
    read(PAGE, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    read(PAGE, HTTP_SEC_PURPOSE="prefetch;prerender")
    read(PAGE, HTTP_X_FORWARDED_FOR="203.0.113.7")
    read(PAGE, HTTP_X_FORWARDED_FOR="203.0.113.7")  # the address's third: limited
    read(PAGE, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.9")  # another reader
    settings.ANALYTICS_EXCLUDED_PREFIXES = (PAGE,)
    read(PAGE, HTTP_X_FORWARDED_FOR="192.0.2.44")

    services.pageviews_drain()
    services.counts_flush()

    assert stored_totals() == (3, 1)
    article.refresh_from_db()
    assert article.view_count == 1


@pytest.mark.usefixtures("one_rate_window")
def test_with_the_background_sender_cookieless_clients_count_by_their_real_address(
    client, use_redis, settings
):
    """A client that never keeps the cookie is a new visitor on every page; past
    the hourly cap its address's visitor of the day counts instead. The sender
    thread works this out from the request's own address headers (the client's
    address behind the trusted proxy), as the request itself would."""
    settings.ANALYTICS_ASYNC = True
    settings.ANALYTICS_NEW_VISITORS_PER_HOUR = 2
    settings.TRUSTED_PROXY_COUNT = 1
    for address in ["203.0.113.7"] * 5 + ["198.51.100.9"] * 3:
        client.cookies.clear()
        response = client.get(
            PAGE, HTTP_USER_AGENT=BROWSER_UA, HTTP_X_FORWARDED_FOR=address
        )
        assert response.status_code == 200
        assert "pv" in response.cookies  # each was offered a cookie

    services.pageviews_drain()
    services.counts_flush()

    # Each address: two new visitors, then its one visitor of the day (one visit).
    assert stored_totals() == (8, 3 + 3)


@pytest.mark.django_db(transaction=True)
def test_background_sender_falls_back_to_the_database(reader, settings):
    settings.ANALYTICS_ASYNC = True
    settings.ANALYTICS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens here
    store.reset()

    for _ in range(4):
        assert reader.get(PAGE).status_code == 200
    services.pageviews_drain()

    assert stored_totals() == (4, 1)


def test_a_flush_that_loses_its_database_connection_leaves_the_page_and_the_counts(
    reader, use_redis, settings, monkeypatch
):
    """The periodic flush runs inside a reader's request: a connection the
    database closed under it (InterfaceError, which is no DatabaseError) must not
    turn the reader's page into a 500, and the counts wait in Redis."""
    from django.db import InterfaceError

    settings.ANALYTICS_FLUSH_SECONDS = 0
    settings.ANALYTICS_ASYNC = False

    def connection_closed(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(services, "_apply_batch", connection_closed)
    assert reader.get(PAGE).status_code == 200
    assert reader.get(PAGE).status_code == 200
    monkeypatch.undo()
    services.counts_flush()
    assert stored_totals() == (2, 1)
