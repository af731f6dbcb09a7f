"""Which requests are page views, and who the visitor is."""

import functools
import hmac
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils import timezone

from portal.net import client_ip, keyed_hash

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
COOKIE_RE = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{16})$")
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


def _signature(visitor_id):
    return keyed_hash(visitor_id, purpose="analytics-cookie")[:16]


def cookie_value(visitor_id):
    return f"{visitor_id}.{_signature(visitor_id)}"


@functools.lru_cache(maxsize=4096)
def visitor_from_cookie(raw):
    """The visitor id of a well-formed, correctly signed cookie, else None."""
    if not raw or len(raw) > 64:
        return None
    match = COOKIE_RE.match(raw)
    if not match:
        return None
    visitor_id, signature = match.groups()
    if not hmac.compare_digest(signature, _signature(visitor_id)):
        return None
    return visitor_id


def anonymous_visitor(request):
    """Keyed hash of address and browser for the day: the id without a cookie."""
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:MAX_UA_LENGTH]
    day = timezone.localdate().isoformat()
    return keyed_hash(client_ip(request), user_agent, day, purpose="analytics-visitor")[
        :32
    ]


def identify(request):
    """(visitor_id, needs_cookie).

    A first page view without a valid cookie uses the address hash, and the cookie
    set on its response carries that same id, so the visitor's second page view
    (now with the cookie) continues the same visit.
    """
    raw = request.COOKIES.get(conf.get("ANALYTICS_COOKIE_NAME"))
    visitor_id = visitor_from_cookie(raw)
    if visitor_id:
        return visitor_id, False
    return anonymous_visitor(request), True
