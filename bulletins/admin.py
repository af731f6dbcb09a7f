"""Admin for articles, pages, categories, tags and old addresses.

Articles and pages follow the newsroom workflow (bulletins/services.py, in the
admin through ``workflow_admin.WorkflowAdminMixin``): the status is never a form
field; it changes through the buttons on the change page and the bulk actions.
Every save keeps a revision (django-reversion); the history page compares two
revisions (django-reversion-compare) and restores one, keeping the current
workflow state.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from reversion_compare.admin import CompareVersionAdmin

from portal import images
from portal.admin_i18n import ExportForm
from portal.admin_widgets import ThumbnailImageWidget
from portal.text import fold

from . import services
from .models import (
    Article,
    ArticlePhoto,
    Category,
    HomePin,
    JoomlaImportRun,
    LegacyRedirect,
    LibraryPhoto,
    Page,
    SlugRedirect,
    Tag,
)
from .resources import ArticleResource, CategoryResource
from .workflow_admin import WorkflowAdminMixin


class AllOrNothingImportMixin:
    """An import with any bad row changes nothing, even if the confirm is forged.

    The admin's preview already hides "confirm" when a row has errors; the
    confirmed import itself also rolls back on validation errors, and the rows
    it saves are kept as one revision by the importing user.
    """

    def get_import_data_kwargs(self, **kwargs):
        data = super().get_import_data_kwargs(**kwargs)
        data["rollback_on_validation_errors"] = True
        return data

    def process_dataset(self, dataset, form, request, **kwargs):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Nhập từ tệp")
            return super().process_dataset(dataset, form, request, **kwargs)


@admin.register(Category)
class CategoryAdmin(AllOrNothingImportMixin, ImportExportModelAdmin):
    export_form_class = ExportForm  # Vietnamese column labels
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


class ArticleAdminForm(forms.ModelForm):
    """A photo chosen from the library becomes the featured photo: the same
    stored file, its text alternative, caption and credit (the editor may still
    change these texts for this article)."""

    def clean(self):
        cleaned = super().clean()
        photo = cleaned.get("library_photo")
        if photo is not None and "library_photo" in self.changed_data:
            self.instance.featured_image = photo.image.name
            cleaned["featured_image"] = self.instance.featured_image
            for field, value in (
                ("featured_image_alt", photo.alt_text),
                ("featured_image_caption", photo.caption),
                ("featured_image_credit", photo.credit),
            ):
                if not cleaned.get(field) or field not in self.changed_data:
                    cleaned[field] = value
                    setattr(self.instance, field, value)
        return cleaned


class ArticleInlinePermissions:
    """Inlines of an article are editable exactly when the article is."""

    def _article_editable(self, request, obj):
        return obj is None or services.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._article_editable(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(
            request, obj
        )


class ArticlePhotoInline(ArticleInlinePermissions, admin.TabularInline):
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


class SlugRedirectInline(ArticleInlinePermissions, admin.TabularInline):
    model = SlugRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Article)
class ArticleAdmin(
    WorkflowAdminMixin,
    AllOrNothingImportMixin,
    ImportExportModelAdmin,
    CompareVersionAdmin,
):
    resource_classes = [ArticleResource]
    formfield_overrides = {models.ImageField: {"widget": ThumbnailImageWidget}}
    export_form_class = ExportForm  # Vietnamese column labels
    formats = [CSV, XLSX]
    list_display = [
        "thumbnail",
        "title",
        "category",
        "status_label",
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
    autocomplete_fields = ["category", "tags", "library_photo"]
    form = ArticleAdminForm
    readonly_fields = ["status", "view_count", "created_at", "updated_at", "created_by"]
    inlines = [ArticlePhotoInline, SlugRedirectInline]
    actions = ["submit", "approve", "publish", "withdraw", "feature", "unfeature"]
    list_per_page = 50
    history_latest_first = True
    # The time and the home-page place are the head of the board's call.
    head_only_fields = ("published_at", "is_featured")
    # Derived or counted columns: not worth comparing between revisions.
    compare_exclude = ["search_text", "updated_at", "view_count"]
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
                    "library_photo",
                    "featured_image",
                    "featured_image_alt",
                    "featured_image_caption",
                    "featured_image_credit",
                ]
            },
        ),
        (
            _("publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "is_featured",
                    "proposed_to_parent",
                ]
            },
        ),
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A photo uploaded here (not chosen from the library) joins the library.
        if "featured_image" in form.changed_data and (
            "library_photo" not in form.changed_data
            or not form.cleaned_data.get("library_photo")
        ):
            services.library_photo_from_article(
                article=form.instance, actor=request.user
            )

    def get_search_results(self, request, queryset, search_term):
        """Also without diacritics: "ngoc trieu" finds an article by Ngọc Triệu
        (authors), "hoi nghi" one about a "hội nghị" (title, lead, body through
        the folded ``search_text``)."""
        results, duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if not words:
            return results, duplicates
        folded = queryset
        for word in words:
            folded = folded.filter(search_text__contains=word)
        # Bylines are short and few per page of results; folded in Python so
        # SQLite and PostgreSQL agree (no column of folded bylines).
        by_author = [
            pk
            for pk, authors in queryset.exclude(authors="").values_list("pk", "authors")
            if all(word in fold(authors) for word in words)
        ]
        return results | folded | queryset.filter(pk__in=by_author), True

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.has_publish_permission(request):
            changelist.list_editable = ()
        return changelist

    def changelist_view(self, request, extra_context=None):
        if (
            request.method == "POST"
            and request.POST.get("action") in {"feature", "unfeature"}
            and not self.has_publish_permission(request)
        ):
            raise PermissionDenied
        # Only for django-reversion's "recover deleted" link: the head's business.
        extra_context = {
            "has_change_permission": self.has_publish_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def _report(self, request, count):
        self.message_user(
            request,
            ngettext("%(count)d article changed.", "%(count)d articles changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Submit the selected drafts for review"), permissions=["submit"]
    )
    def submit(self, request, queryset):
        self.bulk_step(request, queryset, "submit")

    @admin.action(
        description=_("Approve the selected articles"), permissions=["review"]
    )
    def approve(self, request, queryset):
        self.bulk_step(request, queryset, "approve")

    @admin.action(
        description=_("Publish the selected articles"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        self.bulk_step(request, queryset, "publish")

    @admin.action(
        description=_("Withdraw the selected articles"), permissions=["publish"]
    )
    def withdraw(self, request, queryset):
        return self.bulk_withdraw(request, queryset)

    @admin.action(description=_("Feature on the home page"), permissions=["publish"])
    def feature(self, request, queryset):
        self._report(
            request, services.articles_set_featured(queryset=queryset, featured=True)
        )

    @admin.action(description=_("Remove from the home page"), permissions=["publish"])
    def unfeature(self, request, queryset):
        self._report(
            request, services.articles_set_featured(queryset=queryset, featured=False)
        )


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(admin.ModelAdmin):
    """Old addresses of the Joomla site. Staff may add one in any spelling; it is
    stored the way the lookup reads it (``urls_old.normalise_old_address``)."""

    list_display = ["old_path", "kind", "target", "created_at"]
    list_select_related = ["article", "category", "page"]
    search_fields = ["old_path", "article__title", "category__name", "page__title"]
    list_filter = ["kind", "created_at"]
    raw_id_fields = ["article", "category", "page"]
    fields = ["old_path", "kind", "article", "category", "page", "url", "file"]
    readonly_fields = ["file"]

    @admin.display(description=_("redirects to"))
    def target(self, obj):
        url = obj.target_url()
        if url is None:
            return _("(not public: the old address answers 404)")
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(JoomlaImportRun)
class JoomlaImportRunAdmin(admin.ModelAdmin):
    """What each run of ``manage.py import_joomla`` did: read only."""

    list_display = ["started_at", "backup", "source", "mode"]
    search_fields = ["backup", "report"]
    date_hierarchy = "started_at"
    fields = ["started_at", "backup", "source", "mode", "summary_text", "report_text"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("summary"))
    def summary_text(self, obj):
        return format_html('<pre class="import-report">{}</pre>', obj.summary)

    @admin.display(description=_("report"))
    def report_text(self, obj):
        return format_html('<pre class="import-report">{}</pre>', obj.report)


@admin.register(Page)
class PageAdmin(WorkflowAdminMixin, CompareVersionAdmin):
    """Static pages, with the articles' workflow: editors write and review them,
    the head of the board publishes (reporters do not see them)."""

    list_display = [
        "title",
        "parent",
        "status_label",
        "published_at",
        "order",
        "view_link",
    ]
    list_filter = ["status", ("parent", admin.EmptyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["title", "lead"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["status", "created_at", "updated_at", "created_by"]
    actions = ["submit", "approve", "publish", "withdraw"]
    history_latest_first = True
    compare_exclude = ["search_text", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "lead", "body"]}),
        (_("publication"), {"fields": ["status", "published_at", "order"]}),
        (
            _("record"),
            {
                "classes": ["collapse"],
                "fields": [
                    "meta_description",
                    "created_at",
                    "updated_at",
                    "created_by",
                ],
            },
        ),
    ]

    @admin.display(description=_("address"))
    def view_link(self, obj):
        url = obj.get_absolute_url() if obj.is_published() else obj.get_preview_url()
        return format_html('<a href="{}">{}</a>', url, obj.get_absolute_url())

    @admin.action(
        description=_("Submit the selected drafts for review"), permissions=["submit"]
    )
    def submit(self, request, queryset):
        self.bulk_step(request, queryset, "submit")

    @admin.action(description=_("Approve the selected pages"), permissions=["review"])
    def approve(self, request, queryset):
        self.bulk_step(request, queryset, "approve")

    @admin.action(description=_("Publish the selected pages"), permissions=["publish"])
    def publish(self, request, queryset):
        self.bulk_step(request, queryset, "publish")

    @admin.action(description=_("Withdraw the selected pages"), permissions=["publish"])
    def withdraw(self, request, queryset):
        return self.bulk_withdraw(request, queryset)


@admin.register(HomePin)
class HomePinAdmin(admin.ModelAdmin):
    """ "Tin nổi bật" set by hand: which articles, in which order, until when
    (bulletins/models/curation.py)."""

    list_display = ["article", "order", "expires_at", "in_force"]
    list_editable = ["order", "expires_at"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    search_fields = ["article__title"]
    fields = ["article", "order", "expires_at"]

    @admin.display(description=_("shown now"), boolean=True)
    def in_force(self, obj):
        return obj.article.is_published() and (
            obj.expires_at is None or obj.expires_at > timezone.now()
        )


@admin.register(LibraryPhoto)
class LibraryPhotoAdmin(admin.ModelAdmin):
    """Kho ảnh: photos shared by every article, found by caption or credit with or
    without diacritics (bulletins/models/library.py)."""

    list_display = ["thumbnail", "caption", "credit", "uploaded_at"]
    list_display_links = ["thumbnail", "caption"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "uploaded_at"
    fields = ["image", "alt_text", "caption", "credit"]
    formfield_overrides = {models.ImageField: {"widget": ThumbnailImageWidget}}
    list_per_page = 40

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        thumb = images.rendition(obj.image, "thumb")
        if not thumb:
            return "—"
        return format_html('<img src="{}" width="80" alt="" loading="lazy">', thumb.url)

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if words:
            folded = queryset
            for word in words:
                folded = folded.filter(search_text__contains=word)
            results = results | folded
        return results, duplicates

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
