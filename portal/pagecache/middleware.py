"""Stores and replays whole pages for anonymous readers.

A page rendered once for an anonymous reader is kept in the page cache's own cache
(``PAGE_CACHE_ALIAS``: in production a Redis of its own, whose evictions touch
only pages, never sessions or counters) and served to every other anonymous
reader until the content changes.

Key: scheme, host, path and the *canonical query* (only the parameters the page
declared it reads, ``keys``), the accessibility mode (cookie ``a11y``) and the
active language. Value: the response together with the content *generation* it
was rendered at (``generation``) and the row its views count toward
(``registry.counts_toward``: the visitor counter then looks nothing up). A
lookup reads the generation and the page in one round trip (MGET).

Never cached:
- requests other than GET/HEAD, admin and editor URLs, the paths in
  ``PAGE_CACHE_SKIP_PREFIXES``;
- requests of a logged-in staff member, proved by the signed marker cookie
  (``staff``), checked without a database query; any other request is served as
  an anonymous reader's, whatever session cookie it carries;
- a query string on a view that declared no parameters;
- responses that are not 200 HTML, that set a cookie (the CSRF cookie included), that
  used the CSRF token, that carry ``Cache-Control: private/no-cache/no-store``, that
  vary on anything but Cookie/Accept-Language/Accept-Encoding, or that are streamed or
  compressed.

After an edit (a new generation) or past a page's expiry, the stored page is
*stale*: the first reader to take the render lock in the shared cache
(``pagecache:rendering:<key>``, ``cache.add``) renders and stores the new copy,
and every other reader is served the stale copy meanwhile, so a publication never
sends all readers of a page to render it at once. A page stored before a
*withdrawal* (a row unpublished, deleted or made private: ``generation``) is never
served stale: its next reader renders.

``X-Page-Cache: hit|miss|stale`` is sent only with ``PAGE_CACHE_STATUS_HEADER`` (for
benchmarks and diagnosis): readers have no use for it, and it would tell a prober
which requests cost a render.

Place the middleware below anything that must run for every view (the visitor
counter, security headers) and above SessionMiddleware, so a hit skips the session,
CSRF and authentication layers entirely.
"""

import functools
import hashlib
import logging
import math
import time

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers

from portal import registry
from portal.cache import CACHE_ERRORS
from portal.context_processors import A11Y_COOKIE
from portal.site_models import user_site_ids

from . import keys, staff
from .expiry import expiry
from .generation import (
    bump_generation,
    current_generation,
    generation_key,
    page_cache,
    remember_generation,
    withdrawn_key,
)
from .invalidation import admin_request_changes_content, admin_request_is_form_save

logger = logging.getLogger("portal.pagecache")

PAGE_KEY_PREFIX = "pagecache:page:"
STATUS_HEADER = "X-Page-Cache"
LOCK_KEY_PREFIX = "pagecache:rendering:"
# How long a stored page may be served stale while one worker renders it again,
# and how long that worker holds the render lock at most (a render that dies
# leaves the lock to expire).
STALE_SECONDS = 300
RENDER_LOCK_SECONDS = 30

# Vary values the cache key already accounts for (Cookie: only the staff marker
# and the a11y cookie change a page; staff go past the cache).
HANDLED_VARY = {"cookie", "accept-language", "accept-encoding"}
# Headers never stored with a page.
DROPPED_HEADERS = {"set-cookie", "age", STATUS_HEADER.lower()}


def may_serve_stale(entry, withdrawn, now):
    """May this stored page be served while a new copy renders?

    Only if nothing was withdrawn since it was rendered (its generation is not
    older than the last withdrawal's, ``generation.withdrawn_key``) and it is
    not older than ``STALE_SECONDS`` past its expiry.
    """
    if withdrawn is not None and entry[0] < withdrawn:
        return False
    return now - entry[1] < STALE_SECONDS


def _skip_prefixes():
    return tuple(settings.PAGE_CACHE_SKIP_PREFIXES)


def request_is_cacheable(request):
    """Can this request be answered from, or stored in, the page cache?

    Decided from the method, path and the staff marker only: no database, no
    session load.
    """
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(_skip_prefixes()):
        return False
    return not staff.is_staff_request(request)


def admin_site_ids(request):
    """The sites an admin POST may have changed: those of the user's roles (every
    site for a network administrator or a user without a role)."""
    return user_site_ids(getattr(request, "user", None)) or None


def _show_status(response, status):
    if getattr(settings, "PAGE_CACHE_STATUS_HEADER", False):
        response[STATUS_HEADER] = status


@functools.lru_cache(maxsize=256)
def _language_for(language_cookie, accept_language):
    """The language LocaleMiddleware will pick for these request headers (memoized:
    a browser sends the same header on every page)."""
    probe = HttpRequest()
    if language_cookie is not None:
        probe.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language_cookie
    probe.META["HTTP_ACCEPT_LANGUAGE"] = accept_language
    return translation.get_language_from_request(probe)


def page_key(request):
    language = _language_for(
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
        request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:200],
    )
    a11y = "1" if request.COOKIES.get(A11Y_COOKIE) == "1" else "0"
    raw = "\x1f".join((request.build_absolute_uri(), a11y, language))
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def response_is_storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if response.has_header("Content-Encoding"):
        return False
    cache_control = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part.strip()
    }
    if cache_control & {"private", "no-cache", "no-store"}:
        return False
    vary = {
        part.strip().lower()
        for part in cc_delim_re.split(response.get("Vary", ""))
        if part.strip()
    }
    if vary - HANDLED_VARY:
        return False
    return True


def _downstream_headers(response):
    # Browsers and proxies must ask again every time: an edit shows at once.
    patch_cache_control(response, max_age=0, must_revalidate=True)
    # The a11y cookie (and a staff session) changes the page.
    patch_vary_headers(response, ("Cookie",))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                if admin_request_changes_content(request, response):
                    # Admin actions may write with QuerySet.update(), which sends
                    # no signal: any admin POST under a content app counts as an edit.
                    bump_generation(
                        site_ids=admin_site_ids(request),
                        withdrawal=not admin_request_is_form_save(request),
                    )
                if not response.has_header("Cache-Control"):
                    # Pages seen by staff are personal: never kept by a proxy.
                    patch_cache_control(response, private=True, no_cache=True)
            staff.refresh_marker(request, response)
            return response

        staff.serve_as_anonymous(request)
        if request.META.get("QUERY_STRING"):
            query = keys.canonical_query(request)
            if query is keys.UNDECLARED or len(query) > keys.MAX_QUERY_LENGTH:
                return self.get_response(request)
            keys.rewrite(request, query)

        key = page_key(request)
        cache = page_cache()
        try:
            found = cache.get_many([generation_key(), withdrawn_key(), key])
        except CACHE_ERRORS:
            logger.warning("page cache unavailable; serving without it", exc_info=True)
            return self.get_response(request)

        generation = found.get(generation_key())
        entry = found.get(key)
        now = time.time()
        if (
            entry is not None
            and generation is not None
            and entry[0] == generation
            and entry[1] > now
        ):
            return self._replay(request, entry)

        if generation is None:
            try:
                generation = current_generation()
            except CACHE_ERRORS:
                generation = None
            if generation is None:  # the cache is down: render, store nothing
                return self.get_response(request)
        remember_generation(request, generation)

        if entry is not None and may_serve_stale(
            entry, found.get(withdrawn_key()), now
        ):
            # Stale after an edit or at a scheduled time: one worker (whoever
            # takes the lock in the shared cache) renders the new copy, every
            # other reader gets the stored one meanwhile.
            lock = LOCK_KEY_PREFIX + key
            if not cache.add(lock, 1, RENDER_LOCK_SECONDS):
                return self._replay(request, entry, status="stale")
            try:
                return self._render_and_store(request, key, generation)
            finally:
                cache.delete(lock)
        return self._render_and_store(request, key, generation)

    def _render_and_store(self, request, key, generation):
        response = self.get_response(request)
        if response_is_storable(request, response):
            self._store(key, generation, response)
            _show_status(response, "miss")
        return response

    def _store(self, key, generation, response):
        _downstream_headers(response)
        content = response.content
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in DROPPED_HEADERS
        ]
        now = time.time()
        try:
            expires = expiry(generation, now)
            # The row the page counts toward travels with it (None: no row).
            counted = getattr(response, registry.COUNTED_ROW_ATTRIBUTE, None)
            entry = (generation, expires, now, headers, content, counted)
            # Kept past its expiry for a while: what is served stale meanwhile.
            timeout = max(1, math.ceil(expires - now)) + STALE_SECONDS
            page_cache().set(key, entry, timeout)
        except (*CACHE_ERRORS, DatabaseError):
            # Redis refused it, or the next scheduled change could not be read
            # (the database restarting): the page is answered, just not stored.
            logger.warning("page cache: could not store a page", exc_info=True)

    def _replay(self, request, entry, status="hit"):
        # Always a full 200, never a 304: a reader's reload is a page view, and the
        # visitor counter counts 200 pages only.
        _generation, _expires, created, headers, content, *counted = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        if counted:  # a page stored by the previous version has no sixth element
            setattr(response, registry.COUNTED_ROW_ATTRIBUTE, counted[0])
        response["Age"] = str(max(0, int(time.time() - created)))
        _show_status(response, status)
        return response
