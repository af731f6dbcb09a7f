"""Admin for articles, categories, tags and old addresses."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from .. import images, services
from ..models import Article, ArticlePhoto, Category, SlugRedirect, Tag
from ..resources import ArticleResource, CategoryResource


@admin.register(Category)
class CategoryAdmin(ImportExportModelAdmin):
    resource_classes = [CategoryResource]
    formats = [CSV, XLSX]
    list_display = ["name", "slug", "parent", "order", "is_active", "show_on_home"]
    list_editable = ["order", "is_active", "show_on_home"]
    list_filter = ["is_active", "show_on_home", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    fields = ["preview", "image", "alt_text", "caption", "credit", "order"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        thumb = images.rendition(obj.image, "thumb") if obj and obj.pk else None
        if not thumb:
            return "—"
        return format_html(
            '<img src="{}" width="120" alt="" loading="lazy">', thumb.url
        )


class SlugRedirectInline(admin.TabularInline):
    model = SlugRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Article)
class ArticleAdmin(ImportExportModelAdmin):
    resource_classes = [ArticleResource]
    formats = [CSV, XLSX]
    list_display = [
        "thumbnail",
        "title",
        "category",
        "status",
        "published_at",
        "is_featured",
        "view_count",
    ]
    list_display_links = ["thumbnail", "title"]
    list_editable = ["is_featured"]
    list_filter = ["status", "is_featured", "category", "published_at"]
    list_select_related = ["category"]
    search_fields = ["title", "lead", "authors", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags"]
    readonly_fields = ["view_count", "created_at", "updated_at", "created_by"]
    inlines = [ArticlePhotoInline, SlugRedirectInline]
    actions = ["publish", "withdraw", "feature", "unfeature"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "lead", "body", "tags"]}),
        (
            _("byline"),
            {"fields": ["authors", "photographer", "source_line", "issue_label"]},
        ),
        (
            _("featured photo"),
            {
                "fields": [
                    "featured_image",
                    "featured_image_alt",
                    "featured_image_caption",
                    "featured_image_credit",
                ]
            },
        ),
        (_("publication"), {"fields": ["status", "published_at", "is_featured"]}),
        (
            _("record"),
            {
                "classes": ["collapse"],
                "fields": ["view_count", "created_at", "updated_at", "created_by"],
            },
        ),
    ]

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        thumb = images.rendition(obj.featured_image, "thumb")
        if not thumb:
            return "—"
        return format_html('<img src="{}" width="80" alt="" loading="lazy">', thumb.url)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published() else obj.get_preview_url()

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def _report(self, request, count):
        self.message_user(
            request,
            ngettext("%(count)d article changed.", "%(count)d articles changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected articles"))
    def publish(self, request, queryset):
        self._report(request, services.articles_publish(queryset=queryset))

    @admin.action(description=_("Withdraw the selected articles"))
    def withdraw(self, request, queryset):
        self._report(request, services.articles_withdraw(queryset=queryset))

    @admin.action(description=_("Feature on the home page"))
    def feature(self, request, queryset):
        self._report(
            request, services.articles_set_featured(queryset=queryset, featured=True)
        )

    @admin.action(description=_("Remove from the home page"))
    def unfeature(self, request, queryset):
        self._report(
            request, services.articles_set_featured(queryset=queryset, featured=False)
        )
