from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from portal import registry
from portal.admin_i18n import ExportForm

from . import selectors
from .charts import chart
from .models import CounterSettings, DailyStat, TrafficReport
from .resources import DailyStatResource


class CounterSettingsInline(admin.StackedInline):
    """Shown on the site profile page: which lines of the block appear."""

    model = CounterSettings
    extra = 0
    max_num = 1
    can_delete = False
    fields = [
        ("show_online", "show_today", "show_yesterday"),
        ("show_this_week", "show_last_week"),
        ("show_this_month", "show_last_month"),
        ("show_total_visits", "show_total_views"),
        ("initial_visits", "initial_views"),
    ]

    def get_extra(self, request, obj=None, **kwargs):
        # One blank form when the profile has no counter settings yet.
        if obj is not None and not CounterSettings.objects.filter(profile=obj).exists():
            return 1
        return 0


@admin.register(DailyStat)
class DailyStatAdmin(ExportMixin, admin.ModelAdmin):
    export_form_class = ExportForm  # Vietnamese column labels
    resource_classes = [DailyStatResource]
    # Our object tools above import-export's (its template extends the admin's list;
    # as change_list_template it extended itself and the second visit failed).
    import_export_change_list_template = "admin/analytics/dailystat/change_list.html"
    formats = [CSV, XLSX]
    list_display = ["day", "shard", "views", "visits"]
    list_filter = [("day", admin.DateFieldListFilter)]
    search_fields = ["day"]
    date_hierarchy = "day"
    list_select_related = []
    readonly_fields = ["day", "shard", "views", "visits"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrafficReport)
class TrafficReportAdmin(admin.ModelAdmin):
    """The charts page: views and visits per day and per month, top articles."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        daily = selectors.daily_series(days=30)
        monthly = selectors.monthly_series(months=12)
        context = {
            **self.admin_site.each_context(request),
            "title": capfirst(_("traffic report")),
            "opts": self.model._meta,
            "daily": chart(daily, label_format="%d/%m"),
            "monthly": chart(monthly, label_format="%m/%Y"),
            "top_articles": selectors.top_articles(10),
            "snapshot": selectors.compute_snapshot(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/analytics/traffic_report.html", context)


registry.profile_inline(CounterSettingsInline)
