"""``{% share_card as card %}``: canonical URL, description and share-card data
(Open Graph, Twitter) of the page being rendered, taken from its main object."""

from django import template
from django.core.exceptions import DisallowedHost
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

register = template.Library()

DESCRIPTION_WORDS = 40
PAGE_PARAM = "trang"


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def _image(request, fieldfile, alt):
    """The share-card rendition (1200x630) of ``fieldfile`` as absolute URL + size."""
    from bulletins import images

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
    from bulletins.models import Article, Category, Congress, Document

    for name, model in (
        ("article", Article),
        ("document", Document),
        ("category", Category),
        ("congress", Congress),
    ):
        obj = context.get(name)
        if isinstance(obj, model):
            return name, obj
    return None, None


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
    kind, obj = _main_object(context)
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
    if kind == "article":
        card.update(
            type="article",
            title=obj.title,
            description=_words(obj.lead or obj.title),
            url=_absolute(request, obj.get_absolute_url()),
            image=_image(
                request, obj.featured_image, obj.featured_image_alt or obj.title
            ),
            published=timezone.localtime(obj.published_at),
            modified=timezone.localtime(obj.updated_at),
            section=obj.category.name,
        )
    elif kind == "document":
        title = f"{obj.number} {obj.title}".strip() if obj.number else obj.title
        card.update(
            title=title,
            description=_words(obj.abstract or obj.title),
            url=_absolute(request, obj.get_absolute_url()),
        )
    elif kind == "category":
        card.update(
            title=f"{obj.name} — {site_name}",
            description=_words(obj.description or obj.name),
            feed=reverse("portal:rss_category", kwargs={"slug": obj.slug}),
        )
    elif kind == "congress":
        card.update(
            title=str(obj),
            image=_image(request, obj.cover, obj.cover_alt or str(obj)),
        )
    if card["image"] is None and profile.logo:
        card["image"] = {
            "url": _absolute(request, profile.logo.url),
            "width": None,
            "height": None,
            "alt": profile.logo_alt or site_name,
        }
    return card
