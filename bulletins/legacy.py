"""Addresses of the old Joomla site, answered with a 301 to the imported page.

Invariant: the lookup runs only for a GET or HEAD the site itself answered with
404 (no URL pattern matched, or a view found nothing), so an old address can
never shadow a page of the new site, and a new page taking an old address wins
by itself. It costs one indexed query: the 1–2 keys of the address
(``bulletins.joomla.urls_old.legacy_keys``: the address spelt one way, and the
id it carries) looked up together in ``LegacyRedirect.old_path``, targets
joined. Unknown addresses, and old addresses whose target is not public (a
draft, a hidden category), keep the site's Vietnamese 404 page.

The middleware sits below ``CommonMiddleware`` in ``MIDDLEWARE``, so its answer
comes before ``APPEND_SLASH`` turns an old ``/tin-tuc`` into the news list.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from .joomla.urls_old import legacy_keys, normalise_old_address
from .models import LegacyRedirect

SKIPPED_PREFIXES = ("/" + settings.ADMIN_PATH, settings.STATIC_URL)


def find_redirect(path: str, query) -> str | None:
    """The new address of an old one, or None."""
    # No stored address is longer than the column or holds a NUL (which
    # PostgreSQL refuses in a query at all).
    keys = [
        key for key in legacy_keys(path, query) if len(key) <= 500 and "\x00" not in key
    ]
    if not keys:
        return None
    found = {
        row.old_path: row
        for row in LegacyRedirect.objects.for_site()
        .filter(old_path__in=keys)
        .select_related("article", "category", "page")
    }
    for key in keys:
        if key in found:
            return found[key].target_url()
    return None


__all__ = ["LegacyRedirectMiddleware", "find_redirect", "normalise_old_address"]


class LegacyRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 404
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(SKIPPED_PREFIXES)
        ):
            return response
        target = find_redirect(request.path, request.GET)
        return HttpResponsePermanentRedirect(target) if target else response
