from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Site")

    def ready(self):
        from . import registry, roles
        from .admin_i18n import localize_admin
        from .models import MenuItem, SiteProfile, WebsiteLink
        from .pagecache import invalidation
        from .sitemaps import PagesSitemap

        registry.sitemap("trang", PagesSitemap)
        registry.stylesheet("portal/css/base.css")
        registry.stylesheet("portal/css/print.css", media="print")
        registry.page_content(SiteProfile, created_on_read=True)
        registry.page_content(MenuItem)
        registry.page_content(WebsiteLink)
        registry.page_query("portal:home", "portal:contact", "portal:english")
        roles.grant(
            roles.ADMINISTRATOR,
            "portal.view_siteprofile",
            "portal.change_siteprofile",
            *roles.crud("portal", "menuitem"),
            *roles.crud("portal", "websitelink"),
            # The staff of their site (portal/admin.py SiteMembershipAdmin).
            *roles.crud("portal", "sitemembership"),
            *roles.crud("auth", "user"),
            "auth.view_group",
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "axes.view_accesslog",
        )
        invalidation.connect()
        roles.connect()
        localize_admin()
        connection_created.connect(_tune_sqlite)

    def seed_demo(self, stdout):
        from . import demo

        demo.seed(stdout=stdout)


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin_site.PortalAdminSite"


def _tune_sqlite(sender, connection, **kwargs):
    """Keep SQLite's WAL journal and busy timeout on every new connection."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout=20000")
