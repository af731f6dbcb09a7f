"""The production cache backend: ``portal.cache.ResilientRedisCache`` (Redis failures
are cache misses) with one redis-py client per connection pool.

Django's RedisCache builds a new ``redis.Redis`` object for every cache call, and
redis-py fills a table of several hundred response callbacks in each one: about
0.3 ms of CPU per call, as much as the rest of a page-cache hit. A client over a
connection pool is thread-safe, so one per pool is enough; pools and clients are
made lazily in each gunicorn worker, after the fork.
"""

from django.core.cache.backends.redis import RedisCacheClient

from .cache import ResilientRedisCache


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


class RedisCache(ResilientRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
