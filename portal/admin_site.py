from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import SiteProfile


class PortalAdminSite(admin.AdminSite):
    """The Django admin with the site's own name in its header."""

    site_title = _("Site administration")
    index_title = _("Content management")

    def each_context(self, request):
        context = super().each_context(request)
        profile = SiteProfile.objects.current()
        context["site_header"] = _("%(site)s — administration") % {
            "site": profile.site_name
        }
        context["site_title"] = profile.site_name
        context["site_profile"] = profile
        return context
