"""Static pages: Giới thiệu, Lịch sử Đảng bộ, Chức năng nhiệm vụ, Đảng bộ cấp trên
cơ sở... Edited in the admin like articles, with the same workflow (submit, review,
publish: bulletins/services.py), revisions and preview; placed in the menu by a
menu item that points at the page (``registry.menu_target``).

A page follows the site's publication rule (``portal.publishing``): a reader sees
it once it is published and its time has come. Pages may sit under a parent page
(one level, like the menu); the address is ``/trang/<slug>/`` whatever the parent,
so moving a page in the tree never breaks a link.
"""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field

from portal.dates import range_constraints, validate_moment
from portal.publishing import Publication, Publishable, PublishedQuerySet
from portal.sanitize import clean_html, plain_text
from portal.site_models import SiteOwned
from portal.text import fold, nfc_fields, unique_slug

from .articles import Article


class PageQuerySet(PublishedQuerySet):
    pass


class Page(Publishable, SiteOwned):
    """A static page of the site."""

    Status = Article.Status

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        blank=True,
        help_text=_("Made from the title when left empty; the page's address."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("The short summary."))
    body = CKEditor5Field(_("body"), blank=True, config_name="default")
    meta_description = models.CharField(
        _("description for search engines"),
        max_length=300,
        blank=True,
        help_text=_("Shown by search engines and share cards; the lead when empty."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Article.Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"), default=timezone.now, validators=[validate_moment]
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    legacy_id = models.PositiveIntegerField(
        _("id on the old site"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    publication = Publication("published_at", when={"status": "published"})

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["order", "title"]
        # The articles' workflow, for pages (bulletins/services.py).
        permissions = [
            ("submit_page", _("Can submit pages for review")),
            ("review_page", _("Can review pages: send back or approve")),
            ("publish_page", _("Can publish, schedule and withdraw pages")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="page_not_own_parent",
            ),
            models.UniqueConstraint(
                fields=["site", "slug"], name="page_site_slug_unique"
            ),
            models.UniqueConstraint(
                fields=["site", "legacy_id"], name="page_site_legacy_unique"
            ),
            *range_constraints("published_at", "created_at", "updated_at"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("bulletins:page", kwargs={"slug": self.slug})

    def fill_derived_fields(self):
        """What every save fills in (see ``Article.fill_derived_fields``)."""
        nfc_fields(self)
        self.body = clean_html(self.body)
        self.search_text = fold(
            " ".join([self.title or "", self.lead or "", plain_text(self.body)])
        )
        if not self.slug:
            self.slug = unique_slug(self, self.title)

    def get_preview_url(self):
        return f"{self.get_absolute_url()}?preview=1"

    def clean(self):
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                raise ValidationError({"parent": _("A page cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Pages have only two levels.")})

    def share_data(self):
        """What the page's share card says (portal's ``share_card`` tag)."""
        return {
            "title": self.title,
            "description": self.meta_description or self.lead or self.title,
            "url": self.get_absolute_url(),
            "modified": self.updated_at,
        }


reversion.register(Page)
