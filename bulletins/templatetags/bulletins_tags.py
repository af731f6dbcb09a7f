"""Template tags of the news: the home page blocks and the byline."""

from django import template

from .. import selectors
from ..models import Article

register = template.Library()


@register.filter
def byline(article):
    """ "Ngọc Triều, Ảnh Thiên Dương" from the author and photographer fields."""
    parts = [article.authors.strip()] if article.authors.strip() else []
    if article.photographer.strip():
        parts.append(f"Ảnh {article.photographer.strip()}")
    return ", ".join(parts)


@register.inclusion_tag("bulletins/_featured.html")
def featured_articles(count=4):
    """The featured articles of the home page (one query)."""
    return {
        "articles": list(
            Article.objects.published().for_list().filter(is_featured=True)[:count]
        )
    }


@register.inclusion_tag("bulletins/_latest.html")
def latest_articles(count=8, title="Tin mới nhất"):
    """The latest published articles (one query)."""
    return {
        "articles": list(Article.objects.published().for_list()[:count]),
        "title": title,
    }


@register.inclusion_tag("bulletins/_category_blocks.html")
def home_category_blocks(per_category=4):
    """A block per main category shown on the home page (two queries in all)."""
    return {"categories": selectors.home_category_blocks(per_category)}
