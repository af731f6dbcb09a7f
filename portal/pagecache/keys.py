"""What a stored page is keyed on: its address with only the query parameters the
page reads, each in one spelling.

Any query string used to make a new cache entry, so junk (``?utm_source=…``, a
nonce, ``trang=01``) filled the cache at will and every such request rendered the
page again. Now each page declares the parameters it reads
(``portal.registry.page_query``): the pagers' ``trang``, the search words ``q``,
the register's ``loai``, ``co_quan`` and ``nam``, and on every page the sidebar
poll's ``binh-chon`` after a vote.

For an anonymous request with a query string the page cache keeps, in a fixed
order, the declared parameters that have a value, each in its canonical spelling
(a page number as a plain number, page 1 as none, words NFC with single
spaces); everything else
is dropped from the request itself before the view runs. The page stored under
the key is therefore exactly the page the key names, and ``?fbclid=…``,
``?trang=+01`` or a cache-busting nonce are answered from the same entry as the
clean address, with no redirect: links shared on Facebook and Zalo carry such
parameters, and a reader on a slow line would pay a round trip for each.

A view that declares nothing keeps its query string untouched and is not cached
when it has one (old Joomla addresses, the accessibility switch, JSON).
"""

import functools
import re

from django.core.signals import setting_changed
from django.http import QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.http import urlencode

from portal import registry
from portal.text import nfc

# A canonical query longer than this is not cached (real links are short).
MAX_QUERY_LENGTH = 200
UNDECLARED = None
TRAILING_ZEROS = re.compile(r"\.0*\s*$")


def whole_number(value):
    """``"+01"``, ``" 1 "``, ``"1.0"`` and ``"1"`` are one number (as Django's
    IntegerField reads them); anything else as sent (the view answers it with a
    4xx, which is never stored)."""
    try:
        return str(int(TRAILING_ZEROS.sub("", value)))
    except ValueError:
        return value.strip()


def page_number(value):
    """A page number: page 1 is the address without one."""
    number = whole_number(value)
    return None if number == "1" else number


def words(value):
    """Search words: NFC, single spaces."""
    return " ".join(nfc(value).split())


def one_of(*allowed):
    """Keep the value only when it is one the page knows; else ignore it."""

    def canonical(value):
        value = value.strip()
        return value if value in allowed else None

    return canonical


def _as_sent(value):
    return nfc(value).strip()


@functools.lru_cache(maxsize=2048)
def _view_name(path, urlconf):
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return ""


setting_changed.connect(
    lambda **kwargs: _view_name.cache_clear(), weak=False, dispatch_uid="pagecache-keys"
)


def declared_params(path):
    """{parameter: canonical} the page at ``path`` reads, or ``UNDECLARED``."""
    name = _view_name(path, get_urlconf())
    if name and name not in registry.page_queries:
        return UNDECLARED
    params = dict(registry.page_queries.get(registry.EVERY_PAGE, {}))
    params.update(registry.page_queries.get(name, {}))
    return params


def canonical_query(request):
    """The query string the page is keyed on and rendered from, or ``UNDECLARED``
    when its view reads parameters nobody declared."""
    params = declared_params(request.path_info)
    if params is UNDECLARED:
        return UNDECLARED
    kept = []
    for name in sorted(params):
        value = request.GET.get(name)
        if value is None:
            continue
        value = (params[name] or _as_sent)(value)
        if value:
            kept.append((name, value))
    return urlencode(kept)


def rewrite(request, query):
    """Make ``request`` carry ``query`` instead of what the client sent."""
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)
