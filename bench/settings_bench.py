"""Settings for bench/run.sh: the production settings plus a bare baseline view.

Everything else (DEBUG off, page cache, counting, Redis, PostgreSQL) comes from the
environment exactly as in production.
"""

from portal.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The baseline view is neither cached nor counted: it measures Django alone.
PAGE_CACHE_SKIP_PREFIXES = (*PAGE_CACHE_SKIP_PREFIXES, "/bench/")  # noqa: F405
ANALYTICS_EXCLUDED_PREFIXES = ("/ckeditor5/", "/healthz", "/thong-ke/", "/bench/")

# The benchmarks report hits and misses from the page cache's status header.
PAGE_CACHE_STATUS_HEADER = True
