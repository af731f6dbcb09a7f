"""The committees one installation serves, and who works on which.

A ``Site`` is one Party committee's website: its own host name
(``dangbo-skhcn.example.gov.vn``) or path prefix (``/dang-bo/so-khcn/``), its own
profile, menu, links, categories, articles, pages, polls, congress section and
counter. Every content row belongs to exactly one site (``SiteOwned``); slugs are
unique per site, not across the installation.

The first site is made by a migration from the existing site profile, so a
single-site installation upgrades into "the first site" and goes on exactly as
before: it is the default site, answered on any host.

``SiteMembership`` says which roles (``portal.roles``) a user holds on which site;
the admin shows a user only the rows of the sites where they hold a role
(``portal.site_admin``). Network administrators (superusers, or holders of
``portal.manage_sites``) see and create every site.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import get_script_prefix
from django.utils.translation import gettext_lazy as _

from . import roles
from .current_site import get_current_site
from .dates import range_constraints

SITES_CACHE_KEY = "portal:sites:v1"
# Every request reads the sites; each process keeps them this long (a new or
# changed site reaches the other processes within it; this process at once).
SITES_MEMO_SECONDS = 5
_memo = {"sites": None, "until": 0.0}
PREFIX_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")
HOST_RE = re.compile(
    r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$"
)
DEFAULT_SITE_NAME = "Cổng thông tin"


class SiteQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def cached(self):
        """Every active site (cached in the shared cache, and for a few seconds
        in the process; dropped when a site is saved or deleted)."""
        now = time.monotonic()
        if _memo["sites"] is not None and now < _memo["until"]:
            return _memo["sites"]
        sites = cache.get(SITES_CACHE_KEY)
        if sites is None:
            sites = list(self.active().order_by("pk"))
            cache.set(SITES_CACHE_KEY, sites, 3600)
        _memo.update(sites=sites, until=now + SITES_MEMO_SECONDS)
        return sites


class Site(models.Model):
    """One committee's website on this installation."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        max_length=100,
        unique=True,
        help_text=_("Used by commands such as import_joomla --site, e.g. so-khcn."),
    )
    domain = models.CharField(
        _("host name"),
        max_length=253,
        blank=True,
        help_text=_(
            "The site's own address without http://, e.g. dangbo-skhcn.example.gov.vn; "
            "leave empty when the site lives under a path prefix."
        ),
    )
    path_prefix = models.CharField(
        _("path prefix"),
        max_length=200,
        blank=True,
        help_text=_("E.g. dang-bo/so-khcn for pages under /dang-bo/so-khcn/."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The bloc or provincial committee that shows this site's news."),
    )
    is_default = models.BooleanField(
        _("answers unknown addresses"),
        default=False,
        help_text=_(
            "The site shown for a host name or path no site claims. With several "
            "sites and none of them default, such a request is answered 404."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["pk"]
        permissions = [("manage_sites", _("Can create and manage every site"))]
        constraints = [
            # One site per address; sites with neither are reached only as the
            # default site (or not at all).
            models.UniqueConstraint(
                fields=["domain", "path_prefix"],
                condition=~models.Q(domain="", path_prefix=""),
                name="site_address_unique",
            ),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="site_one_default",
            ),
            *range_constraints("created_at"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.domain = (self.domain or "").strip().lower().rstrip(".")
        self.path_prefix = (self.path_prefix or "").strip().strip("/").lower()
        super().save(*args, **kwargs)
        _forget_sites()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_sites()
        return result

    def clean(self):
        self.domain = (self.domain or "").strip().lower().rstrip(".")
        self.path_prefix = (self.path_prefix or "").strip().strip("/").lower()
        if self.domain and not HOST_RE.match(self.domain):
            raise ValidationError({"domain": _("Enter a host name such as dang.vn.")})
        if self.path_prefix and not PREFIX_RE.match(self.path_prefix):
            raise ValidationError(
                {"path_prefix": _("Use lower-case letters, digits, - and /.")}
            )
        if self.path_prefix.split("/")[0] in RESERVED_PREFIXES:
            raise ValidationError(
                {"path_prefix": _("This path is used by the installation itself.")}
            )

    def url_for(self, path):
        """The address of ``path`` (as ``reverse()`` gives it on the current site)
        on this site: with its prefix, and its host when it has one."""
        bare = "/" + path.removeprefix(get_script_prefix()).lstrip("/")
        prefix = f"/{self.path_prefix}" if self.path_prefix else ""
        host = f"//{self.domain}" if self.domain else ""
        return f"{host}{prefix}{bare}"

    @property
    def script_prefix(self):
        """What ``reverse()`` puts before every path of this site."""
        return f"/{self.path_prefix}/" if self.path_prefix else "/"


# First path segments a site may not claim: the admin, static and media files.
RESERVED_PREFIXES = {
    settings.ADMIN_PATH.strip("/"),
    settings.STATIC_URL.strip("/").split("/")[0],
    settings.MEDIA_URL.strip("/").split("/")[0],
    "healthz",
}


def forget_sites():
    """Read the sites again (after a change; tests after emptying the tables)."""
    _memo["sites"] = None
    cache.delete(SITES_CACHE_KEY)


def _forget_sites():
    forget_sites()
    transaction.on_commit(forget_sites)


def default_site_id():
    """The site a new row belongs to when nobody chose one: the current site, else
    the first site (made here when the installation has none yet)."""
    site = get_current_site()
    if site is not None:
        return site.pk
    pk = Site.objects.order_by("pk").values_list("pk", flat=True).first()
    if pk is None:
        pk = Site.objects.create(
            name=DEFAULT_SITE_NAME, slug="chinh", is_default=True
        ).pk
    return pk


class SiteScopedQuerySet(models.QuerySet):
    """``for_site(site)``: the rows of one site (the current one by default)."""

    def for_site(self, site=None):
        site = site if site is not None else get_current_site()
        if site is None:
            return self
        return self.filter(site=site)


class SiteOwned(models.Model):
    """A row that belongs to one committee's site."""

    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        default=default_site_id,
        related_name="+",
    )

    class Meta:
        abstract = True


class SiteMembership(models.Model):
    """A role a user holds on one site."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="site_memberships",
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=40, choices=[(role, role) for role in roles.ROLES]
    )

    class Meta:
        verbose_name = _("site role")
        verbose_name_plural = _("site roles")
        ordering = ["site", "user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "site", "role"], name="sitemembership_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.site}"


def is_network_admin(user):
    """The IT centre: sees, creates and manages every site."""
    return bool(
        user is not None
        and user.is_active
        and (user.is_superuser or user.has_perm("portal.manage_sites"))
    )


def user_site_ids(user):
    """The ids of the sites ``user`` works on, or ``None`` for every site (a
    network administrator)."""
    if is_network_admin(user):
        return None
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_site_ids", None)
    if cached is None:
        cached = sorted(
            set(
                SiteMembership.objects.filter(user=user).values_list(
                    "site_id", flat=True
                )
            )
        )
        user._site_ids = cached
    return cached
