"""Redis side of the counter: one Lua script call per batch of page views.

Keys (all under ANALYTICS_REDIS_PREFIX, one cluster slot); ``<site>`` is the id of
the site (``portal.Site``) the page view was for:
- ``pending:<site>``: hash of the site's counts not yet in the database:
  ``v:<day>`` page views, ``s:<day>`` visits, ``a:<article id>`` article views.
- ``sites``: set of the sites that ever had a pending hash (the flush takes each).
- ``batch:<site>:<uuid>`` + set ``batches``: pending hashes renamed away for
  flushing.
- ``visit:<site>:<visitor>``: time of the visitor's last page view on the site
  (visit window): a reader of two committees' sites is a visitor of each.
- ``online:<site>``: sorted set visitor -> time of last page view on the site
  (online window).
- ``rate:<address hash>:<minute>``: page views per client address per minute,
  for the whole installation (docs/analytics.md).
- ``new:<address hash>:<hour>``: new visitors (no valid cookie) per address and
  hour, for the whole installation; past ``ANALYTICS_NEW_VISITORS_PER_HOUR`` a new
  visitor is counted as the address's fallback visitor
  (``portal.visitor.address_visitor``). Decided here, in the batch, so the
  request makes no round trip for it.
"""

import redis
from redis.exceptions import RedisError

from portal.cache import Breaker

from . import conf

# Counts a batch of page views, in order, in one call (one EVALSHA per batch).
# KEYS: the set of sites, then per page view its site's pending hash and online
# set, its visit key, rate key, new-visitor key and the fallback visitor's visit
# key.
# ARGV: visit window, rate limit, new-visitor cap, then per page view: now,
# visitor, day, article, fallback visitor ('' for a returning reader), site.
# Returns per page view: 1 = it started a visit, 0 = not, -1 = rate-limited.
RECORD_SCRIPT = """
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local results = {}
local latest = {}
for i = 1, (#KEYS - 1) / 6 do
  local pending_key, online_key = KEYS[6 * i - 4], KEYS[6 * i - 3]
  local visit_key, rate_key = KEYS[6 * i - 2], KEYS[6 * i - 1]
  local new_key, fallback_key = KEYS[6 * i], KEYS[6 * i + 1]
  local stamp = ARGV[4 + 6 * (i - 1)]
  local visitor = ARGV[5 + 6 * (i - 1)]
  local day = ARGV[6 + 6 * (i - 1)]
  local article = ARGV[7 + 6 * (i - 1)]
  local fallback = ARGV[8 + 6 * (i - 1)]
  local site = ARGV[9 + 6 * (i - 1)]
  local now = tonumber(stamp)
  local n = redis.call('INCR', rate_key)
  if n == 1 then redis.call('EXPIRE', rate_key, 120) end
  if n > limit then
    results[i] = -1
  else
    if fallback ~= '' then
      local made = redis.call('INCR', new_key)
      if made == 1 then redis.call('EXPIRE', new_key, 3700) end
      if made > cap then
        visitor = fallback
        visit_key = fallback_key
      end
    end
    local last = redis.call('GET', visit_key)
    local new = 0
    if (not last) or (now - tonumber(last) >= window) then new = 1 end
    if (not last) or (now > tonumber(last)) then
      redis.call('SET', visit_key, stamp, 'EX', window + 120)
    end
    redis.call('HINCRBY', pending_key, 'v:' .. day, 1)
    if new == 1 then redis.call('HINCRBY', pending_key, 's:' .. day, 1) end
    if article ~= '' then redis.call('HINCRBY', pending_key, 'a:' .. article, 1) end
    redis.call('SADD', KEYS[1], site)
    redis.call('ZADD', online_key, 'GT', now, visitor)
    if (not latest[online_key]) or now > latest[online_key] then
      latest[online_key] = now
    end
    results[i] = new
  end
end
for online_key, newest in pairs(latest) do
  redis.call('ZREMRANGEBYSCORE', online_key, '-inf', newest - 3600)
end
return results
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
# The site's Redis-failure policy (portal/cache.py): after a failure, count in the
# database for a few seconds instead of waiting on timeouts.
breaker = Breaker("analytics Redis (counting in the database meanwhile)")


def key(*parts):
    return ":".join([conf.get("ANALYTICS_REDIS_PREFIX"), *map(str, parts)])


def client():
    """The Redis client, or None when Redis is not configured or just failed."""
    url = conf.get("ANALYTICS_REDIS_URL")
    if not url or not breaker.available():
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5
        )
    return _clients[url]


def mark_down(exc):
    """Remember a failure; logged once per outage."""
    breaker.failed("counting", exc)


def reset():
    """Forget clients and failures (tests, settings changes)."""
    _clients.clear()
    _scripts.clear()
    breaker.reset()


def _script(conn, name, source):
    cache_key = (id(conn), name)
    if cache_key not in _scripts:
        _scripts[cache_key] = conn.register_script(source)
    return _scripts[cache_key]


def record(conn, **event):
    """Count one page view of the site ``site_id``; 1 = it started a visit, 0 =
    not, -1 = rate-limited.

    ``fallback``: for a new visitor (no valid cookie), the address's visitor id
    to count instead once the address is past its hourly new-visitor cap."""
    return record_many(conn, [event])[0]


def record_many(conn, events):
    """Count several page views, in order, in one round trip (one script call).

    Each event names its site (``site_id``)."""
    if not events:
        return []
    prefix = conf.get("ANALYTICS_REDIS_PREFIX")
    keys = [f"{prefix}:sites"]
    args = [
        conf.get("ANALYTICS_VISIT_WINDOW"),
        conf.get("ANALYTICS_RATE_LIMIT"),
        conf.get("ANALYTICS_NEW_VISITORS_PER_HOUR"),
    ]
    for event in events:
        now = event["now"]
        rate_id = event["rate_id"]
        site_id = int(event["site_id"])
        fallback = event.get("fallback") or ""
        keys.append(f"{prefix}:pending:{site_id}")
        keys.append(f"{prefix}:online:{site_id}")
        keys.append(f"{prefix}:visit:{site_id}:{event['visitor_id']}")
        keys.append(f"{prefix}:rate:{rate_id}:{int(now // 60)}")
        keys.append(f"{prefix}:new:{rate_id}:{int(now // 3600)}")
        keys.append(f"{prefix}:visit:{site_id}:{fallback}")
        args.append(repr(float(now)))
        args.append(event["visitor_id"])
        args.append(event["day"])
        args.append(event.get("article_id") or "")
        args.append(fallback)
        args.append(site_id)
    script = _script(conn, "record", RECORD_SCRIPT)
    return [int(result) for result in script(keys=keys, args=args, client=conn)]


def pending_key(site_id):
    """The hash of one site's counts not yet in the database."""
    return key("pending", int(site_id))


def online_key(site_id):
    """The sorted set of one site's visitors by time of their last page view."""
    return key("online", int(site_id))


def batch_key(site_id, name):
    """A pending hash of one site renamed away for flushing."""
    return key("batch", int(site_id), name)


def batch_site_id(batch_name):
    """The site of a batch (``batch_key``); None for a batch taken before counts
    were per site (``batch:<uuid>``)."""
    first, sep, _name = batch_name.removeprefix(key("batch") + ":").partition(":")
    return int(first) if sep and first.isdigit() else None


def site_ids(conn):
    """The sites that have had counts in Redis."""
    return sorted(int(raw) for raw in conn.smembers(key("sites")))


def take_pending(conn, site_id, batch_name):
    """Rename the site's pending hash to ``batch_name`` (made by ``batch_key``).

    ``site_id`` None: the one pending hash of the installation written before
    counts were per site (an upgrade, or an old process still running)."""
    script = _script(conn, "take", TAKE_SCRIPT)
    source = key("pending") if site_id is None else pending_key(site_id)
    return script(keys=[source, key("batches"), batch_name])


__all__ = ["RedisError", "client", "key", "mark_down", "record", "reset"]
