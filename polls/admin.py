from django.contrib import admin
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from portal.admin_i18n import ExportForm
from portal.exports import FormulaSafeResource

from .models import Choice, Poll, PollResult
from .results import result_rows


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["order", "text", "vote_count"]
    readonly_fields = ["vote_count"]
    ordering = ["order", "pk"]


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = [
        "question",
        "opens_at",
        "closes_at",
        "is_active",
        "show_in_sidebar",
        "total_votes",
        "results_link",
    ]
    list_filter = ["is_active", "show_in_sidebar", "opens_at"]
    search_fields = ["question"]
    date_hierarchy = "opens_at"
    inlines = [ChoiceInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["question", "slug"]}),
        (
            _("Publication"),
            {"fields": ["opens_at", "closes_at", "is_active", "show_in_sidebar"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_total_votes=Sum("choices__vote_count"))
        )

    @admin.display(description=_("total votes"), ordering="_total_votes")
    def total_votes(self, obj):
        return obj._total_votes or 0

    @admin.display(description=_("results"))
    def results_link(self, obj):
        url = (
            reverse("admin:polls_pollresult_changelist") + f"?poll__id__exact={obj.pk}"
        )
        return format_html('<a href="{}">{}</a>', url, _("Results / export"))


class PollResultResource(FormulaSafeResource):
    """One row per choice: poll, letter, choice, votes, percent, total."""

    poll = fields.Field(column_name=_("poll"))
    letter = fields.Field(column_name=_("letter"))
    text = fields.Field(column_name=_("choice"))
    vote_count = fields.Field(attribute="vote_count", column_name=_("votes"))
    percent = fields.Field(column_name=_("percent"))
    total = fields.Field(column_name=_("total votes"))

    class Meta:
        model = PollResult
        fields = ["poll", "letter", "text", "vote_count", "percent", "total"]

    def get_queryset(self):
        return super().get_queryset().select_related("poll")

    def _numbers(self, obj):
        """(letter, percent, total) of ``obj``, worked out once per poll."""
        computed = self.__dict__.setdefault("_computed", {})
        if obj.pk not in computed:
            rows, total = result_rows(Choice.objects.filter(poll_id=obj.poll_id))
            for row in rows:
                computed[row.choice.pk] = (row.letter, row.percent, total)
        return computed.get(obj.pk, ("", 0, 0))

    def dehydrate_poll(self, obj):
        return obj.poll.question

    def dehydrate_text(self, obj):
        return obj.text

    def dehydrate_letter(self, obj):
        return self._numbers(obj)[0]

    def dehydrate_percent(self, obj):
        return self._numbers(obj)[1]

    def dehydrate_total(self, obj):
        return self._numbers(obj)[2]


@admin.register(PollResult)
class PollResultAdmin(ExportMixin, admin.ModelAdmin):
    export_form_class = ExportForm  # Vietnamese column labels
    """Read-only results per choice, exportable as CSV or XLSX."""

    resource_classes = [PollResultResource]
    formats = [CSV, XLSX]
    list_display = ["poll", "text", "vote_count"]
    list_filter = ["poll"]
    search_fields = ["text", "poll__question"]
    list_select_related = ["poll"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
