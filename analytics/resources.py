from django.db.models import Sum
from import_export import fields, widgets

from portal.exports import FormulaSafeResource

from .models import DailyStat


class DayWidget(widgets.DateWidget):
    """The day as "22/11/2026" in every format (XLSX included), as staff read it."""

    def render(self, value, obj=None, **kwargs):
        kwargs.pop("force_native_type", None)
        return super().render(value, obj, **kwargs)


class DailyStatResource(FormulaSafeResource):
    """Daily statistics for CSV/XLSX export: one row per day (shards summed)."""

    day = fields.Field(
        attribute="day", column_name="Ngày", widget=DayWidget("%d/%m/%Y")
    )
    views = fields.Field(
        attribute="views",
        column_name="Lượt xem",
        widget=widgets.IntegerWidget(coerce_to_string=False),
    )
    visits = fields.Field(
        attribute="visits",
        column_name="Lượt truy cập",
        widget=widgets.IntegerWidget(coerce_to_string=False),
    )

    class Meta:
        model = DailyStat
        fields = ("day", "views", "visits")
        export_order = ("day", "views", "visits")

    def export(self, queryset=None, **kwargs):
        queryset = DailyStat.objects.all() if queryset is None else queryset
        per_day = (
            queryset.order_by()
            .values("day")
            .annotate(views=Sum("views"), visits=Sum("visits"))
            .order_by("day")
        )
        return super().export(queryset=per_day, **kwargs)
