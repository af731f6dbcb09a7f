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


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _initial_generation():
    # Milliseconds since the epoch: if the counter is ever lost (Redis restarted
    # without persistence, key evicted) the new value is still larger than any
    # generation a stored page can carry, so no stale page comes back.
    return int(time.time() * 1000)


def generation_key(site_id=None):
    """The generation key of one site (the current one). Outside a site (a
    command, ``/healthz``, media files) it is the installation's key, which every
    bump of any site moves too. No query: the current site is already known."""
    site_id = site_id or current_site_id()
    return f"{GENERATION_KEY}:{site_id}" if site_id else GENERATION_KEY


def current_generation(site_id=None):
    cache = page_cache()
    key = generation_key(site_id)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, _initial_generation(), timeout=None)
        generation = cache.get(key)
    return generation


def _bump(key):
    cache = page_cache()
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, _initial_generation(), timeout=None)
        return cache.incr(key)


def bump_generation(site_id=None, *, site_ids=None):
    """Make the stored pages of a site stale, on every server (atomic INCR on
    Redis): ``site_id``, else each of ``site_ids``, else the current site, else
    (outside a request) every site. Returns the new generation of the site when
    one site was bumped."""
    if site_ids is None:
        site_id = site_id or current_site_id()
        site_ids = [site_id] if site_id else None
    one_site = site_ids is not None and len(site_ids) == 1
    try:
        if site_ids is not None:
            # A parent committee's "Tin từ cơ sở" shows its children's news.
            parents = {site.pk: site.parent_id for site in Site.objects.cached()}
            site_ids = [*site_ids, *filter(None, map(parents.get, site_ids))]
        if site_ids is None:
            site_ids = [site.pk for site in Site.objects.cached()]
        keys = [generation_key(pk) for pk in site_ids if pk]
        result = None
        for key in keys:
            result = _bump(key)
        installation = _bump(GENERATION_KEY)
        return result if one_site else installation
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
