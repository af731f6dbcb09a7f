"""Writes of the visitor counter: record a page view, flush Redis to the database.

No count is read, changed in Python and written back: the database path uses
single-statement upserts (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``),
the Redis path a Lua script (INCR/HINCRBY), and the flush adds batches with F()
expressions inside one transaction, recorded by batch id so none is added twice.
"""

import functools
import logging
import random
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import Case, F, Value, When
from django.utils import timezone

from portal import visitor
from portal.current_site import current_site_id
from portal.memo import Memo
from portal.net import address_keyer, keyed_hash
from portal.site_models import Site, default_site_id

from . import conf, store
from .models import SHARDS, DailyStat, FlushBatch, Visitor
from .selectors import view_counter
from .sender import Sender

logger = logging.getLogger(__name__)

FLUSH_CHUNK = 500


def _local_day(now):
    return timezone.localtime(datetime.fromtimestamp(now, tz=UTC)).date()


def _local_day_text(now):
    """``_local_day`` as ISO text, worked out once per clock minute (every local
    day starts on a minute): the sender thread asks for it per page view."""
    minute = int(now // 60)
    day = _days.get(minute)
    if day is None:
        day = _days.put(minute, _local_day(now).isoformat())
    return day


_days = Memo(64)
setting_changed.connect(
    lambda setting, **kwargs: setting == "TIME_ZONE" and _days.clear(),
    weak=False,
    dispatch_uid="analytics-days",
)


def _site_id(site_id=None):
    """The site a page view counts for: the given one, else the request's."""
    return int(site_id or current_site_id() or default_site_id())


def daily_add(*, site_id, day, views, visits, shard=0):
    """Add to one (site, day, shard) row in one atomic upsert statement."""
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    sql = (
        f"INSERT INTO {table} (site_id, day, shard, views, visits) "
        "VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (site_id, day, shard) DO UPDATE SET "
        f"views = {table}.views + excluded.views, "
        f"visits = {table}.visits + excluded.visits"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [site_id, day, shard, views, visits])


def visitor_touch(*, site_id, visitor_id, now_ms):
    """Record a page view of ``visitor_id`` on the site ``site_id``; True when it
    starts a new visit there.

    One upsert returning the previous time: concurrent page views of one visitor
    queue on that visitor's row, so exactly one of them sees the gap.
    """
    table = connection.ops.quote_name(Visitor._meta.db_table)
    sql = (
        f"INSERT INTO {table} (site_id, key, last_seen, prev_seen) "
        "VALUES (%s, %s, %s, NULL) "
        "ON CONFLICT (site_id, key) DO UPDATE SET "
        f"prev_seen = {table}.last_seen, "
        f"last_seen = CASE WHEN excluded.last_seen > {table}.last_seen "
        f"THEN excluded.last_seen ELSE {table}.last_seen END "
        "RETURNING prev_seen"
    )
    if connection.vendor == "postgresql":
        # A page view need not wait for the WAL to reach the disk: this shortens
        # the transaction (and the time a popular article's row stays locked) to
        # no fsync. A PostgreSQL crash may lose the last fraction of a second of
        # counts; a stopped app process loses nothing.
        sql = "SET LOCAL synchronous_commit TO OFF; " + sql
    with connection.cursor() as cursor:
        cursor.execute(sql, [site_id, visitor_id, now_ms])
        (previous,) = cursor.fetchone()
    window_ms = conf.get("ANALYTICS_VISIT_WINDOW") * 1000
    return previous is None or now_ms - previous >= window_ms


def _rate_allowed(rate_id, now):
    """Per-address page views per minute through the shared cache (database path)."""
    cache_key = f"analytics:rate:{rate_id}:{int(now // 60)}"
    cache.add(cache_key, 0, 120)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The key expired between add and incr, or the shared cache is down
        # (portal.cache.CacheUnavailable is a ValueError): count from one again.
        cache.add(cache_key, 1, 120)
        count = 1
    return count <= conf.get("ANALYTICS_RATE_LIMIT")


def new_visitor_allowed(*, rate_id, now=None):
    """May this address bring one more new visitor this hour?

    Counted in the shared cache per address and hour; at most
    ``ANALYTICS_NEW_VISITORS_PER_HOUR`` (an office behind one address). When the
    shared cache is down, every new visitor is allowed (the per-minute rate limit
    still holds).
    """
    now = time.time() if now is None else now
    cache_key = f"analytics:new:{rate_id}:{int(now // 3600)}"
    cache.add(cache_key, 0, 3700)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        return True
    return count <= conf.get("ANALYTICS_NEW_VISITORS_PER_HOUR")


def pageview_record(
    *, visitor_id, rate_id, article_id=None, now=None, fallback=None, site_id=None
):
    """Count one page view. Returns True/False (new visit or not), None if dropped.

    ``site_id``: the site the page belongs to (default: the current site).

    ``fallback``: for a new visitor (no valid cookie), the address's visitor
    (``portal.visitor.address_visitor``), counted instead of ``visitor_id`` once
    the address is past its hourly new-visitor cap.

    With Redis: one script call. If Redis fails, the view is counted in the
    database instead (a logged warning), so nothing is lost while Redis is down.
    """
    now = time.time() if now is None else now
    day = _local_day(now)
    site_id = _site_id(site_id)
    conn = store.client()
    if conn is not None:
        try:
            result = store.record(
                conn,
                site_id=site_id,
                visitor_id=visitor_id,
                rate_id=rate_id,
                now=now,
                day=day.isoformat(),
                article_id=article_id,
                fallback=fallback,
            )
        except store.RedisError as exc:
            store.mark_down(exc)
        else:
            return None if result < 0 else bool(result)
    return _pageview_record_db(
        site_id=site_id,
        visitor_id=visitor_id,
        rate_id=rate_id,
        article_id=article_id,
        now=now,
        day=day,
        fallback=fallback,
    )


def _send_events(views):
    """Sender thread: one script call to Redis, or the database if Redis fails."""
    events = _events_of(views)
    conn = store.client()
    if conn is not None:
        try:
            store.record_views(conn, events, day_of=_local_day_text)
            return
        except store.RedisError as exc:
            store.mark_down(exc)
    try:
        for now, site_id, visitor_id, rate_id, article_id, fallback, _day in events:
            _pageview_record_db(
                site_id=site_id,
                visitor_id=visitor_id,
                rate_id=rate_id,
                article_id=article_id,
                now=now,
                day=date.fromisoformat(_local_day_text(now)),
                fallback=fallback,
            )
    except (DatabaseError, InterfaceError) as exc:
        logger.warning("analytics: %d page views not counted: %s", len(events), exc)
    finally:
        close_old_connections()


def _events_of(views):
    """Queued page views (``pageview_submit``) as ``store.record_views`` takes
    them: the client's address key and what follows from it (``pageview_ids``)
    are worked out here, in the sender thread, from the raw address headers."""
    address_key = address_keyer()
    secret_key = settings.SECRET_KEY
    events = []
    add = events.append
    for now, site_id, visitor_id, is_new, article_id, remote, forwarded in views:
        rate_id, fallback = pageview_ids(
            address_key(remote, forwarded), now if is_new else None, secret_key
        )
        add((now, site_id, visitor_id, rate_id, article_id, fallback, None))
    return events


def pageview_ids(address, new_at=None, secret_key=None):
    """(rate id, fallback visitor) of a client's address key (``portal.net``).

    The rate id is the keyed hash the rate limit and the new-visitor cap count
    by. The fallback, asked for with the time of a new visitor's view, is the
    address's visitor of that local day (``portal.visitor.address_visitor_for``),
    counted instead once the address is past its hourly new-visitor cap;
    otherwise None. ``secret_key``: ``settings.SECRET_KEY`` read once by a caller
    that loops.
    """
    if secret_key is None:
        secret_key = settings.SECRET_KEY
    return (
        _rate_id(address, secret_key),
        None
        if new_at is None
        else _address_visitor(address, _local_day_text(new_at), secret_key),
    )


@functools.lru_cache(maxsize=4096)
def _rate_id(address, secret_key):
    """Memoised per address key (the same readers come back again and again);
    the secret key is part of the cache key."""
    return keyed_hash(address, purpose="analytics-rate")[:32]


@functools.lru_cache(maxsize=4096)
def _address_visitor(address, day, secret_key):
    return visitor.address_visitor_for(address, day)


_sender = Sender(_send_events)


def pageview_submit(site_id, visitor_id, is_new, article_id, remote, forwarded):
    """Count one page view without waiting: queued for the sender thread.

    Returns False, having queued nothing, when Redis is down or not configured:
    the caller counts the view with ``pageview_record`` then.

    The request's part is one tuple of what it alone knows: the site (``None``:
    the current one), the visitor and whether the cookie is new, the article,
    and the client's address headers (``REMOTE_ADDR``, ``X-Forwarded-For``).
    The sender thread works out the rest (``_events_of``) and counts the view
    exactly as ``pageview_record`` would, a moment later. Everything the request
    thread runs competes with the page itself for the processor, with its caches
    full of the page's own code; the sender does the same work for hundreds of
    views in one loop (docs/performance.md, "2f").
    """
    if store.client() is None:
        return False
    _sender.submit(
        (
            time.time(),
            site_id or _site_id(),
            visitor_id,
            is_new,
            article_id,
            remote,
            forwarded,
        )
    )
    return True


def pageviews_drain(timeout=10.0):
    """Send every page view still queued in this process (at exit, in tests)."""
    _sender.drain(timeout)


def _pageview_record_db(
    *, site_id, visitor_id, rate_id, article_id, now, day, fallback=None
):
    if not _rate_allowed(rate_id, now):
        return None
    if fallback and not new_visitor_allowed(rate_id=rate_id, now=now):
        visitor_id = fallback
    with transaction.atomic():
        new_visit = visitor_touch(
            site_id=site_id, visitor_id=visitor_id, now_ms=int(now * 1000)
        )
        daily_add(
            site_id=site_id,
            day=day,
            views=1,
            visits=1 if new_visit else 0,
            shard=random.randrange(SHARDS),
        )
        counter = view_counter()
        if article_id and counter is not None:
            counter.model._default_manager.filter(pk=article_id).update(
                **{counter.field: F(counter.field) + 1}
            )
    return new_visit


def _apply_batch(batch_name, fields):
    """Add one batch's counts to its site's rows, exactly once (by batch name)."""
    site_id = store.batch_site_id(batch_name) or _first_site_id()
    per_day = defaultdict(lambda: [0, 0])
    per_article = {}
    for raw_field, raw_value in fields.items():
        field = raw_field.decode() if isinstance(raw_field, bytes) else raw_field
        value = int(raw_value)
        kind, _sep, ident = field.partition(":")
        if kind in ("v", "s"):
            try:
                day = date.fromisoformat(ident)
            except ValueError:
                continue
            per_day[day][0 if kind == "v" else 1] += value
        elif kind == "a" and ident.isdigit():
            per_article[int(ident)] = value
    try:
        with transaction.atomic():
            FlushBatch.objects.create(batch_id=batch_name)
            for day, (views, visits) in sorted(per_day.items()):
                daily_add(site_id=site_id, day=day, views=views, visits=visits, shard=0)
            counter = view_counter()
            if counter is not None and per_article:
                rows = counter.model._default_manager
                ids = sorted(per_article)
                for start in range(0, len(ids), FLUSH_CHUNK):
                    chunk = ids[start : start + FLUSH_CHUNK]
                    added = Case(
                        *[When(pk=pk, then=Value(per_article[pk])) for pk in chunk],
                        default=Value(0),
                    )
                    rows.filter(pk__in=chunk).update(
                        **{counter.field: F(counter.field) + added}
                    )
    except IntegrityError:
        # Another process flushed this batch already.
        return False
    return True


def _first_site_id():
    """The site of counts made before they were per site: the first site."""
    return Site.objects.order_by("pk").values_list("pk", flat=True).first()


def counts_flush(*, use_lock=False):
    """Move the counts waiting in Redis into the database; returns batches applied.

    Each site's pending hash is renamed to a fresh batch key atomically (new page
    views go to a new pending hash), the batch is added to the database in one
    transaction that also records its name, and only then deleted from Redis. A
    crash at any point leaves the batch either in Redis (retried next time) or
    recorded in the database (then only deleted): nothing lost, nothing doubled.
    """
    conn = store.client()
    if conn is None:
        return 0
    try:
        if use_lock and not conn.set(
            store.key("flushlock"),
            "1",
            nx=True,
            ex=max(1, conf.get("ANALYTICS_FLUSH_SECONDS")),
        ):
            return 0
        for site_id in store.site_ids(conn):
            store.take_pending(
                conn, site_id, store.batch_key(site_id, uuid.uuid4().hex)
            )
        # The one pending hash of an installation from before counts were per
        # site (an upgrade, or an old process still running): the first site's.
        if conn.exists(store.key("pending")):
            store.take_pending(
                conn, None, store.batch_key(_first_site_id(), uuid.uuid4().hex)
            )
        applied = 0
        for raw_name in sorted(conn.smembers(store.key("batches"))):
            name = raw_name.decode()
            fields = conn.hgetall(name)
            if fields and _apply_batch(name, fields):
                applied += 1
            pipe = conn.pipeline()
            pipe.delete(name)
            pipe.srem(store.key("batches"), name)
            pipe.execute()
        return applied
    except store.RedisError as exc:
        store.mark_down(exc)
        return 0


def housekeeping_run(*, now=None):
    """Forget visitors idle for two days and flush records older than a week."""
    now = time.time() if now is None else now
    try:
        Visitor.objects.filter(last_seen__lt=int((now - 2 * 86400) * 1000)).delete()
        FlushBatch.objects.filter(
            flushed_at__lt=timezone.now() - timedelta(days=7)
        ).delete()
    except DatabaseError as exc:
        logger.warning("analytics: housekeeping failed: %s", exc)
