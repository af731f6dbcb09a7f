"""Which requests are page views (who the visitor is: ``portal.visitor``).

Bots, crawlers, link previewers, monitors and HTTP tools are recognised by their
User-Agent against a maintained list, not a pattern of our own: the patterns and
exclusions of CrawlerDetect (the PyPI package ``crawlerdetect``, a port of
JayBizzle/Crawler-Detect kept in step with it: some 1,460 patterns), plus
``EXTRA_BOTS`` for the few tools that list misses and this site met (node's
fetch, Prometheus and other probes, wrk). An empty User-Agent is a bot too.
Browsers stay people: Cốc Cốc, the in-app browsers of Zalo and Facebook, old
Android browsers, UC Browser (tests/analytics/test_user_agents.py).

The list is matched with RE2 (``google-re2``), whose time grows linearly with the
User-Agent: Python's backtracking ``re`` took up to 7 ms on a hostile 512-character
string against 1,460 alternatives, RE2 about 0.2 ms. The one pattern RE2 cannot
take (a look-ahead) is matched with ``re``. Each User-Agent string is decided once
per process (``lru_cache``): a returning browser costs one dictionary lookup.
"""

import functools
import re

import re2
from crawlerdetect.providers.crawlers import data as CRAWLER_PATTERNS
from crawlerdetect.providers.exclusions import data as EXCLUDED_PARTS
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_urlconf, reverse

from . import conf

# Tools that reach the site and are missing from CrawlerDetect's list.
EXTRA_BOTS = [
    r"^node(?:/|$)",  # node's built-in fetch sends "node"
    r"\bundici\b",
    r"prometheus",
    r"blackbox.exporter",
    r"datadog",
    r"^wrk\b",
]
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ")
MAX_UA_LENGTH = 512
LOOKAROUND = re.compile(r"\(\?<?[=!]")


def _compile(patterns):
    """(RE2 alternation, ``re`` alternation or None) of ``patterns``, ignoring case."""
    options = re2.Options()
    options.case_sensitive = False
    linear = [p for p in patterns if not LOOKAROUND.search(p)]
    other = [p for p in patterns if LOOKAROUND.search(p)]
    return (
        re2.compile("|".join(linear), options),
        re.compile("|".join(other), re.IGNORECASE) if other else None,
    )


_BOTS, _BOTS_LOOKAROUND = _compile([*CRAWLER_PATTERNS, *EXTRA_BOTS])
_EXCLUDED, _EXCLUDED_LOOKAROUND = _compile(EXCLUDED_PARTS)


@functools.lru_cache(maxsize=4096)  # the same few hundred browsers, again and again
def is_bot(user_agent):
    """True for an empty User-Agent or a known bot, crawler, monitor or HTTP tool."""
    if not user_agent or not user_agent.strip():
        return True
    agent = user_agent[:MAX_UA_LENGTH]
    # Tokens every browser sends ("Mozilla/5.0", "Safari/537.36") are removed
    # first, as CrawlerDetect does, so they cannot look like a bot's name.
    rest = _EXCLUDED.sub("", agent)
    if _EXCLUDED_LOOKAROUND is not None:
        rest = _EXCLUDED_LOOKAROUND.sub("", rest)
    if not rest.strip():
        return False
    if _BOTS.search(rest):
        return True
    return bool(_BOTS_LOOKAROUND and _BOTS_LOOKAROUND.search(rest))


def is_prefetch(meta):
    if not (
        PREFETCH_HEADERS[0] in meta
        or PREFETCH_HEADERS[1] in meta
        or PREFETCH_HEADERS[2] in meta
    ):
        return False  # what nearly every request gets: no header to read
    for header in PREFETCH_HEADERS:
        value = meta.get(header, "")
        if "prefetch" in value.lower() or "prerender" in value.lower():
            return True
    return False


def excluded_prefixes(urlconf=None):
    """Static, media, admin and configured prefixes, computed once per URLconf.

    ``urlconf``: the request's own (``request.urlconf``), when the caller has the
    request; else the thread's, which costs a context-local lookup (4 µs, most
    of what deciding a page view costs)."""
    urlconf = urlconf or get_urlconf() or settings.ROOT_URLCONF
    try:
        return _prefixes[urlconf]
    except KeyError:
        prefixes = _prefixes[urlconf] = _prefixes_for(
            settings.STATIC_URL,
            settings.MEDIA_URL,
            tuple(conf.get("ANALYTICS_EXCLUDED_PREFIXES")),
            urlconf,
        )
        return prefixes


def warm_up():
    """The root URLconf's prefixes, as ``is_page_view`` keeps them."""
    _prefixes[None] = excluded_prefixes(settings.ROOT_URLCONF)


# URLconf -> excluded prefixes; forgotten when a setting changes.
_prefixes = {}
setting_changed.connect(
    lambda **kwargs: _prefixes.clear(), weak=False, dispatch_uid="analytics-prefixes"
)


def _prefixes_for(static_url, media_url, extra, urlconf):
    prefixes = [static_url or "/static/", media_url or "/media/", *extra]
    try:
        prefixes.append(reverse("admin:index", urlconf=urlconf))
    except NoReverseMatch:
        pass
    return tuple(p for p in prefixes if p and p != "/")


def is_page_view(request, response):
    """A successful public HTML page for a human reader (the README's definition)."""
    if request.method != "GET":
        return False
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    urlconf = getattr(request, "urlconf", None)
    try:
        prefixes = _prefixes[urlconf]
    except KeyError:
        # None (the root URLconf) is kept under its own key too: reading
        # settings.ROOT_URLCONF costs more than the rest of this function.
        prefixes = _prefixes[urlconf] = excluded_prefixes(
            urlconf or settings.ROOT_URLCONF
        )
    if request.path.startswith(prefixes):
        return False
    if is_prefetch(request.META):
        return False
    return not is_bot(request.META.get("HTTP_USER_AGENT", ""))
