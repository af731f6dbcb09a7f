"""Reads of the visitor counter: the block's numbers, chart series, top articles.

Every read is the current site's (``portal.current_site``: the request's site, or
the editing site in the admin)."""

import time
from datetime import date, timedelta

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from portal import registry
from portal.current_site import current_site_id
from portal.models import SiteProfile
from portal.site_models import default_site_id

from . import conf, store
from .models import CounterSettings, DailyStat, Visitor

SNAPSHOT_CACHE_KEY = "analytics:snapshot:v3"
SETTINGS_CACHE_KEY = "analytics:settings:v2"


def site_id():
    """The site whose numbers are read: the current one (else the first)."""
    return int(current_site_id() or default_site_id())


def snapshot_cache_key(site):
    return f"{SNAPSHOT_CACHE_KEY}:{site}"


def settings_cache_key(site):
    return f"{SETTINGS_CACHE_KEY}:{site}"


def counter_settings():
    """The CounterSettings of the current site's profile (created with defaults),
    cached."""
    cache_key = settings_cache_key(site_id())
    found = cache.get(cache_key)
    if found is None:
        found, _created = CounterSettings.objects.get_or_create(
            profile_id=SiteProfile.objects.current().pk
        )
        cache.set(cache_key, found, 300)
    return found


def periods(today):
    """Start and end (inclusive) of each period of the block; weeks start Monday."""
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    return {
        "today": (today, today),
        "yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
        "this_week": (week_start, today),
        "last_week": (week_start - timedelta(days=7), week_start - timedelta(days=1)),
        "this_month": (month_start, today),
        "last_month": (last_month_end.replace(day=1), last_month_end),
    }


def _pending_from_redis(site):
    """The site's counts in Redis not yet flushed: ({day: [views, visits]}, online
    or None)."""
    conn = store.client()
    if conn is None:
        return {}, None
    now = time.time()
    try:
        pipe = conn.pipeline(transaction=False)
        pipe.hgetall(store.pending_key(site))
        pipe.zcount(
            store.online_key(site), now - conf.get("ANALYTICS_ONLINE_WINDOW"), "+inf"
        )
        fields, online = pipe.execute()
    except store.RedisError as exc:
        store.mark_down(exc)
        return {}, None
    per_day = {}
    for raw_field, raw_value in fields.items():
        kind, _sep, ident = raw_field.decode().partition(":")
        if kind not in ("v", "s"):
            continue
        try:
            day = date.fromisoformat(ident)
        except ValueError:
            continue
        per_day.setdefault(day, [0, 0])[0 if kind == "v" else 1] += int(raw_value)
    return per_day, int(online)


def online_now(*, now=None):
    """Distinct visitors of the current site with a page view in the online window
    before ``now``."""
    now = time.time() if now is None else now
    since = now - conf.get("ANALYTICS_ONLINE_WINDOW")
    site = site_id()
    conn = store.client()
    if conn is not None:
        try:
            return int(conn.zcount(store.online_key(site), since, now))
        except store.RedisError as exc:
            store.mark_down(exc)
    return Visitor.objects.filter(
        site_id=site, last_seen__gte=int(since * 1000), last_seen__lte=int(now * 1000)
    ).count()


def compute_snapshot(*, today=None):
    """All numbers of the current site's block (ints), without the cache."""
    site = site_id()
    settings_row = counter_settings()
    today = today or timezone.localdate()
    ranges = periods(today)
    aggregates = {
        name: Sum("visits", filter=Q(day__gte=start, day__lte=end), default=0)
        for name, (start, end) in ranges.items()
    }
    numbers = DailyStat.objects.filter(site_id=site).aggregate(
        **aggregates,
        total_visits=Sum("visits", default=0),
        total_views=Sum("views", default=0),
    )
    pending, online = _pending_from_redis(site)
    for day, (views, visits) in pending.items():
        for name, (start, end) in ranges.items():
            if start <= day <= end:
                numbers[name] += visits
        numbers["total_visits"] += visits
        numbers["total_views"] += views
    if online is None:
        online = online_now()
    numbers["online"] = online
    numbers["total_visits"] += settings_row.initial_visits
    numbers["total_views"] += settings_row.initial_views
    # Which lines staff chose to show travels with the numbers (one cache read).
    numbers["shown"] = list(settings_row.shown_lines())
    return numbers


def counter_snapshot():
    """The current site's block numbers, reused for ANALYTICS_SNAPSHOT_SECONDS."""
    cache_key = snapshot_cache_key(site_id())
    numbers = cache.get(cache_key)
    if numbers is None:
        try:
            numbers = compute_snapshot()
        except DatabaseError:
            return None
        cache.set(cache_key, numbers, conf.get("ANALYTICS_SNAPSHOT_SECONDS"))
    return numbers


def view_counter():
    """The declared view counter (``portal.registry.view_counter``): the article
    page counts toward ``Article.view_count``. None when no app declared one."""
    return registry.view_counters[0] if registry.view_counters else None


def article_views(article_id):
    """An article's stored view count plus views waiting in Redis; None if unknown."""
    cache_key = f"analytics:article-views:{article_id}"
    views = cache.get(cache_key)
    if views is not None:
        return views
    counter = view_counter()
    if counter is None:
        return None
    # Only for rows a reader may see: a draft's id is not confirmed.
    views = (
        counter.model._default_manager.published()
        .filter(pk=article_id)
        .values_list(counter.field, flat=True)
    )
    views = next(iter(views), None)
    if views is None:
        return None
    conn = store.client()
    if conn is not None:
        try:
            pending = store.pending_key(site_id())
            views += int(conn.hget(pending, f"a:{article_id}") or 0)
        except store.RedisError as exc:
            store.mark_down(exc)
    cache.set(cache_key, views, conf.get("ANALYTICS_SNAPSHOT_SECONDS"))
    return views


def daily_series(*, days=30, today=None):
    """[(day, views, visits)] for the last ``days`` days, zeros included."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = {
        row["day"]: (row["views"], row["visits"])
        for row in DailyStat.objects.filter(
            site_id=site_id(), day__gte=start, day__lte=today
        )
        .values("day")
        .annotate(views=Sum("views"), visits=Sum("visits"))
    }
    return [
        (day, *rows.get(day, (0, 0)))
        for day in (start + timedelta(days=i) for i in range(days))
    ]


def monthly_series(*, months=12, today=None):
    """[(first day of month, views, visits)] for the last ``months`` months."""
    today = today or timezone.localdate()
    firsts = [today.replace(day=1)]
    while len(firsts) < months:
        firsts.append((firsts[-1] - timedelta(days=1)).replace(day=1))
    firsts.reverse()
    rows = {
        row["month"]: (row["views"], row["visits"])
        for row in DailyStat.objects.filter(
            site_id=site_id(), day__gte=firsts[0], day__lte=today
        )
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(views=Sum("views"), visits=Sum("visits"))
    }
    return [(first, *rows.get(first, (0, 0))) for first in firsts]


def top_articles(limit=10):
    counter = view_counter()
    if counter is None:
        return []
    field = counter.field
    return list(
        counter.model._default_manager.filter(site_id=site_id(), **{f"{field}__gt": 0})
        .order_by(f"-{field}", "-pk")
        .only("pk", "title", counter.lookup, field)[:limit]
    )
