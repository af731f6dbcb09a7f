"""Admin for articles, categories, tags and old addresses.

Articles follow the newsroom workflow (bulletins/services.py): the status is never
a form field; it changes through the buttons on the article page and the bulk
actions, which call the workflow services. Who may edit which article is checked
per object (``services.can_edit``). Every save keeps a revision (django-reversion);
the history page compares two revisions (django-reversion-compare) and restores
one, keeping the article's current workflow state.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from portal import images
from portal.dates import validate_moment

from . import services
from .models import (
    Article,
    ArticlePhoto,
    ArticleTransition,
    Category,
    JoomlaImportRun,
    LegacyRedirect,
    Page,
    SlugRedirect,
    Tag,
)
from .resources import ArticleResource, CategoryResource

# Set by the workflow only; kept as they are when an old revision is restored.
WORKFLOW_FIELDS = ("status", "published_at", "is_featured")


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


class WorkflowForm(forms.Form):
    step = forms.ChoiceField(choices=[(name, name) for name in services.STEPS])
    comment = forms.CharField(required=False, max_length=2000)
    published_at = forms.DateTimeField(required=False, validators=[validate_moment])


@admin.register(Article)
class ArticleAdmin(
    AllOrNothingImportMixin, ImportExportModelAdmin, CompareVersionAdmin
):
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
    readonly_fields = ["status", "view_count", "created_at", "updated_at", "created_by"]
    inlines = [ArticlePhotoInline, SlugRedirectInline]
    actions = ["publish", "withdraw", "feature", "unfeature"]
    list_per_page = 50
    change_form_template = "admin/bulletins/article/change_form.html"
    history_latest_first = True
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
        if not obj.slug:  # a form being corrected may have emptied it
            return None
        return obj.get_absolute_url() if obj.is_published() else obj.get_preview_url()

    # --- Who may do what -------------------------------------------------------

    def has_publish_permission(self, request):
        return request.user.has_perm("bulletins.publish_article")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            # The time and the home-page place are the head of the board's call.
            fields += ["published_at", "is_featured"]
        return fields

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.has_publish_permission(request):
            changelist.list_editable = ()
        return changelist

    def changelist_view(self, request, extra_context=None):
        if (
            request.method == "POST"
            and request.POST.get("action")
            in {"publish", "withdraw", "feature", "unfeature"}
            and not self.has_publish_permission(request)
        ):
            raise PermissionDenied
        # Only for django-reversion's "recover deleted" link: the head's business.
        extra_context = {
            "has_change_permission": self.has_publish_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            if obj.created_by_id is None:
                obj.created_by = request.user
            if not self.has_publish_permission(request):
                obj.status = Article.Status.DRAFT
        super().save_model(request, obj, form, change)

    # --- Workflow buttons --------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/quy-trinh/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_workflow",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if article is not None and self.has_view_or_change_permission(request, article):
            extra_context["workflow"] = {
                "steps": services.available_steps(article=article, user=request.user),
                "url": reverse(
                    f"{self.admin_site.name}:bulletins_article_workflow",
                    args=[quote(article.pk)],
                ),
                "history": ArticleTransition.objects.filter(article=article)
                .select_related("actor")
                .order_by("-at", "-pk"),
                "can_schedule": self.has_publish_permission(request),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request, object_id):
        """POST from the buttons on the article page: one workflow step."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        form = WorkflowForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "Yêu cầu không hợp lệ: bước hoặc thời điểm đăng không đúng.",
                content_type="text/plain; charset=utf-8",
            )
        data = form.cleaned_data
        kwargs = {"article": article, "actor": request.user, "comment": data["comment"]}
        if data["step"] == "publish":
            kwargs["published_at"] = data["published_at"]
        service = {
            "submit": services.article_submit,
            "send_back": services.article_send_back,
            "approve": services.article_approve,
            "publish": services.article_publish,
            "unpublish": services.article_unpublish,
        }[data["step"]]
        try:
            service(**kwargs)
        except services.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("“%(title)s” is now: %(status)s.")
                % {"title": article.title, "status": article.get_status_display()},
                messages.SUCCESS,
            )
        return redirect(
            reverse(
                f"{self.admin_site.name}:bulletins_article_change",
                args=[quote(article.pk)],
            )
        )

    # --- Revisions -------------------------------------------------------------

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not Version.objects.get_for_object(article).filter(pk=version_id).exists():
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        # Restoring brings back the content; the workflow state stays as it is now.
        request._article_workflow_state = (
            Article.objects.filter(pk=version.object_id)
            .values(*WORKFLOW_FIELDS)
            .first()
        )
        return super()._reversion_revisionform_view(
            request, version, template_name, extra_context
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        kept = getattr(request, "_article_workflow_state", None)
        if obj is not None and kept:
            for field, value in kept.items():
                setattr(obj, field, value)
        return obj

    def compare_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def _report(self, request, count):
        self.message_user(
            request,
            ngettext("%(count)d article changed.", "%(count)d articles changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Publish the selected articles"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        self._report(
            request, services.articles_publish(queryset=queryset, actor=request.user)
        )

    @admin.action(
        description=_("Withdraw the selected articles"), permissions=["publish"]
    )
    def withdraw(self, request, queryset):
        self._report(
            request, services.articles_unpublish(queryset=queryset, actor=request.user)
        )

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
class PageAdmin(CompareVersionAdmin):
    """Static pages. Publishing is a status here; editors and the head of the
    board keep them (reporters do not see them)."""

    list_display = ["title", "parent", "status", "published_at", "order", "view_link"]
    list_filter = ["status", ("parent", admin.EmptyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["title", "lead"]
    fields = [
        "title",
        "slug",
        "parent",
        "lead",
        "body",
        "meta_description",
        "status",
        "published_at",
        "order",
    ]

    @admin.display(description=_("address"))
    def view_link(self, obj):
        url = obj.get_absolute_url()
        if not obj.is_published():
            url += "?preview=1"
        return format_html('<a href="{}">{}</a>', url, url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
