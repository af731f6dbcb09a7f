"""Which requests are page views (who the visitor is: ``portal.visitor``)."""

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_urlconf, reverse

from . import conf

# Known bots, crawlers, link previewers, monitors and HTTP libraries.
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"monitor|uptime|pingdom|lighthouse|headless|phantomjs|curl|wget|httpie|"
    r"python-|python/|aiohttp|httpx|go-http|java/|okhttp|libwww|perl|ruby|php/|"
    r"scrapy|axios|node-fetch|wrk|apachebench|feedfetcher|feed|rss|zgrab|"
    r"nmap|masscan|semrush|ahrefs|mj12|dotbot|petalbot|bytespider|yandex|baidu|"
    r"coccoc|ccbot|dataforseo",
    re.IGNORECASE,
)
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ")
MAX_UA_LENGTH = 512


@functools.lru_cache(maxsize=2048)  # the same few hundred browsers, again and again
def is_bot(user_agent):
    """True for an empty User-Agent or a known bot, crawler or HTTP library."""
    if not user_agent or not user_agent.strip():
        return True
    return bool(BOT_RE.search(user_agent[:MAX_UA_LENGTH]))


def is_prefetch(meta):
    for header in PREFETCH_HEADERS:
        value = meta.get(header, "")
        if "prefetch" in value.lower() or "prerender" in value.lower():
            return True
    return False


def _excluded_prefixes():
    """Static, media, admin and configured prefixes, computed once per URLconf."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
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
    if request.path.startswith(_excluded_prefixes()):
        return False
    if is_prefetch(request.META):
        return False
    return not is_bot(request.META.get("HTTP_USER_AGENT", ""))
