"""Sitemap sections of the news: published articles and shown categories."""

from django.contrib.sitemaps import Sitemap

from portal.sitemaps import SITEMAP_LIMIT

from .models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = SITEMAP_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.active().only("slug").order_by("order", "name", "pk")
