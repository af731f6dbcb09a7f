from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import members, registry, roles
from .admin_i18n import PermissionsField, permission_label
from .current_site import get_current_site
from .dates import validate_moment
from .members_admin import AddMemberMixin
from .models import MenuItem, Site, SiteMembership, SiteProfile, WebsiteLink
from .publishing import has_site
from .site_models import is_network_admin


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
        site = get_current_site()
        exists = SiteProfile.objects.filter(site=site).exists()
        return site is not None and not exists and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        profile = SiteProfile.objects.current()
        return redirect(reverse("admin:portal_siteprofile_change", args=[profile.pk]))


def _of_site(target):
    """The rows a menu item may point at: the editing site's (a forged id of
    another site's page is not among the choices, so the form refuses it)."""
    rows = target.choices()
    site = get_current_site()
    if site is not None and has_site(target.model):
        rows = rows.filter(site=site)
    return rows


def _target_choices():
    """The pages a menu item may point at, grouped by kind ("Trang": ...)."""
    choices = [("", "—")]
    for target in registry.menu_targets.values():
        content_type = ContentType.objects.get_for_model(target.model)
        choices.append(
            (
                target.label,
                [(f"{content_type.pk}:{row.pk}", str(row)) for row in _of_site(target)],
            )
        )
    return choices


class MenuItemForm(forms.ModelForm):
    """The item's page is chosen from a list (``registry.menu_target``); the
    address field is for everything else."""

    page = forms.ChoiceField(
        label=_("page"),
        required=False,
        help_text=_(
            "The item follows the page's address and shows while it is published."
        ),
    )

    class Meta:
        model = MenuItem
        fields = ["title", "page", "url", "parent", "order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].choices = _target_choices()
        if self.instance.target_type_id:
            self.initial["page"] = (
                f"{self.instance.target_type_id}:{self.instance.target_id}"
            )

    def clean_page(self):
        value = self.cleaned_data.get("page") or ""
        self.instance.target_type = None
        self.instance.target_id = None
        if value:
            type_pk, _sep, row_pk = value.partition(":")
            content_type = ContentType.objects.get_for_id(int(type_pk))
            self.instance.target_type = content_type
            self.instance.target_id = int(row_pk)
        return value


class MenuChildInline(admin.TabularInline):
    model = MenuItem
    form = MenuItemForm
    fk_name = "parent"
    extra = 0
    fields = ["title", "page", "url", "order", "is_active"]
    verbose_name = _("sub-item")
    verbose_name_plural = _("sub-items")


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    form = MenuItemForm
    list_display = ["title", "destination", "parent", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", ("parent", admin.EmptyFieldListFilter)]
    list_select_related = ["parent", "target_type"]
    search_fields = ["title", "url"]
    inlines = [MenuChildInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description=_("leads to"))
    def destination(self, obj):
        if obj.target_type_id:
            target = obj.target
            if target is None:
                return _("(the page was deleted)")
            return format_html("{} <code>{}</code>", target, obj.link)
        return obj.url


@admin.register(WebsiteLink)
class WebsiteLinkAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "url", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "url"]


class StaffUserAdmin(AddMemberMixin, UserAdmin):
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
        if db_field.name == "user_permissions":
            kwargs["form_class"] = PermissionsField  # Vietnamese names
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
        queryset = queryset.filter(is_superuser=False)
        if is_network_admin(request.user):
            return queryset
        # The editing site's staff, and accounts not yet given a role anywhere.
        site = get_current_site()
        return queryset.filter(
            models.Q(site_memberships__site=site)
            | models.Q(site_memberships__isnull=True)
        ).distinct()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        site = get_current_site()
        if obj is None or site is None or "groups" not in form.base_fields:
            return form
        # The roles shown are those held on the editing site.
        on_site = SiteMembership.objects.filter(user=obj, site=site)
        if not on_site.exists() and not SiteMembership.objects.filter(user=obj):
            return form  # no memberships yet: the groups are the roles
        shown = list(
            Group.objects.filter(
                models.Q(name__in=on_site.values("role"))
                | models.Q(user=obj) & ~models.Q(name__in=roles.ROLES)
            ).values_list("pk", flat=True)
        )

        class OnSiteForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial["groups"] = shown

        return OnSiteForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._roles_on_site(request, form)
        # A role makes a staff account (portal/members.py).
        members.member_staff_sync(user=form.instance)

    def _roles_on_site(self, request, form):
        """The roles ticked are the user's roles on the editing site; their groups
        are then the roles they hold on any site (portal/site_admin.py)."""
        user, site = form.instance, get_current_site()
        if site is None or user.pk == request.user.pk or "groups" not in form.fields:
            return
        ticked = set(
            user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True)
        )
        may = roles.grantable(request.user)
        held = set(
            SiteMembership.objects.filter(user=user, site=site).values_list(
                "role", flat=True
            )
        )
        SiteMembership.objects.bulk_create(
            [
                SiteMembership(user=user, site=site, role=role)
                for role in (ticked - held) & may
            ]
        )
        SiteMembership.objects.filter(
            user=user, site=site, role__in=(held - ticked) & may
        ).delete()
        everywhere = set(
            SiteMembership.objects.filter(user=user).values_list("role", flat=True)
        )
        user.groups.remove(
            *Group.objects.filter(name__in=set(roles.ROLES) - everywhere)
        )
        user.groups.add(*Group.objects.filter(name__in=everywhere))

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

    change_list_template = "admin/auth/user/staff_change_list.html"

    def get_deleted_objects(self, objs, request):
        # The bulk "delete selected" action checks permissions per model only.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for user in objs:
            if not self.has_delete_permission(request, user):
                perms_needed.add(str(user))
        return deleted, counts, perms_needed, protected


class RoleGroupAdmin(GroupAdmin):
    """Groups, with their permissions listed in Vietnamese (portal/admin_i18n.py),
    also on the read-only page administrators see."""

    readonly_fields = ["permission_labels"]

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return ["name", "permission_labels"]
        return ["name", "permissions"]

    @admin.display(description=_("permissions"))
    def permission_labels(self, obj):
        perms = obj.permissions.select_related("content_type")
        return format_html_join(
            "", "<div>{}</div>", ((permission_label(p),) for p in perms)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "permissions":
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)


class SiteMembershipInline(admin.TabularInline):
    model = SiteMembership
    extra = 1
    autocomplete_fields = ["user"]
    verbose_name = _("role on this site")
    verbose_name_plural = _("staff of this site")


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    """The sites of the installation: the network administrators' (the IT
    centre's) alone. They create a site together with its first Quản trị."""

    list_display = ["name", "slug", "domain", "path_prefix", "parent", "is_default"]
    list_filter = ["is_active", "is_default"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "domain", "path_prefix"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SiteMembershipInline]

    def has_module_permission(self, request):
        return is_network_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_network_admin(request.user)

    def has_add_permission(self, request):
        return is_network_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_network_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_network_admin(request.user)


@admin.register(SiteMembership)
class SiteMembershipAdmin(admin.ModelAdmin):
    """Who holds which role on the editing site (scoped like every site's rows)."""

    list_display = ["user", "role", "site"]
    list_filter = ["role"]
    list_select_related = ["user", "site"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            may = roles.grantable(request.user)
            kwargs["choices"] = [(r, r) for r in roles.ROLES if r in may]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _may_grant(self, request, obj):
        return obj is None or obj.role in roles.grantable(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._may_grant(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._may_grant(request, obj)
