"""News articles, their categories, tags and gallery photos."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field

from portal.dates import range_constraints, validate_moment
from portal.publishing import Publication, Publishable, PublishedQuerySet
from portal.sanitize import clean_html, plain_text
from portal.site_models import SiteOwned, SiteScopedQuerySet
from portal.text import fold, nfc_fields, unique_slug
from portal.uploads import UploadTo
from portal.validators import validate_image_upload

from .redirects import SlugRedirect


class LegacyKind(models.TextChoices):
    """Which table of the old (Joomla) site a row came from: its ids are only
    unique within one table, so a legacy id is always read with its kind."""

    CONTENT = "content", _("Joomla article or category")
    SECTION = "section", _("Joomla 1.5 section")
    K2 = "k2", _("K2 item or category")


class CategoryQuerySet(SiteScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Category(SiteOwned):
    """A "Chuyên mục": one level of nesting (a main category and its children)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)
    show_on_home = models.BooleanField(
        _("block on the home page"),
        default=False,
        help_text=_("Show a block of this category's latest news on the home page."),
    )
    legacy_kind = models.CharField(
        _("kind on the old site"),
        max_length=10,
        choices=LegacyKind,
        blank=True,
        editable=False,
    )
    legacy_id = models.PositiveIntegerField(
        _("id on the old site"), null=True, blank=True, editable=False
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]
        permissions = [
            ("import_category", _("Can import categories")),
            ("export_category", _("Can export categories")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="category_not_own_parent",
            ),
            models.UniqueConstraint(
                fields=["site", "legacy_kind", "legacy_id"],
                name="category_legacy_unique",
            ),
            models.UniqueConstraint(
                fields=["site", "slug"], name="category_site_slug_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        nfc_fields(self)
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("bulletins:category", kwargs={"slug": self.slug})

    def share_data(self):
        """What the page's share card says (portal's ``share_card`` tag)."""
        return {
            "title": self.name,
            "with_site_name": True,
            "description": self.description or self.name,
            "feed": reverse("bulletins:rss_category", kwargs={"slug": self.slug}),
        }

    def clean(self):
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                raise ValidationError(
                    {"parent": _("A category cannot be its own parent.")}
                )
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Categories have only two levels.")})
            if self.pk and self.children.exists():
                raise ValidationError(
                    {
                        "parent": _(
                            "This category has sub-categories, so it must stay at the top."
                        )
                    }
                )


class Tag(SiteOwned):
    """A keyword shared by articles; used for "Tin liên quan"."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="tag_site_slug_unique"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        nfc_fields(self)
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=120)
        super().save(*args, **kwargs)


class ArticleQuerySet(PublishedQuerySet):
    def for_list(self):
        """Only what list templates need, with the category in the same query."""
        return self.select_related("category").defer("body", "search_text")


class Article(Publishable, SiteOwned):
    """A news article ("tin bài")."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("awaiting review")
        APPROVED = "approved", _("approved / scheduled")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        blank=True,
        help_text=_(
            "Made from the title when left empty; it does not change when the title "
            "is edited. If you change it, the old address keeps working."
        ),
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("The short summary."))
    body = CKEditor5Field(_("body"), blank=True, config_name="default")
    meta_description = models.CharField(
        _("description for search engines"),
        max_length=300,
        blank=True,
        help_text=_("Shown by search engines and share cards; the lead when empty."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="articles"
    )
    authors = models.CharField(
        _("author(s)"), max_length=300, blank=True, help_text=_("E.g. Ngọc Triều")
    )
    photographer = models.CharField(
        _("photographer"),
        max_length=200,
        blank=True,
        help_text=_("Shown as “Ảnh …” in the byline."),
    )
    source_line = models.CharField(
        _("source"),
        max_length=400,
        blank=True,
        help_text=_("E.g. where the article was first printed."),
    )
    issue_label = models.CharField(
        _("issue label"), max_length=100, blank=True, help_text=_("E.g. số 2-2018")
    )
    featured_image = models.ImageField(
        _("featured photo"),
        upload_to=UploadTo("articles"),
        blank=True,
        validators=[validate_image_upload],
        width_field="featured_image_width",
        height_field="featured_image_height",
    )
    featured_image_width = models.PositiveIntegerField(
        _("photo width"), null=True, blank=True, editable=False
    )
    featured_image_height = models.PositiveIntegerField(
        _("photo height"), null=True, blank=True, editable=False
    )
    featured_image_alt = models.CharField(
        _("photo text alternative"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    featured_image_caption = models.CharField(
        _("photo caption"), max_length=500, blank=True
    )
    featured_image_credit = models.CharField(
        _("photo credit"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        validators=[validate_moment],
        help_text=_("May lie in the future: the article then appears by itself."),
    )
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    proposed_to_parent = models.BooleanField(
        _("proposed to the parent committee"),
        default=False,
        help_text=_(
            "Flag it for the parent committee's editors on their “Tin từ cơ sở” page."
        ),
    )
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    library_photo = models.ForeignKey(
        "bulletins.LibraryPhoto",
        verbose_name=_("photo from the library"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Choose a photo already in the library (search by caption): it becomes "
            "the featured photo, with its caption and credit."
        ),
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    legacy_kind = models.CharField(
        _("kind on the old site"),
        max_length=10,
        choices=LegacyKind,
        blank=True,
        editable=False,
    )
    legacy_id = models.PositiveIntegerField(
        _("id on the old site"), null=True, blank=True, editable=False
    )

    # A reader sees a published article once its time has come.
    publication = Publication("published_at", when={"status": "published"})
    # Columns changed only by atomic database updates, never written back by save().
    COUNTER_FIELDS = frozenset({"view_count"})

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        # Workflow rights (bulletins/services.py); groups get them in a migration.
        permissions = [
            ("submit_article", _("Can submit articles for review")),
            ("review_article", _("Can review articles: send back or approve")),
            ("publish_article", _("Can publish, schedule and withdraw articles")),
            ("import_article", _("Can import articles")),
            # Drafts leave the site in an export: the head of the board's call.
            ("export_article", _("Can export articles")),
        ]
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="article_status_pub_idx"
            ),
            # One committee's news among every site's (portal.current_site).
            models.Index(
                fields=["site", "status", "-published_at"],
                name="article_site_status_pub_idx",
            ),
            models.Index(
                fields=["category", "status", "-published_at"],
                name="article_cat_status_pub_idx",
            ),
            # "Tin nổi bật": a handful of rows, found without reading the table.
            models.Index(
                fields=["status", "-published_at"],
                condition=models.Q(is_featured=True),
                name="article_featured_pub_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "legacy_kind", "legacy_id"],
                name="article_legacy_unique",
            ),
            models.UniqueConstraint(
                fields=["site", "slug"], name="article_site_slug_unique"
            ),
            *range_constraints("published_at", "created_at", "updated_at"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if (
            self.pk
            and not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            # Page views are added to view_count with F() updates while an editor
            # has the article open: writing the number loaded with the form back
            # would undo them. Counts only ever change in the database.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in self.COUNTER_FIELDS
                and field.attname not in deferred
            ]
        with transaction.atomic():
            if self.pk:
                old_slug = (
                    type(self)
                    .objects.filter(pk=self.pk)
                    .values_list("slug", flat=True)
                    .first()
                )
            else:
                old_slug = None
            super().save(*args, **kwargs)
            if old_slug and old_slug != self.slug:
                # Keep the old address working (301) after staff change the slug.
                redirects = SlugRedirect.objects.filter(site_id=self.site_id)
                redirects.filter(old_slug=self.slug).delete()
                redirects.update_or_create(
                    old_slug=old_slug,
                    site_id=self.site_id,
                    defaults={"article": self},
                )

    def get_absolute_url(self):
        return reverse("bulletins:article", kwargs={"slug": self.slug})

    def fill_derived_fields(self):
        """NFC text, the sanitized body, the search text and a slug when empty:
        what every save does, also called by bulk writes (the Joomla import)."""
        nfc_fields(self)
        self.body = clean_html(self.body)
        self.search_text = fold(
            " ".join([self.title or "", self.lead or "", plain_text(self.body)])
        )
        if not self.slug:
            self.slug = unique_slug(self, self.title)

    def get_preview_url(self):
        return reverse("bulletins:article_preview", kwargs={"slug": self.slug})

    def share_data(self):
        """What the page's share card says (portal's ``share_card`` tag)."""
        return {
            "type": "article",
            "title": self.title,
            "description": self.meta_description or self.lead or self.title,
            "url": self.get_absolute_url(),
            "image": (self.featured_image, self.featured_image_alt or self.title),
            "published": self.published_at,
            "modified": self.updated_at,
            "section": self.category.name,
        }

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_published()

    def clean(self):
        if self.featured_image and not (self.featured_image_alt or "").strip():
            raise ValidationError(
                {
                    "featured_image_alt": _(
                        "Describe the featured photo for readers who cannot see it."
                    )
                }
            )


class ArticlePhoto(models.Model):
    """A photo of the article's gallery, shown under the body with its caption."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(
        _("photo"),
        upload_to=UploadTo("articles"),
        validators=[validate_image_upload],
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(
        _("width"), null=True, blank=True, editable=False
    )
    height = models.PositiveIntegerField(
        _("height"), null=True, blank=True, editable=False
    )
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.alt_text

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)


# Revisions (django-reversion): every admin save of an article keeps its text,
# fields and gallery photos; workflow steps and old addresses are not followed, so
# restoring an old revision never erases them.
reversion.register(ArticlePhoto)
reversion.register(Article, follow=["photos"])
