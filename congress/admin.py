"""Admin for the congress section, the document register and citizens' feedback."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from portal.admin_i18n import ExportForm

from .models import (
    Congress,
    Document,
    DocumentFile,
    Feedback,
    FeedbackStatus,
    Issuer,
    Media,
    Person,
    PhotoReport,
    PhotoReportImage,
)
from .models.issuers import issuer_key
from .resources import FeedbackResource
from .services import congress_set_current, feedback_moderate, issuer_save


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ("order", "name", "position", "position_detail", "photo")


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "term_label_column",
        "starts_on",
        "place",
        "delegates",
        "is_current",
        "is_published",
        "document_count",
    )
    list_filter = ("is_current", "is_published")
    search_fields = ("party_committee", "place", "slug")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("news",)
    inlines = [PersonInline]
    actions = ["make_current"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "party_committee",
                    ("number", "term_start", "term_end"),
                    ("starts_on", "ends_on"),
                    "place",
                    "delegates",
                    "slug",
                    ("is_current", "is_published"),
                )
            },
        ),
        (_("Presentation"), {"fields": ("summary", "cover", "cover_alt")}),
        (
            _("On the home page"),
            {"fields": ("show_on_home", "home_banner", "home_banner_alt")},
        ),
        (_("News"), {"fields": ("news",)}),
    )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(_document_count=Count("documents"))
        )

    @admin.display(description=_("term"), ordering="term_start")
    def term_label_column(self, obj):
        return obj.term_label

    @admin.display(description=_("documents"), ordering="_document_count")
    def document_count(self, obj):
        return obj._document_count

    @admin.action(description=_("Make the selected congress the current one"))
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one congress."), level=messages.ERROR
            )
            return
        congress_set_current(congress=queryset.get())
        self.message_user(request, _("The current congress was changed."))


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    fields = ("order", "file", "label", "kind", "size_column", "original_name")
    readonly_fields = ("kind", "size_column", "original_name")

    @admin.display(description=_("size"))
    def size_column(self, obj):
        return filesizeformat(obj.size) if obj.pk else "—"


class IssuerForm(forms.ModelForm):
    class Meta:
        model = Issuer
        fields = ["name", "order"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        same = (
            Issuer.objects.for_site()
            .filter(key=issuer_key(name))
            .exclude(pk=self.instance.pk)
        )
        if same.exists():
            raise forms.ValidationError(
                _("“%(name)s” is already in the list (spelled “%(existing)s”).")
                % {"name": name, "existing": same.first().name}
            )
        return name


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    """Cơ quan ban hành: the managed list documents choose their issuer from."""

    form = IssuerForm
    list_display = ("name", "order", "document_count")
    list_editable = ("order",)
    search_fields = ("name", "key")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_documents=Count("documents"))

    @admin.display(description=_("documents"), ordering="_documents")
    def document_count(self, obj):
        return obj._documents

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        key = issuer_key(search_term)
        if key:
            results = results | queryset.filter(key__contains=key)
        return results, duplicates

    def save_model(self, request, obj, form, change):
        issuer_save(issuer=obj)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "number",
        "doc_type",
        "issuer",
        "issued_on",
        "congress",
        "published_at",
        "comments_column",
        "pending_count",
    )
    list_filter = ("doc_type", "comments_open", "congress", "issuing_body")
    list_select_related = ("congress",)
    search_fields = ("title", "number", "abstract", "issuer")
    date_hierarchy = "issued_on"
    autocomplete_fields = ("congress", "issuing_body")
    inlines = [DocumentFileInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "doc_type",
                    "number",
                    "title",
                    "slug",
                    "issuing_body",
                    ("issued_on", "effective_on"),
                    "abstract",
                    "body",
                )
            },
        ),
        (_("Publication"), {"fields": ("congress", "published_at", "order")}),
        (_("Comments"), {"fields": ("comments_open", "comments_close_at")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _pending=Count(
                    "feedback",
                    filter=Q(feedback__status=FeedbackStatus.PENDING),
                )
            )
        )

    @admin.display(description=_("comments"), boolean=True, ordering="comments_open")
    def comments_column(self, obj):
        return obj.accepts_comments()

    @admin.display(description=_("pending feedback"), ordering="_pending")
    def pending_count(self, obj):
        return obj._pending


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "position_detail", "congress", "order")
    list_filter = ("position", "congress")
    list_select_related = ("congress",)
    search_fields = ("name", "position_detail")
    autocomplete_fields = ("congress",)
    list_editable = ("order",)


@admin.register(Media)
class MediaAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "congress", "source_column", "published_at")
    list_filter = ("kind", "congress")
    list_select_related = ("congress",)
    search_fields = ("title", "description")
    autocomplete_fields = ("congress",)

    @admin.display(description=_("source"))
    def source_column(self, obj):
        if obj.file:
            return _("uploaded file")
        return format_html(
            '<a href="{0}" rel="noopener noreferrer">{0}</a>', obj.external_url
        )


class PhotoReportImageInline(admin.TabularInline):
    model = PhotoReportImage
    extra = 0
    fields = ("order", "image", "alt_text", "caption", "credit")


@admin.register(PhotoReport)
class PhotoReportAdmin(admin.ModelAdmin):
    list_display = ("title", "congress", "published_at", "photo_count")
    list_filter = ("congress",)
    list_select_related = ("congress",)
    search_fields = ("title", "description")
    autocomplete_fields = ("congress",)
    inlines = [PhotoReportImageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_photo_count=Count("photos"))

    @admin.display(description=_("photos"), ordering="_photo_count")
    def photo_count(self, obj):
        return obj._photo_count


@admin.register(Feedback)
class FeedbackAdmin(ExportMixin, admin.ModelAdmin):
    export_form_class = ExportForm  # Vietnamese column labels
    resource_classes = [FeedbackResource]
    export_formats = [CSV, XLSX]
    list_display = (
        "name",
        "document",
        "short_content",
        "contact",
        "status",
        "created_at",
        "moderated_by",
    )
    list_filter = ("status", "document__congress", "created_at")
    list_select_related = ("document", "moderated_by")
    search_fields = ("name", "email", "phone", "content", "document__title")
    date_hierarchy = "created_at"
    readonly_fields = (
        "document",
        "name",
        "email",
        "phone",
        "section",
        "content",
        "created_at",
        "ip_hash",
        "moderated_by",
        "moderated_at",
    )
    fields = readonly_fields[:7] + ("status", "moderated_by", "moderated_at")
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        moderated = obj.status in (FeedbackStatus.APPROVED, FeedbackStatus.REJECTED)
        if change and moderated and "status" in form.changed_data:
            feedback_moderate(
                queryset=Feedback.objects.filter(pk=obj.pk),
                status=obj.status,
                user=request.user,
            )
            return
        super().save_model(request, obj, form, change)

    @admin.display(description=_("content"))
    def short_content(self, obj):
        text = obj.content
        return text if len(text) <= 80 else text[:79] + "…"

    @admin.display(description=_("contact"))
    def contact(self, obj):
        return obj.email or obj.phone

    def _moderate(self, request, queryset, status):
        changed = feedback_moderate(queryset=queryset, status=status, user=request.user)
        self.message_user(
            request,
            gettext("Feedback updated: %(count)d.") % {"count": changed},
        )

    @admin.action(description=_("Approve the selected feedback (publish it)"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, FeedbackStatus.APPROVED)

    @admin.action(description=_("Reject the selected feedback"))
    def reject(self, request, queryset):
        self._moderate(request, queryset, FeedbackStatus.REJECTED)
