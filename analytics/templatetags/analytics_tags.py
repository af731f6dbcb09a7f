import time

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from portal.current_site import current_site_id
from portal.memo import Memo
from portal.pagecache.fragments import fragments_allowed

from .. import conf
from ..middleware import COUNT_IN_COUNTER
from ..selectors import counter_snapshot

register = template.Library()

LABELS = {
    "online": "Đang trực tuyến",
    "today": "Hôm nay",
    "yesterday": "Hôm qua",
    "this_week": "Tuần này",
    "last_week": "Tuần trước",
    "this_month": "Tháng này",
    "last_month": "Tháng trước",
    "total_visits": "Tổng lượt truy cập",
    "total_views": "Tổng lượt xem",
}


@register.simple_tag(takes_context=True)
def visitor_counter(context):
    """The "Thống kê truy cập" sidebar block (numbers refreshed by counter.js).

    The numbers are the site's snapshot (``counter_snapshot``, renewed every few
    seconds); the block rendered from one snapshot is kept in this process and
    rendered again when the numbers or the site's address change."""
    numbers = _page_snapshot(context.get("request"))
    url = reverse("analytics:numbers")
    lines = ()
    if numbers is not None:
        lines = tuple((name, numbers[name]) for name in numbers["shown"])
    memo = (url, lines)
    html = _counter_blocks.get(memo)
    if html is None:
        html = render_to_string(
            "analytics/counter_block.html",
            {
                "lines": [
                    {"name": name, "label": LABELS[name], "value": value}
                    for name, value in lines
                ],
                "numbers_url": url,
            },
        )
        _counter_blocks.put(memo, html)
    return mark_safe(html)


# (numbers address, shown numbers) -> the rendered block
_counter_blocks = Memo(64)


def _page_snapshot(request):
    """The snapshot for a reader's page, read from the cache at most once per
    snapshot period (``ANALYTICS_SNAPSHOT_SECONDS``) in each process: the numbers
    a page is rendered with are then at most two periods old, and counter.js
    replaces them with live ones anyway. Staff pages and renders without a
    request read the cache every time."""
    if request is None or not fragments_allowed(request):
        return counter_snapshot()
    period = max(1, conf.get("ANALYTICS_SNAPSHOT_SECONDS"))
    now_period = int(time.time() // period)
    site = current_site_id()
    kept = _snapshots.get(site)
    if kept is not None and kept[0] == now_period:
        return kept[1]
    numbers = counter_snapshot()
    _snapshots.put(site, (now_period, numbers))
    return numbers


# site id -> (snapshot period, numbers)
_snapshots = Memo(256)


@register.inclusion_tag("analytics/article_views.html")
def article_views(article):
    """ "Lượt xem: 1.234" for an article page, refreshed by counter.js.

    The server-rendered number is the stored count (the no-JavaScript fallback, and
    what a cached page carries); the script replaces it with the live number.
    """
    views = getattr(article, "view_count", 0) or 0
    return {"article_id": getattr(article, "pk", None), "views": views}


@register.inclusion_tag("analytics/count_beacon.html", takes_context=True)
def count_beacon(context):
    """The page's counting request when pages are counted by it
    (``ANALYTICS_COUNT_IN = "counter"``, behind a front cache): an address for
    counter.js and a ``<noscript>`` image; nothing otherwise. Error pages leave
    it out (their ``counting`` block is empty), as the middleware does not count
    them either."""
    request = context.get("request")
    if (
        request is None
        or not conf.get("ANALYTICS_ENABLED")
        or conf.get("ANALYTICS_COUNT_IN") != COUNT_IN_COUNTER
    ):
        return {"url": None}
    return {
        "url": reverse("analytics:view"),
        "path": request.path,
    }
