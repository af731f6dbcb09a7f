"""Parts of pages kept between renders (portal/pagecache/fragments.py): a miss is
cheaper, and readers still see every edit at once and scheduled news on time."""

import os
import re
import time
from datetime import timedelta

import pytest
import redis
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from bulletins.models import Article
from polls.services import poll_vote
from portal.pagecache import fragments
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
