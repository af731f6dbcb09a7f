import re

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.urls import Resolver404, get_script_prefix, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import conf, visitors
from .middleware import COUNT_IN_COUNTER, CounterMiddleware
from .selectors import article_views, counter_snapshot

MAX_ARTICLE_ID = 2**63 - 1
ARTICLE_ID_RE = re.compile(r"[0-9]{1,19}")


@never_cache
@require_GET
def counter_numbers(request):
    """Current numbers of the block (and of one article) for counter.js."""
    numbers = counter_snapshot()
    if numbers is None:
        return JsonResponse(
            {"error": "Số liệu tạm thời chưa có, xin thử lại sau."}, status=503
        )
    data = {"counter": {line: numbers[line] for line in numbers["shown"]}}
    raw_article = request.GET.get("a")
    if raw_article is not None:
        if not ARTICLE_ID_RE.fullmatch(raw_article) or not (
            0 < int(raw_article) <= MAX_ARTICLE_ID
        ):
            return JsonResponse({"error": "Mã bài viết không hợp lệ."}, status=400)
        views = article_views(int(raw_article))
        if views is not None:
            data["article"] = {"id": int(raw_article), "views": views}
    return JsonResponse(data)


# A transparent 1×1 GIF: the answer to the counting request, for an <img> too.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01"
    b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
MAX_PATH_LENGTH = 500
_counter = CounterMiddleware(lambda request: None)


def _counted_path(raw):
    """The page address the request counts, or None when it names no page of
    ours (absolute URLs, the admin, static files, addresses nothing answers).

    A site under a path prefix sends its pages' full addresses: the path is
    returned without the prefix, as the middleware sees it."""
    if not raw or len(raw) > MAX_PATH_LENGTH or not raw.startswith("/"):
        return None
    if raw.startswith("//") or any(ord(c) < 32 for c in raw):
        return None
    prefix = get_script_prefix()
    if prefix != "/":
        if not raw.startswith(prefix):
            return None
        raw = "/" + raw.removeprefix(prefix)
    if raw.startswith(visitors.excluded_prefixes()):
        return None
    try:
        resolve(raw)
    except Resolver404:
        return None
    return raw


@never_cache
@require_GET
def page_view(request):
    """Counts one page view for a page served by a front cache (nginx).

    With ``ANALYTICS_COUNT_IN = "counter"`` pages are not counted when answered;
    each page asks ``/thong-ke/xem.gif?p=<its address>`` once shown (counter.js,
    or the ``<noscript>`` image), and this counts it by the middleware's rules:
    the visitor cookie (set here for a new reader), bots, prefetches, the
    per-address rate limit and new-visitor cap, the article's view count.
    """
    path = _counted_path(request.GET.get("p", ""))
    if path is None:
        return HttpResponseBadRequest(
            "Địa chỉ trang không hợp lệ.", content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(PIXEL, content_type="image/gif")
    if (
        conf.get("ANALYTICS_ENABLED")
        and conf.get("ANALYTICS_COUNT_IN") == COUNT_IN_COUNTER
        and not visitors.is_prefetch(request.META)
        and not visitors.is_bot(request.META.get("HTTP_USER_AGENT", ""))
    ):
        _counter.count(request, response, path)
    return response
