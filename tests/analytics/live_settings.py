"""Settings for gunicorn started by tests/analytics/test_live.py.

The test settings (plain static storage) with the shared Redis page cache switched
on, so the counted pages are also answered from the cache.
"""

import os

from portal.settings.test import *  # noqa: F403

PAGE_CACHE_ENABLED = True
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ["DJANGO_CACHE_PREFIX"],
    }
}
ANALYTICS_REDIS_PREFIX = os.environ.get("DJANGO_ANALYTICS_REDIS_PREFIX", "{analytics}")
