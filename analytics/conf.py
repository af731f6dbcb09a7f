"""Counter settings with their defaults (all overridable in settings/env)."""

from django.conf import settings
from django.core.signals import setting_changed

DEFAULTS = {
    # Count page views at all (DJANGO_ANALYTICS_ENABLED).
    "ANALYTICS_ENABLED": True,
    # Where page views are counted: "middleware" (the page's own answer) or
    # "counter" (the page's counting request, /thong-ke/xem.gif, for a front cache
    # that answers pages without Django; DJANGO_ANALYTICS_COUNT_IN).
    "ANALYTICS_COUNT_IN": "middleware",
    # Redis for counting; empty means atomic database updates.
    "ANALYTICS_REDIS_URL": "",
    # Prefix of every Redis key; the braces keep all keys in one cluster slot.
    "ANALYTICS_REDIS_PREFIX": "{analytics}",
    # With Redis: hand page views to a background sender thread (no round trip in
    # the request). Off: one round trip per page view, in the request.
    "ANALYTICS_ASYNC": True,
    # Move Redis counters into the database at most this often (seconds).
    "ANALYTICS_FLUSH_SECONDS": 10,
    # Page views counted per client address per minute; more are ignored.
    "ANALYTICS_RATE_LIMIT": 300,
    # New visitors (browsers without our cookie) one address may bring per hour;
    # past it they count as one visitor per address and day. Sized for an
    # office behind one address (DJANGO_ANALYTICS_NEW_VISITORS_PER_HOUR).
    "ANALYTICS_NEW_VISITORS_PER_HOUR": 300,
    # Visit and online windows (seconds).
    "ANALYTICS_VISIT_WINDOW": 30 * 60,
    "ANALYTICS_ONLINE_WINDOW": 5 * 60,
    # How long the block's numbers are reused before being recomputed (seconds).
    "ANALYTICS_SNAPSHOT_SECONDS": 5,
    # Path prefixes never counted, besides static, media and the admin.
    "ANALYTICS_EXCLUDED_PREFIXES": ("/ckeditor5/", "/healthz", "/thong-ke/"),
}


# Read on every page view: kept per process, forgotten when a setting changes
# (tests, ``override_settings``).
_values = {}


def get(name):
    try:
        return _values[name]
    except KeyError:
        value = _values[name] = getattr(settings, name, DEFAULTS[name])
        return value


def reset(**kwargs):
    """Forget the remembered values (connected to ``setting_changed``)."""
    _values.clear()


setting_changed.connect(reset, dispatch_uid="analytics-conf-reset")
