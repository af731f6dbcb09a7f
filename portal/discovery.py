"""How readers and crawlers find things: the search page, robots.txt, and
Last-Modified/ETag with 304 answers on listing pages and feeds."""

import logging
from datetime import UTC, datetime

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError
from django.db.models import Max, Min, Q
from django.http import Http404, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from . import pagecache
from .search import MAX_RESULTS, build_results, parse_query, search_rows

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 10


@require_safe
def search(request):
    """``/tim-kiem/?q=...&trang=N``: articles and documents, best matches first."""
    parsed = parse_query(request.GET.get("q", ""))
    context = {
        "query": parsed,
        "page_obj": None,
        "results": [],
        "paginator": None,
        "capped": False,
    }
    if not parsed.is_empty:
        rows = search_rows(parsed)
        context["capped"] = len(rows) >= MAX_RESULTS
        paginator = Paginator(rows, SEARCH_PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("trang") or 1)
        except (PageNotAnInteger, EmptyPage) as exc:
            raise Http404("no such page of results") from exc
        context.update(
            page_obj=page,
            paginator=paginator,
            results=build_results(page.object_list, parsed.terms),
        )
    return render(request, "portal/search.html", context)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /ckeditor5/",
        f"Disallow: {reverse('portal:search')}",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- Last-Modified ----------------------------------------------------------------

LASTMOD_CACHE_PREFIX = "discovery:lastmod:"
LASTMOD_CACHE_SECONDS = 600
GENERATION_SEEN_SECONDS = 7 * 24 * 3600


def _article_times(now):
    from bulletins.models import Article

    published = Q(status=Article.Status.PUBLISHED)
    return Article.objects.aggregate(
        changed=Max("updated_at"),
        published=Max("published_at", filter=published & Q(published_at__lte=now)),
        upcoming=Min("published_at", filter=published & Q(published_at__gt=now)),
    )


def _document_times(now):
    from bulletins.models import Document

    return Document.objects.aggregate(
        changed=Max("updated_at"),
        published=Max("published_at", filter=Q(published_at__lte=now)),
        upcoming=Min("published_at", filter=Q(published_at__gt=now)),
    )


LASTMOD_SOURCES = {"articles": _article_times, "documents": _document_times}

# Pages (URL names) that send Last-Modified, and the rows they list.
LISTING_PAGES = {
    "portal:home": "articles",
    "bulletins:article_list": "articles",
    "bulletins:category": "articles",
    "bulletins:document_list": "documents",
    "portal:rss": "articles",
    "portal:rss_category": "articles",
}


def _generation_seen_at(generation, now):
    """When this server first saw the current content generation (epoch seconds).

    A save or delete of anything a page shows starts a new generation, so this is
    never earlier than the last edit, deletions and sidebar changes included.
    """
    key = f"{LASTMOD_CACHE_PREFIX}seen:{generation}"
    cache.add(key, int(now.timestamp()), GENERATION_SEEN_SECONDS)
    return cache.get(key) or int(now.timestamp())


def last_modified(source, now=None):
    """Last-Modified (aware datetime, whole seconds) of the pages listing ``source``.

    The newest ``updated_at`` of any row or publication time of a published row
    (one aggregate query), but never earlier than the current content generation.
    Kept in the cache per generation until the next scheduled publication, so a
    scheduled article moves the date forward at its time.
    """
    now = now or timezone.now()
    generation = pagecache.current_generation()
    key = f"{LASTMOD_CACHE_PREFIX}{source}:{generation}"
    cached = cache.get(key)
    if cached is not None and now.timestamp() < cached[1]:
        return datetime.fromtimestamp(cached[0], tz=UTC)
    times = LASTMOD_SOURCES[source](now)
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
        source = LISTING_PAGES.get(match.view_name) if match else None
        if source and request.method == "GET" and response.status_code == 200:
            try:
                stamp = last_modified(source)
            except (DatabaseError, *pagecache.CACHE_ERRORS):
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

    Sits at the top of MIDDLEWARE, outside the visitor counter and the page cache:
    the page (cached or freshly rendered) is produced and counted as usual, and
    only the answer on the wire shrinks to a 304.
    """
