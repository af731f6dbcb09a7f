"""Redis side of the counter: one Lua script call per batch of page views.

Keys (all under ANALYTICS_REDIS_PREFIX, one cluster slot); ``<site>`` is the id of
the site (``portal.Site``) the page view was for:
- ``pending:<site>``: hash of the site's counts not yet in the database:
  ``v:<day>`` page views, ``s:<day>`` visits, ``a:<article id>`` article views.
- ``sites``: set of the sites that ever had a pending hash (the flush takes each).
- ``batch:<site>:<uuid>`` + set ``batches``: pending hashes renamed away for
  flushing.
- ``online:<site>``: sorted set visitor -> time of the visitor's last page view
  on the site, kept an hour (at least a visit window and ten minutes): the
  online window and the visit window both read it; a reader of two committees'
  sites is a visitor of each.
- ``rate:<minute>``: hash address hash -> page views from that client address in
  that minute, for the whole installation (docs/analytics.md).
- ``new:<hour>``: hash address hash -> new visitors (no valid cookie) from that
  address in that hour, for the whole installation; past
  ``ANALYTICS_NEW_VISITORS_PER_HOUR`` a new visitor is counted as the address's
  fallback visitor
  (``portal.visitor.address_visitor``). Decided here, in the batch, so the
  request makes no round trip for it.
"""

import msgpack
import redis
from redis.exceptions import RedisError

from portal.cache import Breaker

from . import conf

# Counts a batch of page views, in order, in one call (one EVALSHA per batch).
# KEYS: the set of sites (every key of the script shares its hash slot: they all
# start with the prefix, "{analytics}" by default, a Redis Cluster hash tag).
# ARGV: visit window, rate limit, new-visitor cap, key prefix, then the batch in
# MessagePack (encoded and decoded in C on both sides: a quarter of JSON's cost in
# the sender, a little less in Redis), one array per page view: time (a float),
# visitor, day, article ('' for none), fallback visitor ('' for a returning
# reader), site, rate id, minute and hour of the time (the rate and new-visitor
# windows). No nil anywhere: it would leave a hole in the script's arrays.
# Returns one character per page view: "1" = it started a visit, "0" = not,
# "-" = rate-limited (one reply to read, not one number per view).
#
# The rules are applied page view by page view, in order, on tables read once
# per batch, and the keys are written once at its end. Every read and write
# names many fields or members at once (HMGET/HSET of a minute's or an hour's
# counters, ZMSCORE/ZADD of a site's visitors), so a batch costs a few commands
# per site and per minute, however many readers and addresses it holds, and
# leaves Redis exactly as the same views counted one by one would
# (tests/perf/test_counting_path.py).
RECORD_SCRIPT = """
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local prefix = ARGV[4]
local views = cmsgpack.unpack(ARGV[5])
-- A visitor's last page view is its score in the site's online set, which keeps
-- an hour and at least a visit window (with room for late arrivals).
local keep = math.max(3600, window + 600)
local results = {}

-- Calls command(key, ...) with the items of list, a thousand at a time
-- (unpack's limit).
local function call_chunked(command, key, list, first)
  for start = 1, #list, 1000 do
    if first then
      redis.call(command, key, first, unpack(list, start, math.min(start + 999, #list)))
    else
      redis.call(command, key, unpack(list, start, math.min(start + 999, #list)))
    end
  end
end

-- The per-address counters: hash key (a minute's rates, an hour's new
-- visitors) -> {lifetime, field -> {value before the batch, added}, fields}.
local counters = {}
local function counter(hash_key, ttl, field)
  local hash = counters[hash_key]
  if not hash then
    hash = {ttl, {}, {}}
    counters[hash_key] = hash
  end
  local entry = hash[2][field]
  if not entry then
    entry = {0, 0}
    hash[2][field] = entry
    hash[3][#hash[3] + 1] = field
  end
  return entry
end
-- The hash key of a minute's rates or an hour's new visitors, made once.
local window_keys = {rate = {}, new = {}}
local function window_key(kind, window)
  local made = window_keys[kind]
  local hash_key = made[window]
  if not hash_key then
    hash_key = prefix .. ':' .. kind .. ':' .. window
    made[window] = hash_key
  end
  return hash_key
end
-- 1. Every counter the batch may touch, read in one HMGET per hash. Each view's
-- entries are kept for step 2.
local rates, mades = {}, {}
for i, view in ipairs(views) do
  rates[i] = counter(window_key('rate', view[8]), 120, view[7])
  if view[5] ~= '' then
    mades[i] = counter(window_key('new', view[9]), 3700, view[7])
  end
end
for hash_key, hash in pairs(counters) do
  local fields = hash[3]
  for start = 1, #fields, 1000 do
    local stop = math.min(start + 999, #fields)
    local values = redis.call('HMGET', hash_key, unpack(fields, start, stop))
    for j = start, stop do
      hash[2][fields[j]][1] = tonumber(values[j - start + 1]) or 0
    end
  end
end

-- 2. The rate limit and the new-visitor cap, view by view: who is counted.
local counted = {}  -- index -> visitor counted (false: rate-limited)
local wanted = {}   -- site -> {visitor -> true, list of visitors}
for i, view in ipairs(views) do
  local visitor = view[2]
  local rate = rates[i]
  rate[2] = rate[2] + 1
  if rate[1] + rate[2] > limit then
    counted[i] = false
  else
    local made = mades[i]
    if made then
      made[2] = made[2] + 1
      if made[1] + made[2] > cap then visitor = view[5] end
    end
    counted[i] = visitor
    local site = view[6]
    local seen = wanted[site]
    if not seen then
      seen = {{}, {}}
      wanted[site] = seen
    end
    if not seen[1][visitor] then
      seen[1][visitor] = true
      seen[2][#seen[2] + 1] = visitor
    end
  end
end

-- 3. The counted visitors' last page views, one ZMSCORE per site.
local last = {}  -- site -> visitor -> time of the last view (false: none kept)
for site, seen in pairs(wanted) do
  local times = {}
  local online_key = prefix .. ':online:' .. site
  local members = seen[2]
  for start = 1, #members, 1000 do
    local stop = math.min(start + 999, #members)
    local scores = redis.call('ZMSCORE', online_key, unpack(members, start, stop))
    for j = start, stop do
      times[members[j]] = tonumber(scores[j - start + 1]) or false
    end
  end
  last[site] = times
end

-- 4. Visits, views and article views, view by view.
local pending, newest = {}, {}
local day_fields, article_fields = {}, {}
for i, view in ipairs(views) do
  local visitor = counted[i]
  if not visitor then
    results[i] = '-'
  else
    local now = tonumber(view[1])
    local day, article, site = view[3], view[4], view[6]
    local times = last[site]
    local before = times[visitor]
    local started = 0
    if (not before) or (now - before >= window) then started = 1 end
    if (not before) or (now > before) then times[visitor] = now end
    local counts = pending[site]
    if not counts then
      counts = {}
      pending[site] = counts
    end
    local fields = day_fields[day]
    if not fields then
      fields = {'v:' .. day, 's:' .. day}
      day_fields[day] = fields
    end
    counts[fields[1]] = (counts[fields[1]] or 0) + 1
    if started == 1 then counts[fields[2]] = (counts[fields[2]] or 0) + 1 end
    if article ~= '' then
      local field = article_fields[article]
      if not field then
        field = 'a:' .. article
        article_fields[article] = field
      end
      counts[field] = (counts[field] or 0) + 1
    end
    if (not newest[site]) or now > newest[site] then newest[site] = now end
    results[i] = started == 1 and '1' or '0'
  end
end

-- 5. Writes: each counter hash once, each site's counts and visitors once.
for hash_key, hash in pairs(counters) do
  local totals = {}
  for _, field in ipairs(hash[3]) do
    local entry = hash[2][field]
    if entry[2] > 0 then
      totals[#totals + 1] = field
      totals[#totals + 1] = entry[1] + entry[2]
    end
  end
  if #totals > 0 then
    call_chunked('HSET', hash_key, totals)
    redis.call('EXPIRE', hash_key, hash[1])
  end
end
for site, counts in pairs(pending) do
  local pending_key = prefix .. ':pending:' .. site
  for field, amount in pairs(counts) do
    redis.call('HINCRBY', pending_key, field, amount)
  end
  redis.call('SADD', KEYS[1], site)
  local online_key = prefix .. ':online:' .. site
  local scored = {}
  for _, visitor in ipairs(wanted[site][2]) do
    scored[#scored + 1] = last[site][visitor]
    scored[#scored + 1] = visitor
  end
  call_chunked('ZADD', online_key, scored, 'GT')
  redis.call('ZREMRANGEBYSCORE', online_key, '-inf', newest[site] - keep)
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


def record_many(conn, events, day_of=None):
    """Count several page views, in order, in one round trip (one script call).

    Each event names its site (``site_id``) and its local day (``day``), or
    ``day_of(now)`` gives the day."""
    return record_views(
        conn,
        [
            (
                event["now"],
                event["site_id"],
                event["visitor_id"],
                event["rate_id"],
                event.get("article_id"),
                event.get("fallback"),
                event.get("day"),
            )
            for event in events
        ],
        day_of,
    )


def record_views(conn, views, day_of=None):
    """``record_many`` of views as tuples: (time, site, visitor, rate id,
    article or None, fallback or None, local day or None for ``day_of(time)``).

    The sender thread runs this for every page view of the site: the texts that
    only change with the minute (the day, the minute and hour windows) are
    worked out once per minute of the batch, each site's and article's once."""
    if not views:
        return []
    rows = []
    add = rows.append
    periods = {}  # minute -> (day, minute, hour) as text
    sites, articles = {}, {None: ""}  # id -> text
    for now, site_id, visitor_id, rate_id, article_id, fallback, day in views:
        minute = int(now // 60)
        period = periods.get(minute)
        if period is None:
            period = periods[minute] = (
                day_of(now) if day_of else None,
                str(minute),
                str(minute // 60),
            )
        site = sites.get(site_id)
        if site is None:
            site = sites[site_id] = str(int(site_id))
        article = articles.get(article_id)
        if article is None:
            article = articles[article_id] = str(article_id) if article_id else ""
        add(
            (
                # A float64 in the batch: the script reads the same double.
                float(now),
                visitor_id,
                day or period[0],
                article,
                fallback or "",
                site,
                rate_id,
                period[1],
                period[2],
            )
        )
    script = _script(conn, "record", RECORD_SCRIPT)
    results = script(
        keys=[key("sites")],
        args=[
            conf.get("ANALYTICS_VISIT_WINDOW"),
            conf.get("ANALYTICS_RATE_LIMIT"),
            conf.get("ANALYTICS_NEW_VISITORS_PER_HOUR"),
            conf.get("ANALYTICS_REDIS_PREFIX"),
            msgpack.packb(rows),
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
