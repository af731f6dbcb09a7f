"""The content generation: one number per site that says which stored pages of
that site are current.

Every save or delete of content a page can show increments its site's generation
(``invalidation``), so after an edit every stored page of that site is stale on
every server at once, and the other committees' pages stay cached; votes and page
views never touch it. It lives in the page cache's own cache (``PAGE_CACHE_ALIAS``),
next to the pages it describes. Outside a request (no current site) a bump
increments every site's generation. The installation's own generation (read
where no site is current) moves with every bump of any site.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.functional import SimpleLazyObject

from portal.cache import CACHE_ERRORS
from portal.current_site import current_site_id
from portal.site_models import Site

logger = logging.getLogger("portal.pagecache")

GENERATION_KEY = "pagecache:generation"
# The generation of the last change that withdrew something (unpublished, deleted,
# made private), per site like the generation: a page stored before it is never
# served stale (``middleware``).
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
    # Microseconds since the epoch: if the counter is ever lost (Redis restarted
    # without persistence, key evicted) the new value is still larger than any
    # generation a stored page can carry, so no stale page comes back. (In
    # milliseconds, a key lost and made again within the millisecond it was made
    # came back equal: a stale page could be served.)
    return time.time_ns() // 1000


def generation_key(site_id=None):
    """The generation key of one site (the current one). Outside a site (a
    command, ``/healthz``, media files) it is the installation's key, which every
    bump of any site moves too. No query: the current site is already known."""
    site_id = site_id or current_site_id()
    return f"{GENERATION_KEY}:{site_id}" if site_id else GENERATION_KEY


def withdrawn_key(site_id=None):
    """The key of the last withdrawal's generation of one site (the current one)."""
    site_id = site_id or current_site_id()
    return f"{WITHDRAWN_KEY}:{site_id}" if site_id else WITHDRAWN_KEY


def current_generation(site_id=None):
    cache = page_cache()
    key = generation_key(site_id)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, _initial_generation(), timeout=None)
        generation = cache.get(key)
    return generation


def _bump(cache, key, mark, withdrawal):
    """INCR one generation (``key``); a withdrawal also sets its ``mark``."""
    if cache.get(key) is None:
        cache.add(key, _initial_generation(), timeout=None)
    if withdrawal:
        return _bump_withdrawn(cache, key, mark)
    return cache.incr(key)


def _bump_withdrawn(cache, key, mark):
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is not None:  # Redis: one atomic script
        keys = [cache.make_and_validate_key(k) for k in (key, mark)]
        return int(client(keys[0], write=True).eval(_WITHDRAW_SCRIPT, 2, *keys))
    # One machine's file or memory cache: mark first, so the new generation is
    # never seen without the mark; then mark the generation actually reached.
    cache.set(mark, cache.get(key, 0) + 1, timeout=None)
    generation = cache.incr(key)
    cache.set(mark, generation, timeout=None)
    return generation


def bump_generation(site_id=None, *, site_ids=None, withdrawal=False):
    """Make the stored pages of a site stale, on every server (atomic INCR on
    Redis): ``site_id``, else each of ``site_ids``, else the current site, else
    (outside a request) every site. Returns the new generation of the site when
    one site was bumped.

    ``withdrawal``: the change took something away from readers (a row
    unpublished, deleted or made private): pages stored before it are then never
    served stale while a new copy renders.
    """
    if site_ids is None:
        site_id = site_id or current_site_id()
        site_ids = [site_id] if site_id else None
    one_site = site_ids is not None and len(site_ids) == 1
    cache = page_cache()
    try:
        if site_ids is not None:
            # A parent committee's "Tin từ cơ sở" shows its children's news.
            parents = {site.pk: site.parent_id for site in Site.objects.cached()}
            site_ids = [*site_ids, *filter(None, map(parents.get, site_ids))]
        if site_ids is None:
            site_ids = [site.pk for site in Site.objects.cached()]
        result = None
        for pk in dict.fromkeys(pk for pk in site_ids if pk):
            result = _bump(cache, generation_key(pk), withdrawn_key(pk), withdrawal)
        installation = _bump(cache, GENERATION_KEY, WITHDRAWN_KEY, withdrawal)
        return result if one_site else installation
    except (*CACHE_ERRORS, ValueError):
        logger.exception("page cache: could not bump the content generation")
        return None


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
    until the next content edit of the site, like the page cache; read from the
    cache only when a template uses it. The value names the site too, so two
    committees never share a fragment.
    """
    return {
        "content_generation": SimpleLazyObject(
            lambda: f"{current_site_id() or 0}.{request_generation(request)}"
        )
    }
