"""Template tags of the news: home page blocks, renditions, body, byline, pager."""

from django import template
from django.utils.safestring import mark_safe

from .. import images, selectors
from ..models import Article

register = template.Library()


@register.simple_tag
def rendition(fieldfile, spec):
    """``{% rendition article.featured_image "thumb" as img %}`` -> url/width/height."""
    if spec == "original":
        return images.original(fieldfile)
    return images.rendition(fieldfile, spec)


@register.filter
def article_body(body):
    """The stored (already sanitized) body with images sized for the column."""
    return mark_safe(images.render_body_images(body))  # noqa: S308 - nh3-cleaned on save


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
