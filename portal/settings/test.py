"""Test settings: base settings made faster. Behaviour stays as in production."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, PAGE_CACHE_ALIAS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Each test run gets its own database name so parallel runs on one PostgreSQL
# server do not collide.
_suffix = os.environ.get("TEST_DB_SUFFIX", "")
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": f"test_portal{_suffix}"}

# One private in-process cache per test run; tests of the shared Redis store
# configure it explicitly.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests",
    },
    PAGE_CACHE_ALIAS: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests-pages",
    },
}

# Tests never depend on collectstatic having run.
STORAGES = {
    "default": {"BACKEND": "portal.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The anonymous page cache is off in tests so that tests reading a page twice see
# their own writes; tests/prod switches it on where it is under test.
PAGE_CACHE_ENABLED = False
# Fragments likewise: a test's writes are never committed, so the content
# generation (bumped on commit) never moves; tests/perf/test_fragments.py turns
# them on in transactional tests.
PAGE_FRAGMENTS_ENABLED = False
# The page cache's tests read hit and miss from its status header.
PAGE_CACHE_STATUS_HEADER = True
