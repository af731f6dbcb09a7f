"""The admin works on one site at a time: the *editing site*.

A staff user works on the sites where they hold a role (``SiteMembership``); a
network administrator (superuser, or ``portal.manage_sites``) on every site. The
editing site is the one they chose with the switcher in the admin header (kept in
the session), else the site of the host they came in on when they work there,
else their first site. Every admin view runs with it active
(``PortalAdminSite.admin_view``), so:

- each list, form, history, action, export and import of a model that belongs to
  a site (its own ``site``, or its parent's: a choice through its poll, a file
  through its document) holds the editing site's rows only; another site's row is
  "not found" by every admin URL, and a forged POST changes nothing
  (``SiteScopedAdmin``, applied by ``PortalAdminSite.register`` to every model
  admin, so an app's admin needs nothing of its own);
- the ``site`` of a new or changed row is the editing site: the form carries it
  as a hidden, disabled field (never read from the POST, so the per-site unique
  constraints are checked on the form), and ``save_model`` sets it again;
- choices of related rows (category, tags, congress, document...) are the
  editing site's;
- permissions come from the roles the user holds on the current site
  (``SiteRoleBackend``): Phóng viên on one site and Quản trị on another is a
  reporter on the first and an administrator on the second. A user with no
  membership at all keeps the permissions of their groups (an installation
  with one site, before anyone used memberships).

Before sites, a single-site installation's staff held roles through groups; the
migration made them members of the first site, and a staff user without any
membership is taken as working on the only site while there is only one.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import ForeignKey, ManyToManyField, OneToOneField
from django.forms import HiddenInput
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import roles
from .current_site import current_site_id, get_current_site
from .site_models import Site, SiteMembership, is_network_admin

SESSION_KEY = "portal_editing_site"


# Which sites, which site -----------------------------------------------------


def user_sites(user):
    """The active sites ``user`` works on, in order."""
    sites = Site.objects.cached()
    if is_network_admin(user):
        return sites
    if user is None or not user.is_authenticated or not user.is_staff:
        return []
    ids = set(_membership_ids(user))
    if not ids and len(sites) == 1 and not SiteMembership.objects.filter(user=user):
        return sites  # one site, staff from before memberships
    return [site for site in sites if site.pk in ids]


def _membership_ids(user):
    cached = getattr(user, "_membership_site_ids", None)
    if cached is None:
        cached = set(
            SiteMembership.objects.filter(user=user).values_list("site_id", flat=True)
        )
        user._membership_site_ids = cached
    return cached


def editing_site(request):
    """The site the admin works on for this request, or None (no site of theirs)."""
    sites = user_sites(getattr(request, "user", None))
    if not sites:
        return None
    by_id = {site.pk: site for site in sites}
    chosen = getattr(request, "session", {}).get(SESSION_KEY)
    if chosen in by_id:
        return by_id[chosen]
    host_site = getattr(request, "site", None)
    if host_site is not None and host_site.pk in by_id:
        return by_id[host_site.pk]
    return sites[0]


def staff_site(request):
    """The site a staff request outside the admin's own views works for (the
    editor's image upload, editor images): the editing site for staff, else the
    request's own site."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return editing_site(request)
    return getattr(request, "site", None)


def choose_site(request, site_id):
    """Make ``site_id`` the editing site (only one of the user's sites)."""
    if any(site.pk == site_id for site in user_sites(request.user)):
        request.session[SESSION_KEY] = site_id
        return True
    return False


@require_POST
def choose_site_view(request):
    """The header's switcher: work on another of one's sites."""
    try:
        site_id = int(request.POST.get("site", ""))
    except ValueError:
        return HttpResponseBadRequest("Trang web không hợp lệ.")
    if not choose_site(request, site_id):
        return HttpResponseBadRequest("Bạn không có vai trò nào trên trang web này.")
    target = request.POST.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return HttpResponseRedirect(target)


# Permissions by the roles held on the current site ------------------------


class SiteRoleBackend(ModelBackend):
    """ModelBackend whose group permissions are those of the roles the user holds
    on the current site (plus their groups that are not roles)."""

    def _site_roles(self, user_obj):
        memberships = getattr(user_obj, "_site_roles_cache", None)
        if memberships is None:
            memberships = {}
            for site_id, role in SiteMembership.objects.filter(
                user=user_obj
            ).values_list("site_id", "role"):
                memberships.setdefault(site_id, set()).add(role)
            user_obj._site_roles_cache = memberships
        return memberships

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        memberships = self._site_roles(user_obj)
        if not memberships:
            return super().get_group_permissions(user_obj, obj)
        key = current_site_id()
        cache = user_obj.__dict__.setdefault("_site_group_perm_cache", {})
        if key not in cache:
            held = memberships.get(key, set())
            groups = [
                *Group.objects.filter(user=user_obj)
                .exclude(name__in=roles.ROLES)
                .values_list("pk", flat=True),
                *Group.objects.filter(name__in=held).values_list("pk", flat=True),
            ]
            cache[key] = {
                f"{app_label}.{codename}"
                for app_label, codename in Permission.objects.filter(group__in=groups)
                .values_list("content_type__app_label", "codename")
                .distinct()
            }
        return cache[key]

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        key = current_site_id()
        cache = user_obj.__dict__.setdefault("_site_all_perm_cache", {})
        if key not in cache:
            cache[key] = {
                *self.get_user_permissions(user_obj),
                *self.get_group_permissions(user_obj),
            }
        return cache[key]


# The admin ------------------------------------------------------------------


def site_path(model, depth=2):
    """The lookup from ``model`` to its site (``"site"``, ``"poll__site"``), or
    None when it belongs to no site."""
    if model is Site:
        return None
    names = {f.name: f for f in model._meta.get_fields()}
    field = names.get("site")
    if isinstance(field, ForeignKey | OneToOneField) and field.related_model is Site:
        return "site"
    if depth == 0:
        return None
    for field in model._meta.fields:
        if isinstance(field, ForeignKey) and field.related_model is not model:
            found = site_path(field.related_model, depth - 1)
            if found:
                return f"{field.name}__{found}"
    return None


class SiteScopedAdmin:
    """Mixed into every model admin of a model that belongs to a site."""

    site_lookup = None  # set by PortalAdminSite.register

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        site = get_current_site()
        if site is None:
            return queryset.none()
        return queryset.filter(**{self.site_lookup: site})

    def _owns_site(self):
        return self.site_lookup == "site"

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self._owns_site() and "site" not in fields and not self.fieldsets:
            fields.insert(0, "site")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._owns_site() or not self.fieldsets:
            return fieldsets
        present = {
            name
            for _title, options in fieldsets
            for line in options.get("fields", ())
            for name in (line if isinstance(line, list | tuple) else (line,))
        }
        if "site" in present:
            return fieldsets
        return [(None, {"fields": ["site"]}), *fieldsets]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [name for name in fields if name != "site"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limit = _site_choices(db_field)
        if limit is not None:
            kwargs["queryset"] = limit
        if db_field.name == "site" and db_field.related_model is Site:
            # Not editable and not read from the POST: always the editing site
            # (or the row's own), yet on the form so its constraints are checked.
            kwargs["widget"] = HiddenInput
            kwargs["initial"] = current_site_id()
            kwargs["disabled"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        limit = _site_choices(db_field)
        if limit is not None:
            kwargs["queryset"] = limit
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if self._owns_site() and get_current_site() is not None:
            obj.site = get_current_site()
        super().save_model(request, obj, form, change)


def for_current_site(queryset):
    """``queryset`` cut to the current site's rows when its model belongs to a
    site (imports look rows up by slug: another site's row is never updated)."""
    lookup = site_path(queryset.model)
    site = get_current_site()
    if lookup is None or site is None:
        return queryset
    return queryset.filter(**{lookup: site})


def _site_choices(db_field):
    """The rows of the editing site a relation may choose from, or None."""
    if not isinstance(db_field, ForeignKey | ManyToManyField):
        return None
    related = db_field.related_model
    site = get_current_site()
    if related is Site:
        return Site.objects.filter(pk=site.pk) if site else Site.objects.none()
    lookup = site_path(related)
    if lookup is None:
        return None
    queryset = related._default_manager.all()
    if site is None:
        return queryset.none()
    return queryset.filter(**{lookup: site})


def scoped_admin_class(model, admin_class):
    """``admin_class`` scoped to the editing site when ``model`` belongs to one."""
    lookup = site_path(model)
    if lookup is None:
        return admin_class
    return type(
        admin_class.__name__,
        (SiteScopedAdmin, admin_class),
        {"site_lookup": lookup, "__module__": admin_class.__module__},
    )
