"""Drop cached site chrome when the rows behind it change.

The header, menu and links are read on every page, so they are cached; a save or
delete anywhere (admin form, bulk action, import) must drop the cached copy.
"""

from django.core.cache import cache

from .models import (
    LINKS_CACHE_KEY,
    MENU_CACHE_KEY,
    PROFILE_CACHE_KEY,
    MenuItem,
    SiteProfile,
    WebsiteLink,
)

CACHED_MODELS = {
    SiteProfile: [PROFILE_CACHE_KEY],
    MenuItem: [MENU_CACHE_KEY],
    WebsiteLink: [LINKS_CACHE_KEY],
}


def make_handler(keys):
    def handler(sender, **kwargs):
        cache.delete_many(keys)

    return handler
