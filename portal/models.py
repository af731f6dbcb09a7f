import re

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .current_site import current_site_id
from .dates import range_constraints
from .site_models import (  # noqa: F401 (models of this app)
    Site,
    SiteMembership,
    SiteOwned,
    SiteScopedQuerySet,
    default_site_id,
)
from .text import nfc_fields
from .uploads import UploadTo
from .validators import validate_image_upload

PROFILE_CACHE_KEY = "portal:profile:v2"
MENU_CACHE_KEY = "portal:menu:v2"
LINKS_CACHE_KEY = "portal:links:v2"


def site_key(key, site_id=None):
    """A chrome cache key of one site (the current one by default)."""
    return f"{key}:{site_id or current_site_id() or default_site_id()}"


# "Giấy phép số 12/GP-TTĐT…" typed into the licence field: the pages already say
# "Giấy phép số:" before it, so the label is not kept with the number.
_LICENCE_LABEL_RE = re.compile(r"^\s*giấy\s+phép(?:\s+số)?\s*[:：.]?\s*", re.IGNORECASE)


def licence_number(value):
    """The licence field without a leading "Giấy phép số" label."""
    return _LICENCE_LABEL_RE.sub("", value or "", count=1).strip()


class SiteProfileQuerySet(models.QuerySet):
    def current(self):
        """The current site's profile row, created empty on first use."""
        site_id = current_site_id() or default_site_id()
        key = site_key(PROFILE_CACHE_KEY, site_id)
        profile = cache.get(key)
        if profile is None:
            profile, _created = self.get_or_create(site_id=site_id)
            cache.set(key, profile, 3600)
        return profile


class SiteProfile(models.Model):
    """Who runs the site and the facts a Vietnamese state website must show."""

    # Fields the law requires on every page footer (Nghị định 42/2022/NĐ-CP).
    LEGAL_FIELDS = (
        "managing_agency",
        "editor_in_chief",
        "licence",
        "address",
        "phone",
        "fax",
        "email",
    )

    site = models.OneToOneField(
        Site,
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        default=default_site_id,
        related_name="profile",
    )
    site_name = models.CharField(
        _("site name"), max_length=200, default="Cổng thông tin"
    )
    agency_line_1 = models.CharField(
        _("agency name, first line"),
        max_length=200,
        blank=True,
        help_text=_("Shown in capitals in the header, e.g. the department's name."),
    )
    agency_line_2 = models.CharField(
        _("agency name, second line"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the province."),
    )
    party_committee = models.CharField(_("party committee"), max_length=200, blank=True)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=UploadTo("site"),
        blank=True,
        validators=[validate_image_upload],
        width_field="logo_width",
        height_field="logo_height",
        help_text=_("Square, shown 64 pixels wide; a PNG may be transparent."),
    )
    logo_width = models.PositiveIntegerField(
        _("logo width"), null=True, blank=True, editable=False
    )
    logo_height = models.PositiveIntegerField(
        _("logo height"), null=True, blank=True, editable=False
    )
    logo_alt = models.CharField(_("logo text alternative"), max_length=200, blank=True)
    banner = models.ImageField(
        _("banner"),
        upload_to=UploadTo("site"),
        blank=True,
        validators=[validate_image_upload],
        width_field="banner_width",
        height_field="banner_height",
        help_text=_(
            "A wide picture behind the site's name (about 8 times as wide as it is "
            "high, at least 1600 pixels wide); keep its left part calm and dark."
        ),
    )
    banner_width = models.PositiveIntegerField(
        _("banner width"), null=True, blank=True, editable=False
    )
    banner_height = models.PositiveIntegerField(
        _("banner height"), null=True, blank=True, editable=False
    )
    managing_agency = models.CharField(_("managing agency"), max_length=300, blank=True)
    editor_in_chief = models.CharField(
        _("head of the editorial board"), max_length=200, blank=True
    )
    licence = models.CharField(
        _("licence number"),
        max_length=300,
        blank=True,
        help_text=_(
            "The number and who issued it, e.g. 12/GP-TTĐT do Sở Thông tin và "
            "Truyền thông cấp ngày 15/03/2024; the pages write “Giấy phép số” before it."
        ),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Functions and duties, shown on the contact page."),
    )
    english_name = models.CharField(_("name in English"), max_length=300, blank=True)
    english_functions = models.TextField(_("functions in English"), blank=True)
    english_address = models.CharField(
        _("address in English"), max_length=300, blank=True
    )
    copyright_note = models.CharField(_("copyright note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SiteProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("site profile")
        verbose_name_plural = _("site profile")
        ordering = ["pk"]
        constraints = range_constraints("updated_at")

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        nfc_fields(self)
        self.licence = licence_number(self.licence)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:contact")

    def missing_legal_fields(self):
        """Verbose names of the legally required facts that are still empty."""
        return [
            self._meta.get_field(name).verbose_name
            for name in self.LEGAL_FIELDS
            if not getattr(self, name)
        ]


class MenuItemQuerySet(SiteScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def tree(self):
        """Top-level active items with their active children and the rows they
        point at, in order (cached; dropped when an item or a target changes)."""
        key = site_key(MENU_CACHE_KEY)
        items = cache.get(key)
        if items is None:
            items = list(
                self.active()
                .for_site()
                .filter(parent__isnull=True)
                .prefetch_related(
                    "target",
                    models.Prefetch(
                        "children",
                        queryset=MenuItem.objects.active()
                        .order_by("order", "pk")
                        .prefetch_related("target"),
                        to_attr="active_children",
                    ),
                )
                .order_by("order", "pk")
            )
            cache.set(key, items, 3600)
        return items

    def shown(self, now=None):
        """``tree()`` without the items whose page is not published (yet), each
        with ``shown_children``: what the menu shows at ``now``."""
        now = now or timezone.now()
        shown = []
        for item in self.tree():
            if not item.is_shown(now):
                continue
            item.shown_children = [
                child for child in item.active_children if child.is_shown(now)
            ]
            shown.append(item)
        return shown


class MenuItem(SiteOwned):
    """An entry of the main menu; one level of nesting.

    It points at a page of the site chosen in the admin (any model an app declared
    with ``registry.menu_target``: it follows the page's address and shows while
    the page is published), or at an address typed in.
    """

    title = models.CharField(_("title"), max_length=120)
    url = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_(
            "A path on this site such as /chuyen-muc/tin-tuc/, or a full address; "
            "leave empty when the item points at a page."
        ),
    )
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of page"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("page id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    objects = MenuItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("menu item")
        verbose_name_plural = _("main menu")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_type__isnull=True, target_id__isnull=True)
                | models.Q(target_type__isnull=False, target_id__isnull=False),
                name="menuitem_target_whole",
            )
        ]

    def __str__(self):
        return f"{self.parent.title} › {self.title}" if self.parent_id else self.title

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)

    @property
    def link(self):
        """Where the item leads: the page's address, or the address typed in."""
        if self.target_type_id:
            target = self.target
            return target.get_absolute_url() if target is not None else ""
        return self.url

    def is_shown(self, now=None):
        """False while the page the item points at is missing or not published."""
        if not self.target_type_id:
            return True
        target = self.target
        if target is None:
            return False
        is_published = getattr(target, "is_published", None)
        return is_published(now) if is_published else True

    def clean(self):
        url = (self.url or "").strip()
        if self.target_type_id:
            if url:
                raise ValidationError(
                    {"url": _("Choose a page or type an address, not both.")}
                )
        elif not (url.startswith("/") or url.startswith(("http://", "https://"))):
            raise ValidationError(
                {
                    "url": _(
                        "Choose a page, or enter a path starting with / or an "
                        "http(s):// address."
                    )
                }
            )
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError(
                    {"parent": _("An item cannot be its own parent.")}
                )
            if self.parent.parent_id:
                raise ValidationError({"parent": _("The menu has only two levels.")})
            if self.pk and self.children.exists():
                raise ValidationError(
                    {
                        "parent": _(
                            "This item has sub-items, so it must stay at the top."
                        )
                    }
                )


class WebsiteLinkQuerySet(SiteScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def cached(self):
        key = site_key(LINKS_CACHE_KEY)
        links = cache.get(key)
        if links is None:
            links = list(self.active().for_site().order_by("order", "pk"))
            cache.set(key, links, 3600)
        return links


class WebsiteLink(SiteOwned):
    """An entry of the "Liên kết website" block."""

    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    objects = WebsiteLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("website link")
        verbose_name_plural = _("website links")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.url
