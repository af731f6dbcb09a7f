from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Site")

    def ready(self):
        from . import cache_invalidation

        cache_invalidation.connect()
        connection_created.connect(_tune_sqlite)


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin_site.PortalAdminSite"


def _tune_sqlite(sender, connection, **kwargs):
    """Keep SQLite's WAL journal and busy timeout on every new connection."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout=20000")
