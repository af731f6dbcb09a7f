"""Sitemap sections of the news: published articles, shown categories and
published static pages."""

from django.contrib.sitemaps import Sitemap

from portal.sitemaps import SITEMAP_LIMIT

from .models import Article, Category, Page


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
        return (
            Category.objects.active()
            .for_site()
            .only("slug")
            .order_by("order", "name", "pk")
        )


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Page.objects.published().only("slug", "updated_at").order_by("order", "pk")
        )

    def lastmod(self, item):
        return item.updated_at
