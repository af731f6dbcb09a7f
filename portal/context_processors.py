from django.utils.functional import SimpleLazyObject

from .models import MenuItem, SiteProfile
from .pagecache.fragments import kept_in_process

A11Y_COOKIE = "a11y"


def site(request):
    """Site chrome for every template: profile, menu, accessibility mode."""
    return {
        # Kept in memory under the content generation on readers' pages.
        "site_profile": kept_in_process(
            request, "site-profile", (), SiteProfile.objects.current
        ),
        # Read only when the menu is rendered, not when it comes from a fragment.
        "main_menu": SimpleLazyObject(MenuItem.objects.shown),
        "a11y_mode": request.COOKIES.get(A11Y_COOKIE) == "1",
    }
