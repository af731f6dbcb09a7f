"""``/sitemap.xml``: an index of one sitemap per kind of page (django.contrib.sitemaps).

Only what a reader may open is listed: published articles and documents, shown
categories, published congresses. Addresses are absolute, built from the request's
host and scheme.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

SITEMAP_LIMIT = 5000


class PagesSitemap(Sitemap):
    """The fixed pages of the site."""

    changefreq = "daily"
    names = [
        "portal:home",
        "bulletins:article_list",
        "bulletins:document_list",
        "bulletins:congress_list",
        "portal:contact",
        "portal:english",
    ]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = SITEMAP_LIMIT

    def items(self):
        from bulletins.models import Article

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
        from bulletins.models import Category

        return Category.objects.active().only("slug").order_by("order", "name", "pk")


class CongressSitemap(Sitemap):
    """Each published congress with its sections."""

    changefreq = "weekly"
    sections = [
        "congress_detail",
        "congress_news",
        "congress_documents",
        "congress_people",
        "congress_photo_reports",
        "congress_feedback",
    ]

    def items(self):
        from bulletins.models import Congress

        slugs = (
            Congress.objects.published()
            .order_by("-term_start", "-number", "pk")
            .values_list("slug", flat=True)
        )
        return [(slug, section) for slug in slugs for section in self.sections]

    def location(self, item):
        slug, section = item
        return reverse(f"bulletins:{section}", kwargs={"slug": slug})


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = SITEMAP_LIMIT

    def items(self):
        from bulletins.models import Document

        return (
            Document.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


SITEMAPS = {
    "trang": PagesSitemap,
    "tin-tuc": ArticleSitemap,
    "chuyen-muc": CategorySitemap,
    "dai-hoi": CongressSitemap,
    "van-ban": DocumentSitemap,
}
