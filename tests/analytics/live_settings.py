"""Settings for gunicorn started by tests/analytics/test_live.py.

The test settings (plain static storage) with the shared Redis page cache switched
on, so the counted pages are also answered from the cache.
"""

import os

from portal.settings.test import *  # noqa: F403

PAGE_CACHE_ENABLED = True
_SHARED = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": os.environ["REDIS_URL"],
    "KEY_PREFIX": os.environ["DJANGO_CACHE_PREFIX"],
}
CACHES = {"default": _SHARED, PAGE_CACHE_ALIAS: _SHARED}  # noqa: F405
ANALYTICS_REDIS_PREFIX = os.environ.get("DJANGO_ANALYTICS_REDIS_PREFIX", "{analytics}")
