from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import registry, roles
from .dates import validate_moment
from .models import MenuItem, SiteProfile, WebsiteLink


@admin.register(SiteProfile)
class SiteProfileAdmin(admin.ModelAdmin):
    readonly_fields = ["legal_status", "updated_at"]
    fieldsets = [
        (None, {"fields": ["legal_status"]}),
        (
            _("Header"),
            {
                "fields": [
                    "site_name",
                    "agency_line_1",
                    "agency_line_2",
                    "party_committee",
                    "tagline",
                    "logo",
                    "logo_alt",
                    "banner",
                ]
            },
        ),
        (
            _("Legally required facts (footer)"),
            {
                "fields": [
                    "managing_agency",
                    "editor_in_chief",
                    "licence",
                    "address",
                    "phone",
                    "fax",
                    "email",
                    "copyright_note",
                ]
            },
        ),
        (_("Introduction"), {"fields": ["introduction"]}),
        (
            _("In English"),
            {"fields": ["english_name", "english_functions", "english_address"]},
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    @admin.display(description=_("required facts"))
    def legal_status(self, obj):
        missing = obj.missing_legal_fields() if obj else []
        if not missing:
            return format_html(
                '<strong class="legal-ok">{}</strong>', _("All present.")
            )
        return format_html(
            '<strong class="legal-missing">{}</strong><ul>{}</ul>',
            _("Still empty, the law requires them on every page:"),
            format_html_join("", "<li>{}</li>", ((str(name),) for name in missing)),
        )

    def get_inlines(self, request, obj):
        # Settings of other apps kept with the profile (the visitor counter's).
        return list(registry.profile_inlines)

    def has_add_permission(self, request):
        return not SiteProfile.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        profile = SiteProfile.objects.current()
        return redirect(reverse("admin:portal_siteprofile_change", args=[profile.pk]))


class MenuChildInline(admin.TabularInline):
    model = MenuItem
    fk_name = "parent"
    extra = 0
    fields = ["title", "url", "order", "is_active"]
    verbose_name = _("sub-item")
    verbose_name_plural = _("sub-items")


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "parent", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", ("parent", admin.EmptyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["title", "url"]
    inlines = [MenuChildInline]


@admin.register(WebsiteLink)
class WebsiteLinkAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "url", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "url"]


class StaffUserAdmin(UserAdmin):
    """User admin for the Quản trị group: manages accounts and roles, never powers.

    Nobody climbs through this page (``portal.roles``): only a superuser grants
    superuser status or individual permissions, or edits a superuser's account;
    a user may grant only the newsroom roles at or below their own (Quản trị only
    through a superuser), never changes their own groups or powers, and may not
    edit, reset the password of or delete a user holding a group they could not
    have granted. The checks are the admin's own permission hooks, so the change
    form, the password form, deletion and the bulk delete all follow them.
    """

    SELF_READONLY = [
        "groups",
        "is_staff",
        "is_active",
        "is_superuser",
        "user_permissions",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Joined and last-login dates are typed too: the site's years only.
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            formfield.validators.append(validate_moment)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(
                name__in=roles.grantable(request.user)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += [name for name in self.SELF_READONLY if name not in fields]
        elif not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed
        return (
            allowed
            and obj.pk != request.user.pk
            and roles.may_manage(request.user, obj)
        )

    def get_deleted_objects(self, objs, request):
        # The bulk "delete selected" action checks permissions per model only.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for user in objs:
            if not self.has_delete_permission(request, user):
                perms_needed.add(str(user))
        return deleted, counts, perms_needed, protected


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
