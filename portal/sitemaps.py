"""``/sitemap.xml``: an index of one sitemap per kind of page (django.contrib.sitemaps).

The first section, ``trang``, lists the fixed pages (home, the lists the apps
declare with ``registry.fixed_page``, contact, English page); portal declares it
first, then each app declares its own sections with ``registry.sitemap``. Only what a reader may open is listed;
addresses are absolute, built from the request's host and scheme.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import registry

SITEMAP_LIMIT = 5000


class PagesSitemap(Sitemap):
    """The fixed pages of the site."""

    changefreq = "daily"

    def items(self):
        conditions = registry.fixed_page_conditions
        return [
            "portal:home",
            *(
                name
                for name in registry.fixed_pages
                if name not in conditions or conditions[name]()
            ),
            "portal:contact",
            "portal:english",
        ]

    def location(self, item):
        return reverse(item)
