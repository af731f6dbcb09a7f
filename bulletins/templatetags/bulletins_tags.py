"""Template tags of the news: the home page blocks and the byline."""

from django import template
from django.db.models import Q

from .. import selectors
from ..models import Category

register = template.Library()


@register.filter
def byline(article):
    """ "Ngọc Triều, Ảnh Thiên Dương" from the author and photographer fields."""
    parts = [article.authors.strip()] if article.authors.strip() else []
    if article.photographer.strip():
        parts.append(f"Ảnh {article.photographer.strip()}")
    return ", ".join(parts)


@register.simple_tag(takes_context=True)
def home_news(context):
    """``{% home_news as news %}``: the home page's articles, each listed once
    (``selectors.home_news``), worked out once per request however many blocks
    of the page ask."""
    request = context.get("request")
    news = getattr(request, "_home_news", None)
    if news is None:
        news = selectors.home_news()
        if request is not None:
            request._home_news = news
    return news


@register.inclusion_tag("bulletins/_category_menu.html")
def category_menu():
    """The "Chuyên mục" block: the shown categories, sub-categories under their
    main one (one query)."""
    categories = list(
        Category.objects.active()
        .for_site()
        .filter(Q(parent__isnull=True) | Q(parent__is_active=True))
        .only("pk", "name", "slug", "parent_id", "order")
    )
    children = {}
    for category in categories:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append(category)
    tops = [category for category in categories if not category.parent_id]
    for category in tops:
        category.shown_children = children.get(category.pk, [])
    return {"categories": tops}
