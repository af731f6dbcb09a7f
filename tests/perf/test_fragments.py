"""Parts of pages kept between renders (portal/pagecache/fragments.py): a miss is
cheaper, and readers still see every edit at once and scheduled news on time."""

import os
import re
import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from bulletins.models import Article
from polls.services import poll_vote
from portal.pagecache import fragments
from portal.site_models import Site
from tests.factories import make_article, make_category
from tests.polls.conftest import make_poll

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def shared_cache(settings):
    """Fragments on, kept in the real Redis (the page cache's alias)."""
    conn = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        conn.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_TEST_URL}")
    prefix = f"test-fragments-{os.getpid()}-{time.monotonic_ns()}"
    settings.CACHES = {
        **settings.CACHES,
        settings.PAGE_CACHE_ALIAS: {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        },
    }
    settings.PAGE_FRAGMENTS_ENABLED = True
    yield conn
    keys = list(conn.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        conn.delete(*keys)
    conn.close()


def test_an_edit_shows_at_once_on_pages_built_from_fragments(client, shared_cache):
    category = make_category("Thời sự")
    article = make_article("Tin đầu tiên", category=category)
    assert "Tin đầu tiên" in client.get("/").content.decode()
    stored = [
        k
        for k in shared_cache.scan_iter(count=1000)
        if re.search(rb"fragment:\d+:home", k)
    ]
    assert stored  # the home page's blocks were kept

    make_article("Tin vừa đăng", category=category)
    article.title = "Tin đầu tiên (đã sửa)"
    article.save()

    home = client.get("/").content.decode()
    assert "Tin vừa đăng" in home
    assert "Tin đầu tiên (đã sửa)" in home
    # The other article's "more news" list shows the new one too.
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Tin vừa đăng" in page


def test_a_scheduled_article_appears_on_time(client, shared_cache, monkeypatch):
    category = make_category("Thời sự")
    make_article("Tin đã đăng", category=category)
    due = timezone.now() + timedelta(hours=1)
    scheduled = make_article("Tin hẹn giờ", category=category, published_at=due)
    assert "Tin hẹn giờ" not in client.get("/").content.decode()

    # The hour passes: nobody saves anything (no signal, no new generation).
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )
    later = due.timestamp() + 1
    monkeypatch.setattr(fragments.time, "time", lambda: later)

    assert "Tin hẹn giờ" in client.get("/").content.decode()


def test_the_current_page_is_marked_in_a_menu_rendered_once(client, shared_cache):
    home = client.get("/").content.decode()
    contact = client.get("/lien-he/").content.decode()
    assert '<a href="/" aria-current="page">Trang chủ</a>' in home
    assert '<a href="/lien-he/">Liên hệ</a>' in home
    assert '<a href="/lien-he/" aria-current="page">Liên hệ</a>' in contact
    assert '<a href="/" aria-current="page">' not in contact


def test_the_poll_form_is_kept_but_results_after_a_vote_are_current(shared_cache):
    def sidebar(path):
        request = RequestFactory().get(path)
        return Template("{% load polls_tags %}{% sidebar_poll %}").render(
            Context({"request": request})
        )

    poll = make_poll()
    assert "Bình chọn</button>" in sidebar("/")
    kept = [k for k in shared_cache.scan_iter(count=1000) if b"sidebar-poll" in k]
    assert kept  # the form's choices were kept
    first = poll.choices.order_by("order").first()
    poll_vote(poll=poll, choice_id=first.pk, visitor_key="v1", ip_hash="ip1")

    results = sidebar("/?binh-chon=ket-qua")
    assert "<strong>100%</strong> (1 phiếu)" in results
    assert "Tổng bình chọn: <strong>1</strong>" in results


def _fragment_keys(conn):
    """This test's kept fragments in Redis (other tests share the database)."""
    prefix = settings.CACHES[settings.PAGE_CACHE_ALIAS]["KEY_PREFIX"]
    return [
        k
        for k in conn.scan_iter(match=f"{prefix}*", count=1000)
        if b"pagecache:fragment:" in k
    ]


def test_a_miss_reads_kept_parts_from_memory_and_an_edit_still_shows_at_once(
    client, shared_cache
):
    category = make_category("Thời sự")
    article = make_article("Tin gốc về hội nghị", category=category)
    url = article.get_absolute_url()
    assert "Tin gốc về hội nghị" in client.get(url).content.decode()
    assert _fragment_keys(shared_cache)

    # Redis loses every kept part: this process still has them, so the next
    # render computes nothing and stores nothing again.
    shared_cache.delete(*_fragment_keys(shared_cache))
    again = client.get(url).content.decode()
    assert "Tin gốc về hội nghị" in again
    assert _fragment_keys(shared_cache) == []

    article.title = "Tin đã sửa về hội nghị"
    article.save()
    edited = client.get(url).content.decode()
    assert "Tin đã sửa về hội nghị" in edited
    assert "Tin gốc về hội nghị" not in edited


def test_an_unpublished_article_is_gone_at_once_although_its_row_was_kept(
    client, shared_cache, django_user_model
):
    from bulletins import services

    article = make_article("Tin sẽ gỡ", category=make_category("Thời sự"))
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # the row is now kept in memory
    editor = django_user_model.objects.create_superuser("bientap", password="x")
    services.article_unpublish(article=article, actor=editor, comment="Gỡ bài")
    response = client.get(url)
    assert response.status_code == 404
    assert "Tin sẽ gỡ" not in response.content.decode()


def test_the_kept_header_links_back_to_each_page_itself(client, shared_cache):
    home = client.get("/").content.decode()
    contact = client.get("/lien-he/?trang=2").content.decode()
    assert [k for k in _fragment_keys(shared_cache) if b":topbar:" in k]
    assert 'href="/truy-cap-de-dang/?mode=on&amp;next=/"' in home
    assert 'next=/lien-he/%3Ftrang%3D2"' in contact
    assert "\x00" not in home and "\x00" not in contact


def test_the_kept_poll_form_carries_a_fresh_token_and_this_page_address(
    shared_cache,
):
    from polls.tokens import form_token_is_valid

    def sidebar(path):
        request = RequestFactory().get(path)
        return Template("{% load polls_tags %}{% sidebar_poll %}").render(
            Context({"request": request})
        )

    poll = make_poll()
    first = sidebar("/")
    second = sidebar("/tin-tuc/")
    for html, path in ((first, "/"), (second, "/tin-tuc/")):
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        assert form_token_is_valid(token, poll)
        assert f'name="next" value="{path}"' in html
        assert "\x00" not in html


def test_each_page_has_its_own_share_tags_from_kept_fragments(client, shared_cache):
    category = make_category("Thời sự")
    first = make_article("Tin thứ nhất", category=category)
    second = make_article("Tin thứ hai", category=category)
    for article in (first, second, first):
        html = client.get(article.get_absolute_url()).content.decode()
        canonical = f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">'
        assert canonical in html
        assert f'<meta property="og:title" content="{article.title}' in html


def test_the_kept_parts_in_memory_are_bounded(monkeypatch, shared_cache, rf):
    monkeypatch.setattr(fragments._local, "size", 5)
    request = rf.get("/")
    for n in range(12):
        value = fragments.cached_fragment(request, "bounded", [n], lambda n=n: n)
        assert value == n
        assert len(fragments._local) <= 5


def test_readers_pages_show_counter_numbers_at_most_a_snapshot_period_old(
    client, shared_cache, monkeypatch
):
    from django.core.cache import cache

    from analytics import conf, selectors
    from analytics.templatetags import analytics_tags

    def total_visits():
        html = client.get("/lien-he/").content.decode()
        return re.search(r'data-counter="total_visits">([^<]*)<', html).group(1)

    first = total_visits()
    site = Site.objects.get()
    key = selectors.snapshot_cache_key(site.pk)
    numbers = dict(cache.get(key), total_visits=123_456)
    cache.set(key, numbers, 60)
    # Within the same snapshot period this process shows what it read.
    assert total_visits() == first
    # One period on (the stored snapshot itself is kept for a minute here).
    later = time.time() + conf.get("ANALYTICS_SNAPSHOT_SECONDS") + 1
    monkeypatch.setattr(analytics_tags.time, "time", lambda: later)
    assert total_visits() == "123.456"
