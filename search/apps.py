from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from portal import registry
        from portal.pagecache.keys import one_of, page_number, words
        from portal.paging import PAGE_PARAM

        from .views import ALL_SITES

        registry.stylesheet("search/search.css")
        registry.page_query(
            "search:search",
            params={"q": words, PAGE_PARAM: page_number, ALL_SITES: one_of("1")},
        )
