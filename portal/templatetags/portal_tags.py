from django import template
from django.http import QueryDict
from django.utils.safestring import mark_safe

from .. import embeds, images, richtext, text
from ..models import WebsiteLink
from ..paging import PAGE_PARAM

register = template.Library()


@register.inclusion_tag("includes/website_links.html")
def website_links():
    """The "Liên kết website" sidebar block."""
    return {"links": WebsiteLink.objects.cached()}


@register.inclusion_tag("includes/pager.html", takes_context=True)
def vn_pager(context, page_obj):
    """A Vietnamese pager with ``?trang=N`` (``PAGE_PARAM``) that keeps the page's other parameters
    (search words, register filters)."""
    paginator = page_obj.paginator
    number = page_obj.number
    window = list(range(max(1, number - 2), min(paginator.num_pages, number + 2) + 1))
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    params.pop(PAGE_PARAM, None)
    query = params.urlencode(safe="/")
    return {
        "page_obj": page_obj,
        "window": window,
        "num_pages": paginator.num_pages,
        "query": f"{query}&" if query else "",
    }


@register.simple_tag
def rendition(fieldfile, spec):
    """``{% rendition article.featured_image "thumb" as img %}`` -> url/width/height."""
    if spec == "original":
        return images.original(fieldfile)
    return images.rendition(fieldfile, spec)


@register.simple_tag
def picture(
    fieldfile,
    specs,
    *,
    alt="",
    sizes="",
    css_class="",
    lazy=True,
    priority=False,
    density=False,
):
    """An ``<img>`` of ``fieldfile`` offered in the renditions ``specs`` ("small
    thumb"), so the browser fetches no more than its box needs::

        {% picture article.featured_image "small thumb" sizes="11rem" alt="" %}
    """
    offered = images.renditions(fieldfile, specs.split())
    # Safe: img_tag escapes every attribute value.
    return mark_safe(  # noqa: S308
        images.img_tag(
            offered,
            alt=alt,
            sizes=sizes,
            css_class=css_class,
            lazy=lazy,
            priority=priority,
            density=density,
        )
    )


@register.simple_tag
def youtube_player(video_id, title=""):
    """The privacy-enhanced YouTube player with a link underneath (the page's view
    allows the frame: ``portal.embeds.allow_video_frames``)."""
    return mark_safe(embeds.player_html(video_id, title))  # noqa: S308 - escaped


@register.filter
def rich_text(body):
    """A stored (already sanitized) rich-text body as readers get it
    (``portal.richtext``: photos sized for the column, video players, tables that
    scroll on their own)."""
    return mark_safe(richtext.render(body))  # noqa: S308 - nh3-cleaned on save


register.filter("vn_number", text.vn_number)
register.filter("roman", text.roman)
