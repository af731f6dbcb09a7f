"""``{% share_card as card %}``: canonical URL, description and share-card data
(Open Graph, Twitter) of the page being rendered.

The page's main object (``article``, ``document``, ``category``, ``congress``... in
the template context) tells what to say through its ``share_data()`` method: a
dict with any of ``type``, ``title``, ``with_site_name``, ``description``, ``url``,
``image`` (a file field and its text alternative), ``published``, ``modified``,
``section`` and ``feed``. Pages without one get the site's own card.
"""

from django import template
from django.core.exceptions import DisallowedHost
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .. import images
from ..pagecache.fragments import cached_fragment
from ..paging import PAGE_PARAM

register = template.Library()

SHARE_META_TEMPLATE = "includes/share_meta.html"


@register.simple_tag(takes_context=True)
def share_meta(context):
    """The page's ``<link rel="canonical">`` and Open Graph tags
    (``includes/share_meta.html``). On the page of one row (an article, a
    document, a static page) they are kept as a fragment of that row: they name
    its title, photo and absolute address. Other pages (lists, the home page,
    error pages, any address with a query string) render them every time, so an
    unknown address never stores anything."""
    request = context.get("request")

    def render():
        tmpl = context.template.engine.get_template(SHARE_META_TEMPLATE)
        return tmpl.render(context)

    row = _main_object(context)
    if request is None or row is None or request.META.get("QUERY_STRING"):
        return mark_safe(render())
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 page: share_card leaves the tags out
        return mark_safe(render())
    vary = (request.scheme, host, row._meta.label, row.pk)
    return mark_safe(cached_fragment(request, "share-meta", vary, render))


DESCRIPTION_WORDS = 40
# Context names under which views pass a page's main object, most specific first.
MAIN_OBJECT_NAMES = ("article", "page", "document", "category", "congress", "object")


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def _image(request, fieldfile, alt):
    """The share-card rendition (1200x630) of ``fieldfile`` as absolute URL + size."""
    if not fieldfile:
        return None
    found = images.rendition(fieldfile, "share")
    if found is None:
        return None
    return {
        "url": _absolute(request, found.url),
        "width": found.width,
        "height": found.height,
        "alt": alt,
    }


def _words(text):
    return Truncator(" ".join((text or "").split())).words(DESCRIPTION_WORDS)


def _listing_url(request, context):
    page = context.get("page_obj")
    number = getattr(page, "number", 1)
    if isinstance(number, int) and number > 1:
        return f"{request.path}?{PAGE_PARAM}={number}"
    return request.path


def _main_object(context):
    """The row the page is about (a model instance with ``share_data``), or None."""
    for name in MAIN_OBJECT_NAMES:
        row = context.get(name)
        if callable(getattr(row, "share_data", None)) and hasattr(row, "_meta"):
            return row
    return None


def _share_data(context):
    row = _main_object(context)
    return row.share_data() if row is not None else {}


@register.simple_tag(takes_context=True)
def share_card(context):
    request = context.get("request")
    profile = context.get("site_profile")
    if request is None or profile is None:
        return None
    try:
        request.get_host()
    except DisallowedHost:  # the 400 page for a forged Host: no absolute URLs
        return None
    site_name = profile.site_name
    card = {
        "type": "website",
        "site_name": site_name,
        "title": site_name,
        "description": _words(profile.tagline or site_name),
        "url": _absolute(request, _listing_url(request, context)),
        "image": None,
        "published": None,
        "modified": None,
        "section": "",
        "feed": None,
    }
    data = _share_data(context)
    if data:
        title = data.get("title") or site_name
        if data.get("with_site_name"):
            title = f"{title} — {site_name}"
        card.update(
            type=data.get("type", "website"),
            title=title,
            section=data.get("section", ""),
            feed=data.get("feed"),
        )
        if data.get("description"):
            card["description"] = _words(data["description"])
        if data.get("url"):
            card["url"] = _absolute(request, data["url"])
        if data.get("image"):
            card["image"] = _image(request, *data["image"])
        for moment in ("published", "modified"):
            if data.get(moment):
                card[moment] = timezone.localtime(data[moment])
    if card["image"] is None and profile.logo:
        card["image"] = {
            "url": _absolute(request, profile.logo.url),
            "width": None,
            "height": None,
            "alt": profile.logo_alt or site_name,
        }
    return card
