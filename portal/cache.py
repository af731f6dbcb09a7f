"""The production cache backend, and the site's one policy for Redis failures.

The policy: Redis going away makes the site slower, never broken.

- A cache read that fails is a miss; a write that fails is skipped. Pages render
  from the database and nothing is stored.
- A counter that cannot reach Redis counts in the database instead
  (``analytics.store``); nothing is lost.
- After a failure, Redis is left alone for ``DOWN_SECONDS`` (a ``Breaker``) so pages
  do not wait on connection timeouts call after call; then it is tried again, and
  caching resumes by itself. One warning is logged per outage, not one per call.

``RedisCache`` is Django's ``RedisCache`` with that policy and one redis-py client
per connection pool. Django builds a new ``redis.Redis`` object for every cache
call, and redis-py fills a table of several hundred response callbacks in each
one: about 0.3 ms of CPU per call, as much as the rest of a page-cache hit. A
client over a pool is thread-safe, so one per pool is enough; pools and clients
are made lazily in each gunicorn worker, after the fork.

``incr``/``decr`` still raise, so a counter knows it did not count. They raise
``CacheUnavailable``, which is both a ``ValueError`` (Django's "no such key": while
Redis is away every read is a miss, so every key is missing) and a
``redis.ConnectionError`` (for code that asks about Redis itself).

``CACHE_ERRORS`` is what a caller catches around a cache that may not be this one
(the file cache of a single machine raises ``OSError``).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

logger = logging.getLogger("portal.cache")

DOWN_SECONDS = 5.0
CACHE_ERRORS = (RedisError, OSError)


class CacheUnavailable(RedisConnectionError, ValueError):
    """Redis could not be reached for a counter update."""


class Breaker:
    """Remembers that a service failed, and for how long to leave it alone."""

    def __init__(self, name, seconds=DOWN_SECONDS):
        self.name = name
        self.seconds = seconds
        self._down_until = 0.0
        self._lock = threading.Lock()

    def available(self):
        return time.monotonic() >= self._down_until

    def failed(self, what, exc):
        with self._lock:
            was_up = self.available()
            self._down_until = time.monotonic() + self.seconds
        if was_up:
            logger.warning("%s unavailable during %s: %s", self.name, what, exc)

    def reset(self):
        self._down_until = 0.0


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.breaker = Breaker("cache")

    def _call(self, operation, fallback, *args, **kwargs):
        if not self.breaker.available():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as exc:
            self.breaker.failed(operation, exc)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        if not self.breaker.available():
            raise CacheUnavailable("cache unavailable")
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            self.breaker.failed("incr", exc)
            raise CacheUnavailable(str(exc)) from exc

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)
