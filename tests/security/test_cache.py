"""The Redis cache degrades to misses when Redis is unreachable, and comes back."""

import os

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from portal import cache as portal_cache
from portal.cache import RedisCache as PortalRedisCache

from .live import free_port

OWN_DB = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/14")


def make_cache(location):
    return PortalRedisCache(
        location,
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


@pytest.fixture
def unreachable():
    return make_cache(f"redis://127.0.0.1:{free_port()}/0")


def test_plain_redis_cache_raises_when_redis_is_down():
    plain = RedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    with pytest.raises(redis.ConnectionError):
        plain.get("x")


def test_reads_are_misses_and_writes_are_skipped_when_redis_is_down(unreachable):
    assert unreachable.get("ho-so") is None
    assert unreachable.get("ho-so", "mặc định") == "mặc định"
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.set("a", 1) is None
    assert unreachable.add("a", 1) is False
    assert unreachable.get_or_set("a", "tính lại") == "tính lại"
    assert unreachable.delete("a") is False
    assert unreachable.has_key("a") is False
    assert unreachable.set_many({"a": 1, "b": 2}) == ["a", "b"]


def test_counters_still_know_they_did_not_count(unreachable):
    # Both what Django promises for a missing key and what redis-py raises.
    with pytest.raises(ValueError):
        unreachable.incr("dem")
    with pytest.raises(redis.RedisError):
        unreachable.decr("dem")


def test_after_a_failure_redis_is_left_alone_then_tried_again(unreachable, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(portal_cache.time, "monotonic", lambda: now[0])
    assert unreachable.get("a") is None
    assert not unreachable.breaker.available()
    now[0] += portal_cache.DOWN_SECONDS + 0.1
    assert unreachable.breaker.available()


def test_works_normally_with_redis():
    cache = make_cache(OWN_DB)
    try:
        cache._cache.get_client().ping()
    except redis.RedisError:
        pytest.skip("needs Redis at 127.0.0.1:6379 (logical DB 14)")
    cache.set("bao-mat:thu", {"tên": "Đảng bộ"}, 30)
    try:
        assert cache.get("bao-mat:thu") == {"tên": "Đảng bộ"}
        cache.set("bao-mat:dem", 1, 30)
        assert cache.incr("bao-mat:dem") == 2
    finally:
        cache.delete_many(["bao-mat:thu", "bao-mat:dem"])
