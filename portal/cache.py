"""A Redis cache that makes the site slower, never broken, when Redis goes away.

Django's ``RedisCache`` raises ``redis.RedisError`` from every call when the server
is down, and pages read the cache in many places (site profile, menu, sidebar
blocks). Here a failed read is a miss and a failed write is skipped, with one
warning in the log. After a failure the cache is left alone for ``DOWN_SECONDS`` so
pages do not wait on connection timeouts call after call; then it is tried again,
so caching resumes by itself when Redis is back.

``incr``/``decr`` still raise, so a counter knows it did not count. They raise
``CacheUnavailable``, which is both a ``ValueError`` (Django's "no such key": while
Redis is away every read is a miss, so every key is missing) and a
``redis.ConnectionError`` (for code that asks about Redis itself).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

logger = logging.getLogger("portal.cache")

DOWN_SECONDS = 5.0


class CacheUnavailable(RedisConnectionError, ValueError):
    """Redis could not be reached for a counter update."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _available(self):
        return time.monotonic() >= self._down_until

    def _failed(self, operation, exc):
        with self._lock:
            was_up = self._available()
            self._down_until = time.monotonic() + DOWN_SECONDS
        if was_up:
            logger.warning("cache unavailable during %s: %s", operation, exc)

    def _call(self, operation, fallback, *args, **kwargs):
        if not self._available():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as exc:
            self._failed(operation, exc)
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
        if not self._available():
            raise CacheUnavailable("cache unavailable")
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            self._failed("incr", exc)
            raise CacheUnavailable(str(exc)) from exc

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)
