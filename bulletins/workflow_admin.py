"""The newsroom workflow in the admin, for articles and for pages.

The status is never a form field: it changes through the buttons on the change page
and the bulk actions. Who may edit which row is checked per object
(``services.can_edit``). Every save keeps a revision (django-reversion); restoring an
old revision brings back its content and keeps the row's current workflow state.

No edit is ever lost to a workflow button: when the user may change the row, the
buttons are submit buttons of the change form itself (``_workflow_step``), so one
submit saves the form (refused whole if it has errors) and then takes the step; no
script is needed. Only a user who may not change the row (an editor sending back a
withdrawn article) gets the separate form posting to ``workflow_view``. Withdrawing
from the site always passes through a confirmation page asking for the reason,
which the history of the row shows.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from portal.dates import validate_moment

from . import services

# Set by the workflow only; kept as they are when an old revision is restored.
WORKFLOW_FIELDS = ("status", "published_at", "is_featured")


# The name of the workflow buttons inside the change form.
STEP_FIELD = "_workflow_step"
COMMENT_FIELD = "workflow_comment"


def status_text(obj, now=None):
    """The row's state as staff should read it: a published row whose time lies
    ahead is "lên lịch (dd/mm/yyyy hh:mm)", not "đã đăng"."""
    if obj.status == services.Status.PUBLISHED and not obj.is_published(now):
        moment = date_format(timezone.localtime(obj.published_at), "d/m/Y H:i")
        return _g("scheduled (%(moment)s)") % {"moment": moment}
    return obj.get_status_display()


class WorkflowStepCheck:
    """Mixed into the change form: a workflow button pressed with a comment the
    step needs left empty refuses the whole submit (nothing saved, nothing moved),
    like any other error of the form."""

    def clean(self):
        cleaned = super().clean()
        name = self.data.get(STEP_FIELD)
        step = services.STEPS.get(name) if name else None
        if name and step is None:
            self.add_error(None, _g("Unknown workflow step."))
        elif (
            step is not None
            and step.needs_comment
            and step.name != "unpublish"  # asked for on the confirmation page
            and not self.data.get(COMMENT_FIELD, "").strip()
        ):
            self.add_error(None, step.comment_missing)
        return cleaned


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

    def has_submit_permission(self, request):
        return request.user.has_perm(self.workflow_permission("submit"))

    def has_review_permission(self, request):
        return request.user.has_perm(self.workflow_permission("review"))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += [name for name in self.head_only_fields if name not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (WorkflowStepCheck, form), {})

    def save_model(self, request, obj, form, change):
        request._workflow_changed = set(form.changed_data)
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

    def _change_url(self, obj):
        return reverse(
            f"{self.admin_site.name}:{self._url_name('change')}", args=[quote(obj.pk)]
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/quy-trinh/",
                self.admin_site.admin_view(self.workflow_view),
                name=self._url_name("workflow"),
            ),
            path(
                "<path:object_id>/quy-trinh/go-khoi-trang/",
                self.admin_site.admin_view(self.withdraw_view),
                name=self._url_name("withdraw"),
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
                "withdraw_url": reverse(
                    f"{self.admin_site.name}:{self._url_name('withdraw')}",
                    args=[quote(obj.pk)],
                ),
                # Buttons inside the change form (save, then step) when the user
                # may save it; a separate form otherwise.
                "in_form": self.has_change_permission(request, obj),
                "step_field": STEP_FIELD,
                "comment_field": COMMENT_FIELD,
                "comment": request.POST.get(COMMENT_FIELD, "")
                if request.method == "POST"
                else "",
                "history": obj.transitions.select_related("actor").order_by(
                    "-at", "-pk"
                ),
                "can_schedule": self.has_publish_permission(request),
                "status_text": status_text(obj),
                "is_scheduled": obj.status == services.Status.PUBLISHED
                and not obj.is_published(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        """After a save: take the step of the workflow button that was pressed."""
        name = request.POST.get(STEP_FIELD)
        if not name:
            return super().response_change(request, obj)
        self.message_user(request, _("The changes were saved."), messages.SUCCESS)
        if name == "unpublish":
            return redirect(
                reverse(
                    f"{self.admin_site.name}:{self._url_name('withdraw')}",
                    args=[quote(obj.pk)],
                )
            )
        # A time typed into the form's own field in this submit is the step's time
        # (it may back-date); otherwise the step's rule applies (future kept).
        changed = getattr(request, "_workflow_changed", set())
        self._take_step(
            request,
            obj,
            name,
            comment=request.POST.get(COMMENT_FIELD, ""),
            published_at=obj.published_at if "published_at" in changed else None,
        )
        return redirect(self._change_url(obj))

    def _take_step(self, request, obj, name, *, comment, published_at):
        try:
            services.workflow_step(
                obj=obj,
                step_name=name,
                actor=request.user,
                comment=comment,
                published_at=published_at,
            )
        except services.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return False
        self.message_user(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": obj.title, "status": status_text(obj)},
            messages.SUCCESS,
        )
        return True

    def workflow_view(self, request, object_id):
        """POST from the separate workflow form (users who may not change the row)
        and from the withdrawal's confirmation page: one workflow step."""
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
        done = self._take_step(
            request,
            obj,
            data["step"],
            comment=data["comment"],
            published_at=data["published_at"],
        )
        if not done and data["step"] == "unpublish":
            return redirect(
                reverse(
                    f"{self.admin_site.name}:{self._url_name('withdraw')}",
                    args=[quote(obj.pk)],
                )
            )
        return redirect(self._change_url(obj))

    def withdraw_view(self, request, object_id):
        """The confirmation page of "Gỡ bài khỏi trang": the reason is asked for
        and kept in the history; the button posts to ``workflow_view``."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        step = services.STEPS["unpublish"]
        if not services.can_act(request.user, step, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": _("Withdraw “%(title)s” from the site?") % {"title": obj.title},
            "workflow_url": reverse(
                f"{self.admin_site.name}:{self._url_name('workflow')}",
                args=[quote(obj.pk)],
            ),
            "change_url": self._change_url(obj),
            "is_published": obj.status == services.Status.PUBLISHED,
        }
        return TemplateResponse(
            request, "admin/bulletins/workflow_withdraw.html", context
        )

    # --- Lists and bulk actions --------------------------------------------------

    # A bulk action of the workflow and the permission it needs; a forged POST of
    # one the user may not take is a 403 (not the admin's quiet "no action").
    WORKFLOW_ACTIONS = {
        "submit": "submit",
        "approve": "review",
        "publish": "publish",
        "withdraw": "publish",
    }

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return status_text(obj)

    def changelist_view(self, request, extra_context=None):
        action = request.POST.get("action") if request.method == "POST" else None
        needed = self.WORKFLOW_ACTIONS.get(action)
        if needed and not request.user.has_perm(self.workflow_permission(needed)):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def bulk_step(self, request, queryset, step_name, comment=""):
        """A bulk action: the step on each selected row the user may take it on."""
        try:
            changed, skipped = services.workflow_bulk(
                step_name=step_name,
                queryset=queryset,
                actor=request.user,
                comment=comment,
            )
        except services.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            _(
                "%(changed)d changed, %(skipped)d left as they were (their state or "
                "your role does not allow this step)."
            )
            % {"changed": changed, "skipped": skipped}
            if skipped
            else _("%(changed)d changed.") % {"changed": changed},
            messages.SUCCESS if changed else messages.WARNING,
        )

    def bulk_withdraw(self, request, queryset):
        """Withdraw with a confirmation page and a reason, like one row."""
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("confirmed") and reason:
            return self.bulk_step(request, queryset, "unpublish", reason)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Withdraw the selected rows from the site?"),
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "missing_reason": bool(request.POST.get("confirmed")),
        }
        return TemplateResponse(
            request, "admin/bulletins/workflow_withdraw_bulk.html", context
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
