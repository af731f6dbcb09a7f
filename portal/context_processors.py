from django.utils.functional import SimpleLazyObject

from .models import MenuItem, SiteProfile

A11Y_COOKIE = "a11y"


def site(request):
    """Site chrome for every template: profile, menu, accessibility mode."""
    return {
        "site_profile": SiteProfile.objects.current(),
        # Read only when the menu is rendered, not when it comes from a fragment.
        "main_menu": SimpleLazyObject(MenuItem.objects.shown),
        "a11y_mode": request.COOKIES.get(A11Y_COOKIE) == "1",
    }
