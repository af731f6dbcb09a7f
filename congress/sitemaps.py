"""Sitemap sections of the congress section and the document register."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.sitemaps import SITEMAP_LIMIT

from .models import Congress, Document


class CongressSitemap(Sitemap):
    """Each published congress with its sections."""

    changefreq = "weekly"
    sections = [
        "congress:detail",
        "congress:news",
        "congress:documents",
        "congress:people",
        "congress:photo_reports",
        "congress:feedback",
    ]

    def items(self):
        slugs = (
            Congress.objects.published()
            .order_by("-term_start", "-number", "pk")
            .values_list("slug", flat=True)
        )
        return [(slug, section) for slug in slugs for section in self.sections]

    def location(self, item):
        slug, section = item
        return reverse(section, kwargs={"slug": slug})


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = SITEMAP_LIMIT

    def items(self):
        return (
            Document.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)
