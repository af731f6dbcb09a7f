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
# The generation of the last change that withdrew something (unpublished, deleted,
# made private): a page stored before it is never served stale (``middleware``).
WITHDRAWN_KEY = "pagecache:withdrawn"

# INCR the generation and record it as a withdrawal in one atomic step, so no
# reader can see the new generation without the withdrawal mark.
_WITHDRAW_SCRIPT = """
local g = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], g)
return g
"""


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


def bump_generation(*, withdrawal=False):
    """Make every stored page stale, on every server (atomic INCR on Redis).

    ``withdrawal``: the change took something away from readers (a row
    unpublished, deleted or made private): pages stored before it are then never
    served stale while a new copy renders.
    """
    cache = page_cache()
    try:
        current_generation()  # make sure the counter exists
        if withdrawal:
            return _bump_withdrawn(cache)
        return cache.incr(GENERATION_KEY)
    except (*CACHE_ERRORS, ValueError):
        logger.exception("page cache: could not bump the content generation")
        return None


def _bump_withdrawn(cache):
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is not None:  # Redis: one atomic script
        keys = [cache.make_and_validate_key(k) for k in (GENERATION_KEY, WITHDRAWN_KEY)]
        return int(client(keys[0], write=True).eval(_WITHDRAW_SCRIPT, 2, *keys))
    # One machine's file or memory cache: mark first, so the new generation is
    # never seen without the mark; then mark the generation actually reached.
    cache.set(WITHDRAWN_KEY, cache.get(GENERATION_KEY, 0) + 1, timeout=None)
    generation = cache.incr(GENERATION_KEY)
    cache.set(WITHDRAWN_KEY, generation, timeout=None)
    return generation


_GENERATION_ATTR = "_content_generation"


def request_generation(request):
    """The content generation, read once per request (None if the cache is down)."""
    if request is not None and hasattr(request, _GENERATION_ATTR):
        return getattr(request, _GENERATION_ATTR)
    try:
        generation = current_generation()
    except CACHE_ERRORS:
        generation = None
    if request is not None:
        setattr(request, _GENERATION_ATTR, generation)
    return generation


def remember_generation(request, generation):
    """The page cache read the generation already: fragments reuse it."""
    setattr(request, _GENERATION_ATTR, generation)


def content_generation(request):
    """Context processor: ``content_generation`` for fragment cache keys.

    ``{% cache 600 home_blocks content_generation a11y_mode %}`` keeps a fragment
    until the next content edit, like the page cache; read from the cache only when
    a template uses it.
    """
    return {"content_generation": SimpleLazyObject(lambda: request_generation(request))}
