"""Redis side of the counter: one Lua script call per page view.

Keys (all under ANALYTICS_REDIS_PREFIX, one cluster slot):
- ``pending``: hash of counts not yet in the database: ``v:<day>`` page views,
  ``s:<day>`` visits, ``a:<article id>`` article views.
- ``batch:<uuid>`` + set ``batches``: pending hashes renamed away for flushing.
- ``visit:<visitor>``: time of the visitor's last page view (visit window).
- ``online``: sorted set visitor -> time of last page view (online window).
- ``rate:<address hash>:<minute>``: page views per client address per minute.
"""

import logging
import time

import redis
from redis.exceptions import RedisError

from . import conf

logger = logging.getLogger(__name__)

RECORD_SCRIPT = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local n = redis.call('INCR', KEYS[4])
if n == 1 then redis.call('EXPIRE', KEYS[4], 120) end
if n > limit then return -1 end
local last = redis.call('GET', KEYS[1])
local new = 0
if (not last) or (now - tonumber(last) >= window) then new = 1 end
if (not last) or (now > tonumber(last)) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', window + 120)
end
redis.call('HINCRBY', KEYS[2], 'v:' .. ARGV[5], 1)
if new == 1 then redis.call('HINCRBY', KEYS[2], 's:' .. ARGV[5], 1) end
if ARGV[6] ~= '' then redis.call('HINCRBY', KEYS[2], 'a:' .. ARGV[6], 1) end
redis.call('ZADD', KEYS[3], 'GT', now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 3600)
return new
"""

TAKE_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[3])
  redis.call('SADD', KEYS[2], KEYS[3])
  return 1
end
return 0
"""

_clients = {}
_scripts = {}
# After a failure, skip Redis for a few seconds instead of waiting on timeouts.
_down_until = [0.0]
DOWN_PAUSE = 5.0


def key(*parts):
    return ":".join([conf.get("ANALYTICS_REDIS_PREFIX"), *map(str, parts)])


def client():
    """The Redis client, or None when Redis is not configured or just failed."""
    url = conf.get("ANALYTICS_REDIS_URL")
    if not url or time.monotonic() < _down_until[0]:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5
        )
    return _clients[url]


def mark_down(exc):
    """Remember a failure; log it at most once per pause."""
    if time.monotonic() >= _down_until[0]:
        logger.warning(
            "analytics: Redis unavailable (%s); counting in the database", exc
        )
    _down_until[0] = time.monotonic() + DOWN_PAUSE


def reset():
    """Forget clients and failures (tests, settings changes)."""
    _clients.clear()
    _scripts.clear()
    _down_until[0] = 0.0


def _script(conn, name, source):
    cache_key = (id(conn), name)
    if cache_key not in _scripts:
        _scripts[cache_key] = conn.register_script(source)
    return _scripts[cache_key]


def _record_call(script, client, *, visitor_id, rate_id, now, day, article_id):
    return script(
        keys=[
            key("visit", visitor_id),
            key("pending"),
            key("online"),
            key("rate", rate_id, int(now // 60)),
        ],
        args=[
            repr(float(now)),
            conf.get("ANALYTICS_VISIT_WINDOW"),
            conf.get("ANALYTICS_RATE_LIMIT"),
            visitor_id,
            day,
            article_id or "",
        ],
        client=client,
    )


def record(conn, **event):
    """Count one page view; 1 = it started a visit, 0 = not, -1 = rate-limited."""
    script = _script(conn, "record", RECORD_SCRIPT)
    return int(_record_call(script, conn, **event))


def record_many(conn, events):
    """Count several page views, in order, in one round trip (a pipeline)."""
    script = _script(conn, "record", RECORD_SCRIPT)
    pipe = conn.pipeline(transaction=False)
    for event in events:
        _record_call(script, pipe, **event)
    return [int(result) for result in pipe.execute()]


def take_pending(conn, batch_name):
    script = _script(conn, "take", TAKE_SCRIPT)
    return script(keys=[key("pending"), key("batches"), batch_name])


__all__ = ["RedisError", "client", "key", "mark_down", "record", "reset"]
