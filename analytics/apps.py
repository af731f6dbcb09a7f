from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self):
        from portal import registry, roles

        from . import visitors
        from .models import CounterSettings

        # Deciding a page view needs the admin's address (a reverse lookup that
        # loads every URL pattern): before the first reader's page view.
        registry.warm_up(visitors.warm_up)
        registry.stylesheet("analytics/counter.css")
        registry.script("analytics/counter.js")

        registry.page_content(CounterSettings, created_on_read=True)
        roles.grant(
            roles.HEAD,
            "analytics.view_dailystat",
            "analytics.view_trafficreport",
            "analytics.export_dailystat",
        )
        roles.grant(
            roles.ADMINISTRATOR,
            "analytics.view_dailystat",
            "analytics.view_trafficreport",
            "analytics.export_dailystat",
            "analytics.view_countersettings",
            "analytics.change_countersettings",
        )

    def seed_demo(self, stdout):
        from . import demo

        demo.seed(stdout=stdout)
