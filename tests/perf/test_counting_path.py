"""The cheaper counting path counts exactly what the one-by-one path counted."""

import os
import random
import uuid

import pytest
import redis

from analytics import conf, middleware, services, store, visitors
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


# Every rule of a page view applied with its own Redis commands, one view at a
# time (HINCRBY, ZSCORE, SADD, ZADD per view). store.RECORD_SCRIPT works on
# tables read once per batch; it must leave Redis exactly as this one does.
REFERENCE_SCRIPT = """
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local keep = math.max(3600, window + 600)
local sites_key, pending_key, online_key, rate_key, new_key = unpack(KEYS)
local stamp, visitor, day, article, fallback, site, rate = unpack(ARGV, 4)
local now = tonumber(stamp)
local views_this_minute = redis.call('HINCRBY', rate_key, rate, 1)
redis.call('EXPIRE', rate_key, 120)
if views_this_minute > limit then return -1 end
if fallback ~= '' then
  local made = redis.call('HINCRBY', new_key, rate, 1)
  redis.call('EXPIRE', new_key, 3700)
  if made > cap then visitor = fallback end
end
local last = redis.call('ZSCORE', online_key, visitor)
local new = 0
if (not last) or (now - tonumber(last) >= window) then new = 1 end
redis.call('HINCRBY', pending_key, 'v:' .. day, 1)
if new == 1 then redis.call('HINCRBY', pending_key, 's:' .. day, 1) end
if article ~= '' then redis.call('HINCRBY', pending_key, 'a:' .. article, 1) end
redis.call('SADD', sites_key, site)
redis.call('ZADD', online_key, 'GT', now, visitor)
redis.call('ZREMRANGEBYSCORE', online_key, '-inf', now - keep)
return new
"""


def _reference_record(conn, prefix, event):
    now = event["now"]
    site_id = int(event["site_id"])
    keys = [
        f"{prefix}:sites",
        f"{prefix}:pending:{site_id}",
        f"{prefix}:online:{site_id}",
        f"{prefix}:rate:{int(now // 60)}",
        f"{prefix}:new:{int(now // 3600)}",
    ]
    args = [
        conf.get("ANALYTICS_VISIT_WINDOW"),
        conf.get("ANALYTICS_RATE_LIMIT"),
        conf.get("ANALYTICS_NEW_VISITORS_PER_HOUR"),
        repr(float(now)),
        event["visitor_id"],
        event["day"],
        event.get("article_id") or "",
        event.get("fallback") or "",
        site_id,
        event["rate_id"],
    ]
    return int(conn.eval(REFERENCE_SCRIPT, len(keys), *keys, *args))


def _everything(conn, prefix):
    """Every key of the prefix (without it) with its value and whether it expires."""
    found = {}
    for raw in conn.scan_iter(match=prefix + "*", count=1000):
        name = raw.decode().removeprefix(prefix)
        kind = conn.type(raw).decode()
        if kind == "string":
            value = conn.get(raw)
        elif kind == "hash":
            value = conn.hgetall(raw)
        elif kind == "set":
            value = conn.smembers(raw)
        else:
            value = conn.zrange(raw, 0, -1, withscores=True)
        found[name] = (value, conn.ttl(raw) > 0)
    return found


def _crowd(seed, size=600):
    """Readers of three sites over three hours: returning readers, new ones (some
    behind a busy office address, past the new-visitor cap), views seconds and
    hours apart, several to the minute from one address (past the rate limit),
    some out of order."""
    rng = random.Random(seed)
    base = 1_763_600_000.0
    now = base
    readers = [uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(12)]
    addresses = ["office", "home-1", "home-2", "cafe"]
    events = []
    for _ in range(size):
        now += rng.choices([0.0, 0.5, 3.0, 40.0, 200.0, 1900.0], [4, 4, 4, 2, 1, 1])[0]
        new = rng.random() < 0.25
        address = rng.choice(addresses)
        events.append(
            {
                "site_id": rng.choice([1, 1, 2, 3]),
                "visitor_id": uuid.UUID(int=rng.getrandbits(128)).hex
                if new
                else rng.choice(readers),
                "rate_id": address,
                "now": now,
                "day": DAY,
                "article_id": rng.choice([None, 7, 8, 9]),
                "fallback": f"fallback-of-{address}".ljust(32, "0") if new else None,
            }
        )
        if rng.random() < 0.15:
            # The same reader's view of a moment earlier, queued in another
            # process, arrives after this one.
            events.append({**events[-1], "now": now - rng.choice([1.5, 45.0])})
    return events


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batched_script_leaves_redis_as_the_per_view_script(
    redis_prefix, settings, seed
):
    conn, fresh = redis_prefix
    settings.ANALYTICS_RATE_LIMIT = 4
    settings.ANALYTICS_NEW_VISITORS_PER_HOUR = 3
    events = _crowd(seed)

    reference = fresh()
    expected = [_reference_record(conn, reference, event) for event in events]

    batched = fresh()
    rng = random.Random(seed)
    results, start = [], 0
    while start < len(events):
        size = rng.choice([1, 2, 7, 50, 200, 500])
        results += store.record_many(conn, events[start : start + size])
        start += size

    assert results == expected
    # The crowd met every rule: visits started and continued, the rate limit and
    # the new-visitor cap.
    assert {-1, 0, 1} <= set(results)
    assert any(key.startswith(":new:") for key in _everything(conn, batched))
    assert _everything(conn, batched) == _everything(conn, reference)


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
    ids = [
        services.pageview_ids(middleware.address_key(r))[0]
        for r in (first, again, other)
    ]
    assert ids[0] == ids[1] != ids[2]
    assert "203.0.113" not in ids[0]  # a keyed hash, never the address
    settings.SECRET_KEY = "another-secret-for-this-test-only"
    assert services.pageview_ids("203.0.113.5")[0] != ids[0]


def test_a_batch_larger_than_one_command_takes_counts_like_one_view_at_a_time(
    redis_prefix, settings
):
    # More readers and addresses than one command of the script names at once
    # (a thousand arguments): the script splits its reads and writes. The second
    # call finds every reader's time and every address's count already there.
    conn, fresh = redis_prefix
    settings.ANALYTICS_RATE_LIMIT = 2
    base = 1_763_600_000.0  # 20 s into a minute: every view below is in it

    def views(first, count):
        return [
            {
                "site_id": SITE,
                "visitor_id": f"{n:032x}",
                "rate_id": f"address-{n}",
                "now": base + first + n * 0.01,
                "day": DAY,
                "article_id": 7,
            }
            for n in range(count)
        ]

    first = views(0, 1100)
    again = views(12, 1100) + views(24, 200)  # the 200: a third view a minute

    reference = fresh()
    expected = [_reference_record(conn, reference, e) for e in first + again]

    batched = fresh()
    results = store.record_many(conn, first) + store.record_many(conn, again)

    assert results == expected == [1] * 1100 + [0] * 1100 + [-1] * 200
    assert _everything(conn, batched) == _everything(conn, reference)
