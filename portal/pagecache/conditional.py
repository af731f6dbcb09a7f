"""ETag, Last-Modified and 304 answers on top of whatever was served.

Listing pages and feeds (the views each app declares with
``portal.registry.listing``) send a Last-Modified worked out from the rows they
list; every GET page gets an ETag, and a browser holding a current copy gets a 304.
"""

import logging
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Max, Min
from django.middleware.http import ConditionalGetMiddleware
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

from portal import registry
from portal.cache import CACHE_ERRORS

from .generation import current_generation

logger = logging.getLogger("portal.pagecache")


# --- Last-Modified ----------------------------------------------------------------

LASTMOD_CACHE_PREFIX = "discovery:lastmod:"
LASTMOD_CACHE_SECONDS = 600
GENERATION_SEEN_SECONDS = 7 * 24 * 3600


def _times(model, now):
    """Newest change, newest publication and next scheduled publication of
    ``model`` (one aggregate query), by the model's own publication rule."""
    publication = model.publication
    return model._default_manager.aggregate(
        changed=Max("updated_at"),
        published=Max(publication.time, filter=publication.q(now)),
        upcoming=Min(publication.time, filter=publication.scheduled_q(now)),
    )


def listing_model(view_name):
    """The model a view lists (declared with ``registry.listing``), or None."""
    for entry in registry.listings:
        if view_name in entry.view_names:
            return entry.model
    return None


def _generation_seen_at(generation, now):
    """When this server first saw the current content generation (epoch seconds).

    A save or delete of anything a page shows starts a new generation, so this is
    never earlier than the last edit, deletions and sidebar changes included.
    """
    key = f"{LASTMOD_CACHE_PREFIX}seen:{generation}"
    cache.add(key, int(now.timestamp()), GENERATION_SEEN_SECONDS)
    return cache.get(key) or int(now.timestamp())


def last_modified(model, now=None):
    """Last-Modified (aware datetime, whole seconds) of the pages listing ``model``.

    The newest ``updated_at`` of any row or publication time of a published row
    (one aggregate query), but never earlier than the current content generation.
    Kept in the cache per generation until the next scheduled publication, so a
    scheduled article moves the date forward at its time.
    """
    now = now or timezone.now()
    generation = current_generation()
    key = f"{LASTMOD_CACHE_PREFIX}{model._meta.label_lower}:{generation}"
    cached = cache.get(key)
    if cached is not None and now.timestamp() < cached[1]:
        return datetime.fromtimestamp(cached[0], tz=UTC)
    times = _times(model, now)
    candidates = [t for t in (times["changed"], times["published"]) if t]
    newest = int(max(candidates).timestamp()) if candidates else 0
    value = max(newest, _generation_seen_at(generation, now))
    valid_until = now.timestamp() + LASTMOD_CACHE_SECONDS
    if times["upcoming"]:
        valid_until = min(valid_until, times["upcoming"].timestamp())
    cache.set(key, (value, valid_until), LASTMOD_CACHE_SECONDS)
    return datetime.fromtimestamp(value, tz=UTC)


class ListingLastModifiedMiddleware:
    """Last-Modified on listing pages and feeds.

    Sits just below the page cache, so the header is worked out once when the page
    is rendered and stored with it: a page served from the cache carries it without
    another query or cache round trip. (A stored page expires at the next scheduled
    publication, when its Last-Modified would move.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        model = listing_model(match.view_name) if match else None
        if model and request.method == "GET" and response.status_code == 200:
            try:
                stamp = last_modified(model)
            except (DatabaseError, *CACHE_ERRORS):
                # The page still goes out, only without Last-Modified.
                logger.warning("Last-Modified unavailable", exc_info=True)
                return response
            sent = parse_http_date_safe(response.get("Last-Modified", ""))
            if sent is not None:
                stamp = max(stamp, datetime.fromtimestamp(sent, tz=UTC))
            response.headers["Last-Modified"] = http_date(stamp.timestamp())
        return response


class ListingConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETag (hash of the page) on every GET page and 304 Not Modified when the
    browser's copy is current (ETag or the Last-Modified set below the cache).

    Sits near the top of MIDDLEWARE, outside the page cache and inside the visitor
    counter: the page (cached or freshly rendered) is produced as usual, the answer
    on the wire shrinks to a 304, and the counter, seeing the 304, does not count
    it (a reader's revalidation is not a page view).
    """
