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

import json

import redis
from redis.exceptions import RedisError

from portal.cache import Breaker

from . import conf

# Counts a batch of page views, in order, in one call (one EVALSHA per batch).
# KEYS: the set of sites (every key of the script shares its hash slot: they all
# start with the prefix, "{analytics}" by default, a Redis Cluster hash tag).
# ARGV: visit window, rate limit, new-visitor cap, key prefix, then the batch as
# JSON, one array per page view: time (text), visitor, day, article ('' for
# none), fallback visitor ('' for a returning reader), site, rate id, minute and
# hour of the time (the rate and new-visitor windows).
# Returns one character per page view: "1" = it started a visit, "0" = not,
# "-" = rate-limited (one reply to read, not one number per view).
#
# The rules are applied page view by page view, in order, on tables of the keys'
# values read once per batch; the keys are written once at the end. A batch of
# a few hundred views thus costs two commands per distinct visitor and a few per
# site instead of eight per view, and leaves Redis exactly as the same views
# counted one by one would (tests/perf/test_counting_path.py).
RECORD_SCRIPT = """
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local prefix = ARGV[4]
local views = cjson.decode(ARGV[5])
local results = {}
-- key -> {value before the batch, added by the batch, lifetime of a new key}
local counters = {}
local function counter(key, ttl)
  local entry = counters[key]
  if not entry then
    entry = {tonumber(redis.call('GET', key) or '0'), 0, ttl}
    counters[key] = entry
  end
  return entry
end
-- visit key -> {last page view (number or false), its time as text, changed}
local visits = {}
-- per site: field of its pending hash -> increment, visitor -> time of the
-- visitor's newest view, time of the newest view
local pending, online, newest = {}, {}, {}
for i, view in ipairs(views) do
  local stamp, visitor, day, article = view[1], view[2], view[3], view[4]
  local fallback, site, rate = view[5], view[6], view[7]
  local now = tonumber(stamp)
  local rate_key = prefix .. ':rate:' .. rate .. ':' .. view[8]
  local views_this_minute = counter(rate_key, 120)
  views_this_minute[2] = views_this_minute[2] + 1
  if views_this_minute[1] + views_this_minute[2] > limit then
    results[i] = '-'
  else
    local visit_key = prefix .. ':visit:' .. site .. ':' .. visitor
    if fallback ~= '' then
      local made = counter(prefix .. ':new:' .. rate .. ':' .. view[9], 3700)
      made[2] = made[2] + 1
      if made[1] + made[2] > cap then
        visitor = fallback
        visit_key = prefix .. ':visit:' .. site .. ':' .. fallback
      end
    end
    local visit = visits[visit_key]
    if not visit then
      local last = redis.call('GET', visit_key)
      visit = {last and tonumber(last) or false, last, false}
      visits[visit_key] = visit
    end
    local last = visit[1]
    local started = 0
    if (not last) or (now - last >= window) then started = 1 end
    if (not last) or (now > last) then
      visit[1], visit[2], visit[3] = now, stamp, true
    end
    local counts = pending[site]
    if not counts then
      counts = {}
      pending[site] = counts
      online[site] = {}
    end
    counts['v:' .. day] = (counts['v:' .. day] or 0) + 1
    if started == 1 then counts['s:' .. day] = (counts['s:' .. day] or 0) + 1 end
    if article ~= '' then
      counts['a:' .. article] = (counts['a:' .. article] or 0) + 1
    end
    local members = online[site]
    if (not members[visitor]) or now > members[visitor] then members[visitor] = now end
    if (not newest[site]) or now > newest[site] then newest[site] = now end
    results[i] = tostring(started)
  end
end
for key, entry in pairs(counters) do
  if entry[2] > 0 then
    redis.call('INCRBY', key, entry[2])
    if entry[1] == 0 then redis.call('EXPIRE', key, entry[3]) end
  end
end
for key, visit in pairs(visits) do
  if visit[3] then redis.call('SET', key, visit[2], 'EX', window + 120) end
end
for site, counts in pairs(pending) do
  local pending_key = prefix .. ':pending:' .. site
  for field, amount in pairs(counts) do
    redis.call('HINCRBY', pending_key, field, amount)
  end
  redis.call('SADD', KEYS[1], site)
  local online_key = prefix .. ':online:' .. site
  local scored = {}
  for visitor, stamp in pairs(online[site]) do
    scored[#scored + 1] = stamp
    scored[#scored + 1] = visitor
  end
  redis.call('ZADD', online_key, 'GT', unpack(scored))
  redis.call('ZREMRANGEBYSCORE', online_key, '-inf', newest[site] - 3600)
end
return table.concat(results)
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
    views = []
    for event in events:
        now = event["now"]
        views.append(
            [
                repr(float(now)),
                event["visitor_id"],
                event["day"],
                str(event.get("article_id") or ""),
                event.get("fallback") or "",
                str(int(event["site_id"])),
                event["rate_id"],
                str(int(now // 60)),
                str(int(now // 3600)),
            ]
        )
    script = _script(conn, "record", RECORD_SCRIPT)
    results = script(
        keys=[key("sites")],
        args=[
            conf.get("ANALYTICS_VISIT_WINDOW"),
            conf.get("ANALYTICS_RATE_LIMIT"),
            conf.get("ANALYTICS_NEW_VISITORS_PER_HOUR"),
            conf.get("ANALYTICS_REDIS_PREFIX"),
            json.dumps(views, separators=(",", ":")),
        ],
        client=conn,
    )
    if isinstance(results, bytes):
        results = results.decode()
    return [-1 if result == "-" else int(result) for result in results]


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
