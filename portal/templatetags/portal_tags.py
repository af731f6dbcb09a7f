from django import template
from django.http import QueryDict

from ..models import WebsiteLink

register = template.Library()


@register.inclusion_tag("includes/website_links.html")
def website_links():
    """The "Liên kết website" sidebar block."""
    return {"links": WebsiteLink.objects.cached()}


@register.inclusion_tag("includes/pager.html", takes_context=True)
def vn_pager(context, page_obj):
    """A Vietnamese pager with ``?trang=N`` that keeps the page's other parameters
    (search words, register filters)."""
    paginator = page_obj.paginator
    number = page_obj.number
    window = list(range(max(1, number - 2), min(paginator.num_pages, number + 2) + 1))
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    params.pop("trang", None)
    query = params.urlencode(safe="/")
    return {
        "page_obj": page_obj,
        "window": window,
        "num_pages": paginator.num_pages,
        "query": f"{query}&" if query else "",
    }


@register.filter
def vn_number(value):
    """57998 -> "57.998", the Vietnamese way of grouping digits."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return f"{number:,}".replace(",", ".")


ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


@register.filter
def roman(value):
    """14 -> "XIV"."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    if number <= 0:
        return str(number)
    out = []
    for arabic, letters in ROMAN:
        count, number = divmod(number, arabic)
        out.append(letters * count)
    return "".join(out)
