from django import template
from django.urls import reverse

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


@register.inclusion_tag("analytics/counter_block.html")
def visitor_counter():
    """The "Thống kê truy cập" sidebar block (numbers refreshed by counter.js)."""
    numbers = counter_snapshot()
    lines = []
    if numbers is not None:
        lines = [
            {"name": name, "label": LABELS[name], "value": numbers[name]}
            for name in numbers["shown"]
        ]
    return {"lines": lines, "numbers_url": reverse("analytics:numbers")}


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
