"""Parts of a page kept between renders: a cheaper miss.

After an edit every stored page is stale, and each is rendered again by its next
reader. Most of what such a render computes did not change: the masthead, the
menu, the sidebar's category list, the home page's blocks, an article's related
and other news. ``cached_fragment`` keeps such a part (rendered HTML or small
plain data) in the page cache's own cache under the content *generation*, with
the same expiry as a page (``expiry``: the page timeout or the next scheduled
publication, whichever is sooner), so

- an edit (a new generation) makes every fragment stale at once, as it does pages;
- a scheduled article appears in every fragment at its time;
- staff previews and requests the page cache does not serve never use them
  (``fragments_allowed``): they may show unpublished rows.

Key: ``fragment_key(name, generation, vary)``, the one place that says what a
fragment is keyed on: the current site, the name, the site's generation and the
``vary`` values.

Each process also keeps the fragments it read or rendered in memory (``_local``),
under the same key and expiry: the key names the generation, which every request
reads from the shared cache, so a copy in memory is current exactly when the
shared one is, and a miss reads its masthead, menu and sidebar without a round
trip to Redis. The table is small (``LOCAL_MAX_ITEMS``) and emptied when full
(``portal.memo``).
"""

import hashlib
import time

from django.conf import settings
from django.db import DatabaseError

from portal.cache import CACHE_ERRORS
from portal.current_site import current_site_id
from portal.memo import Memo

from . import staff
from .expiry import expiry
from .generation import page_cache, request_generation

FRAGMENT_KEY_PREFIX = "pagecache:fragment:"

# key -> (expires, value): fragments this process read or rendered.
LOCAL_MAX_ITEMS = 512
_local = Memo(LOCAL_MAX_ITEMS)


def fragment_key(name, generation, vary=()):
    digest = ""
    if vary:
        raw = "\x1f".join(str(part) for part in vary)
        digest = hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]
    site = current_site_id() or 0
    return f"{FRAGMENT_KEY_PREFIX}{site}:{name}:{generation}:{digest}"


def fragments_allowed(request):
    """Only pages rendered for anonymous readers use stored fragments: a staff
    member's page (a preview) is rendered in full. Decided by the staff marker
    cookie, as the page cache does, without a session lookup."""
    if not getattr(settings, "PAGE_FRAGMENTS_ENABLED", True):
        return False
    return request is not None and not staff.is_staff_request(request)


def cached_fragment(request, name, vary, compute, *, shared=True):
    """``compute()``'s value, kept under the content generation until it changes
    or the next scheduled change comes due. ``compute`` must return something
    picklable that depends only on published content and on ``vary``.

    ``shared=False`` keeps it in this process's memory only (``kept_in_process``)."""
    if not fragments_allowed(request):
        return compute()
    generation = request_generation(request)
    if generation is None:
        return compute()
    key = fragment_key(name, generation, vary)
    now = time.time()
    entry = _local.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    cache = page_cache()
    if shared:
        try:
            entry = cache.get(key)
        except CACHE_ERRORS:
            return compute()
        if entry is not None and entry[0] > now:
            _local.put(key, entry)
            return entry[1]
    value = compute()
    try:
        expires = expiry(generation, now)
        if shared:
            cache.set(key, (expires, value), max(1, int(expires - now) + 1))
    except (*CACHE_ERRORS, DatabaseError):
        # Not kept when Redis refuses it or the next scheduled change cannot be
        # read (the database restarting): the page still gets the value.
        return value
    _local.put(key, (expires, value))
    return value


def kept_in_process(request, name, vary, compute):
    """Like ``cached_fragment``, for a value read for a page that is cheap to
    keep but not worth a round trip (a row the page shows: the article, the
    site's profile): kept in this process's memory only, under the same key and
    expiry. The value is shared by every request of the process until it is
    stale: callers must not change it."""
    return cached_fragment(request, name, vary, compute, shared=False)
