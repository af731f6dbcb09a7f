"""Counts page views on the way out, including pages served from the page cache.

The outermost middleware: it sees the answer the reader really gets, so a page
answered from the page cache is counted and a ``304 Not Modified`` made by the
conditional-GET middleware below it is not.
"""

import logging
import time

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError
from django.urls import Resolver404, resolve

from portal import visitor
from portal.current_site import current_site_id
from portal.memo import Memo
from portal.net import address_key
from portal.registry import COUNTED_ROW_ATTRIBUTE

from . import conf, selectors, services, store, visitors

logger = logging.getLogger(__name__)

# ANALYTICS_COUNT_IN: "middleware" (every page answered counts, the default) or
# "counter" (the page's own counting request does, behind a front cache: views.py).
COUNT_IN_COUNTER = "counter"
ARTICLE_ID_CACHE_SECONDS = 60
HOUSEKEEPING_SECONDS = 3600
_UNKNOWN = object()


def article_id_for(request, path=None, site_id=None):
    """The id of the row whose view count this page adds to, or None.

    Which view counts toward which row is declared by the app that owns it
    (``portal.registry.view_counter``: the article page). A page that says so
    itself (``registry.counts_toward``, kept in the page cache too) is not
    looked up here; the counting request of a front-cached page
    (``views.py``), and a page without that mark, are: the path is resolved
    and the row looked up by the URL's keyword argument. The answer is kept per
    path for a minute in a small per-process table (a mapping that hardly ever
    changes).
    """
    path = request.path_info if path is None else path
    # Two committees' sites may both have /tin-tuc/hoi-nghi/: the path is read
    # on the request's site.
    if site_id is None:
        site_id = current_site_id()
    now = time.monotonic()
    found = _path_ids.get((site_id, path))
    if found is not None and found[1] > now:
        return found[0] or None
    article_id = _article_id_for_path(path, site_id)
    _path_ids.put((site_id, path), (article_id or 0, now + ARTICLE_ID_CACHE_SECONDS))
    return article_id


# (site id, path) -> (article id or 0, expiry)
PATH_CACHE_SIZE = 4096
_path_ids = Memo(PATH_CACHE_SIZE)


def _article_id_for_path(path, site_id):
    counter = selectors.view_counter()
    if counter is None:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if getattr(match.func, "view_class", match.func) is not counter.view:
        return None
    value = match.kwargs.get(counter.lookup)
    if not value:
        return None
    rows = counter.model._default_manager.filter(**{counter.lookup: value})
    if site_id is not None:
        rows = rows.filter(site_id=site_id)
    return rows.values_list("pk", flat=True).first()


class CounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.next_flush = time.monotonic() + conf.get("ANALYTICS_FLUSH_SECONDS")
        self.next_housekeeping = time.monotonic() + HOUSEKEEPING_SECONDS

    def __call__(self, request):
        response = self.get_response(request)
        if (
            conf.get("ANALYTICS_ENABLED")
            and conf.get("ANALYTICS_COUNT_IN") != COUNT_IN_COUNTER
            and visitors.is_page_view(request, response)
        ):
            self.count(request, response)
        return response

    def count(self, request, response, path=None):
        """The request's part of counting: who, on which site and article, queued.

        Everything that needs Redis or the database (the rate limit, the new-visitor
        cap, the visit and online windows) is decided where the view is recorded,
        by the sender thread in one batch (``services.pageview_submit``), and so
        is everything that follows from the client's address.
        """
        visitor_id, is_new = visitor.identify(request)
        site_id = current_site_id()
        # The article page says which article it shows, also when it comes from
        # the page cache (``registry.counts_toward``); other pages and counting
        # requests are looked up by their path.
        article_id = getattr(response, COUNTED_ROW_ATTRIBUTE, _UNKNOWN)
        if article_id is _UNKNOWN or path is not None:
            article_id = article_id_for(request, path, site_id)
        meta = request.META
        try:
            if not (
                conf.get("ANALYTICS_ASYNC")
                and services.pageview_submit(
                    site_id,
                    visitor_id,
                    is_new,
                    article_id,
                    meta.get("REMOTE_ADDR", ""),
                    meta.get("HTTP_X_FORWARDED_FOR", ""),
                )
            ):
                rate_id, fallback = services.pageview_ids(
                    address_key(request), time.time() if is_new else None
                )
                services.pageview_record(
                    # The site the page belongs to travels with the view (the
                    # flush knows no request).
                    site_id=site_id,
                    visitor_id=visitor_id,
                    rate_id=rate_id,
                    article_id=article_id,
                    # Counted instead once this address has brought more new
                    # visitors this hour than an office could: cookie-less or
                    # forged-cookie clients count as one visitor per address and
                    # day.
                    fallback=fallback,
                )
        except (DatabaseError, InterfaceError) as exc:
            logger.warning("analytics: page view not counted: %s", exc)
        if is_new:
            visitor.set_cookie(response, request, visitor_id)
        self.periodic()

    def periodic(self):
        now = time.monotonic()
        if now >= self.next_flush:
            self.next_flush = now + conf.get("ANALYTICS_FLUSH_SECONDS")
            if store.client() is not None:
                try:
                    services.counts_flush(use_lock=True)
                except (DatabaseError, InterfaceError) as exc:
                    # A lost connection (InterfaceError is no DatabaseError):
                    # the batch stays in Redis for the next flush; the reader's
                    # page is answered as usual.
                    logger.warning("analytics: flush failed: %s", exc)
        if now >= self.next_housekeeping:
            self.next_housekeeping = now + HOUSEKEEPING_SECONDS
            if cache.add("analytics:housekeeping", 1, HOUSEKEEPING_SECONDS):
                services.housekeeping_run()
