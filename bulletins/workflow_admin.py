"""The newsroom workflow in the admin, for articles and for pages.

The status is never a form field: it changes through the buttons on the change page
(``workflow_view``, calling ``services.workflow_step``) and the bulk actions. Who
may edit which row is checked per object (``services.can_edit``). Every save keeps
a revision (django-reversion); restoring an old revision brings back its content
and keeps the row's current workflow state.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from portal.dates import validate_moment

from . import services

# Set by the workflow only; kept as they are when an old revision is restored.
WORKFLOW_FIELDS = ("status", "published_at", "is_featured")


class WorkflowForm(forms.Form):
    step = forms.ChoiceField(choices=[(name, name) for name in services.STEPS])
    comment = forms.CharField(required=False, max_length=2000)
    published_at = forms.DateTimeField(required=False, validators=[validate_moment])


class WorkflowAdminMixin:
    """Workflow buttons, per-object edit rights and state-keeping restores, for a
    ``CompareVersionAdmin`` of a model the workflow moves."""

    change_form_template = "admin/bulletins/workflow_change_form.html"
    # Fields set by the workflow (or by the head of the board only).
    head_only_fields = ("published_at",)

    def workflow_permission(self, action):
        return services.permission_for(self.model, action)

    def has_publish_permission(self, request):
        return request.user.has_perm(self.workflow_permission("publish"))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += [name for name in self.head_only_fields if name not in fields]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            if obj.created_by_id is None:
                obj.created_by = request.user
            if not self.has_publish_permission(request):
                obj.status = services.Status.DRAFT
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        if not obj.slug:  # a form being corrected may have emptied it
            return None
        return obj.get_absolute_url() if obj.is_published() else obj.get_preview_url()

    # --- Workflow buttons --------------------------------------------------------

    def _url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/quy-trinh/",
                self.admin_site.admin_view(self.workflow_view),
                name=self._url_name("workflow"),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if obj is not None and self.has_view_or_change_permission(request, obj):
            extra_context["workflow"] = {
                "steps": services.steps_for(obj, request.user),
                "url": reverse(
                    f"{self.admin_site.name}:{self._url_name('workflow')}",
                    args=[quote(obj.pk)],
                ),
                "history": obj.transitions.select_related("actor").order_by(
                    "-at", "-pk"
                ),
                "can_schedule": self.has_publish_permission(request),
                "is_scheduled": obj.status == services.Status.PUBLISHED
                and not obj.is_published(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request, object_id):
        """POST from the buttons on the change page: one workflow step."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        form = WorkflowForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "Yêu cầu không hợp lệ: bước hoặc thời điểm đăng không đúng.",
                content_type="text/plain; charset=utf-8",
            )
        data = form.cleaned_data
        try:
            services.workflow_step(
                obj=obj,
                step_name=data["step"],
                actor=request.user,
                comment=data["comment"],
                published_at=data["published_at"],
            )
        except services.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("“%(title)s” is now: %(status)s.")
                % {"title": obj.title, "status": obj.get_status_display()},
                messages.SUCCESS,
            )
        return redirect(
            reverse(
                f"{self.admin_site.name}:{self._url_name('change')}",
                args=[quote(obj.pk)],
            )
        )

    # --- Revisions -------------------------------------------------------------

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not Version.objects.get_for_object(obj).filter(pk=version_id).exists():
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        # Restoring brings back the content; the workflow state stays as it is now.
        kept = [
            name
            for name in WORKFLOW_FIELDS
            if any(field.name == name for field in self.model._meta.concrete_fields)
        ]
        request._workflow_state = (
            self.model.objects.filter(pk=version.object_id).values(*kept).first()
        )
        return super()._reversion_revisionform_view(
            request, version, template_name, extra_context
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        kept = getattr(request, "_workflow_state", None)
        if obj is not None and kept:
            for field, value in kept.items():
                setattr(obj, field, value)
        return obj

    def compare_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
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
