"""The content generation: one number that says which stored pages are current.

Every save or delete of content a page can show increments it (``invalidation``),
so after an edit every stored page is stale on every server at once; votes and page
views never touch it. It lives in the page cache's own cache (``PAGE_CACHE_ALIAS``),
next to the pages it describes.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.functional import SimpleLazyObject

from portal.cache import CACHE_ERRORS

logger = logging.getLogger("portal.pagecache")

GENERATION_KEY = "pagecache:generation"


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _initial_generation():
    # Milliseconds since the epoch: if the counter is ever lost (Redis restarted
    # without persistence, key evicted) the new value is still larger than any
    # generation a stored page can carry, so no stale page comes back.
    return int(time.time() * 1000)


def current_generation():
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _initial_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation():
    """Make every stored page stale, on every server (atomic INCR on Redis)."""
    cache = page_cache()
    try:
        try:
            return cache.incr(GENERATION_KEY)
        except ValueError:
            cache.add(GENERATION_KEY, _initial_generation(), timeout=None)
            return cache.incr(GENERATION_KEY)
    except CACHE_ERRORS:
        logger.exception("page cache: could not bump the content generation")
        return None


def content_generation(request):
    """Context processor: ``content_generation`` for fragment cache keys.

    ``{% cache 600 home_blocks content_generation a11y_mode %}`` keeps a fragment
    until the next content edit, like the page cache; read from the cache only when
    a template uses it.
    """
    return {"content_generation": SimpleLazyObject(current_generation)}
