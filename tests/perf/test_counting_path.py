"""The cheaper counting path counts exactly what the one-by-one path counted."""

import os
import uuid

import pytest
import redis

from analytics import middleware, store, visitors
from tests.analytics.helpers import stored_totals

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
DAY = "2026-11-20"
SITE = 1


@pytest.fixture
def redis_prefix(settings):
    conn = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        conn.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_TEST_URL}")
    settings.ANALYTICS_REDIS_URL = REDIS_TEST_URL
    settings.ANALYTICS_RATE_LIMIT = 2
    store.reset()
    prefixes = []

    def fresh():
        prefix = "{perf-test-" + uuid.uuid4().hex[:12] + "}"
        prefixes.append(prefix)
        settings.ANALYTICS_REDIS_PREFIX = prefix
        return prefix

    yield conn, fresh
    for prefix in prefixes:
        keys = list(conn.scan_iter(match=prefix + "*", count=1000))
        if keys:
            conn.delete(*keys)
    store.reset()
    conn.close()


def _events():
    """Three readers, one of them behind a busy address, over 40 minutes."""
    base = 1_763_600_000.0
    events = []
    for minute in (0, 1, 2, 35, 36):  # 35: a new visit after 30 quiet minutes
        for reader in ("a" * 32, "b" * 32, "c" * 32):
            for repeat in range(2 if reader == "c" * 32 else 1):
                events.append(
                    {
                        "site_id": SITE,
                        "visitor_id": reader,
                        # a and c share an address: its limit (2 a minute) bites.
                        "rate_id": "shared" if reader != "b" * 32 else "own",
                        "now": base + minute * 60 + repeat,
                        "day": DAY,
                        "article_id": 7 if reader == "a" * 32 else None,
                    }
                )
    return events


def _state(conn, prefix):
    pending = {
        k.decode(): int(v) for k, v in conn.hgetall(f"{prefix}:pending:{SITE}").items()
    }
    online = {
        k.decode(): v
        for k, v in conn.zrange(f"{prefix}:online:{SITE}", 0, -1, withscores=True)
    }
    return pending, online


@pytest.mark.usefixtures("one_rate_window")
def test_one_script_call_per_batch_counts_like_one_call_per_view(redis_prefix):
    conn, fresh = redis_prefix
    events = _events()

    one_by_one = fresh()
    singles = [store.record(conn, **event) for event in events]
    expected = _state(conn, one_by_one)

    batched = fresh()
    results = store.record_many(conn, events[:4]) + store.record_many(conn, events[4:])

    assert results == singles
    assert _state(conn, batched) == expected
    pending = expected[0]
    assert -1 in results  # the shared address went over its limit
    assert pending[f"v:{DAY}"] == results.count(0) + results.count(1)
    assert pending[f"s:{DAY}"] == results.count(1) == 6  # 3 readers x 2 visits
    assert pending["a:7"] == 5
    assert store.record_many(conn, []) == []


def test_excluded_prefixes_follow_a_settings_change(client, settings):
    settings.ANALYTICS_ASYNC = False
    settings.ANALYTICS_REDIS_URL = ""
    store.reset()
    client.defaults["HTTP_USER_AGENT"] = UA
    assert client.get("/lien-he/").status_code == 200
    assert stored_totals() == (1, 1)

    settings.ANALYTICS_EXCLUDED_PREFIXES = ("/lien-he/",)
    assert client.get("/lien-he/").status_code == 200
    assert stored_totals() == (1, 1)

    settings.ANALYTICS_ENABLED = False
    settings.ANALYTICS_EXCLUDED_PREFIXES = ()
    assert client.get("/lien-he/").status_code == 200
    assert stored_totals() == (1, 1)


def test_the_admin_is_never_counted_and_the_rate_key_is_per_address(rf, settings):
    assert "/quan-tri/" in visitors.excluded_prefixes()
    first = rf.get("/", REMOTE_ADDR="203.0.113.5")
    again = rf.get("/", REMOTE_ADDR="203.0.113.5")
    other = rf.get("/", REMOTE_ADDR="203.0.113.6")
    key = settings.SECRET_KEY
    ids = [
        middleware._rate_id(middleware.address_key(r), key)
        for r in (first, again, other)
    ]
    assert ids[0] == ids[1] != ids[2]
    assert "203.0.113" not in ids[0]  # a keyed hash, never the address
    settings.SECRET_KEY = "another-secret-for-this-test-only"
    assert middleware._rate_id("203.0.113.5", settings.SECRET_KEY) != ids[0]
