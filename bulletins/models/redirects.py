"""Old addresses that keep working: an article's earlier slugs, and the pages of
the old (Joomla) site; the runs of the Joomla import with their reports."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dates import range_constraints, validate_moment
from portal.site_models import SiteOwned, SiteScopedQuerySet

from ..joomla.urls_old import normalise_old_address


class SlugRedirect(SiteOwned):
    """An old article address that now redirects (301) to the article."""

    objects = SiteScopedQuerySet.as_manager()

    old_slug = models.SlugField(_("old slug"), max_length=200)
    article = models.ForeignKey(
        "bulletins.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="slug_redirects",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "old_slug"], name="slugredirect_site_unique"
            ),
            *range_constraints("created_at"),
        ]

    def __str__(self):
        return self.old_slug


def _exactly_one_target():
    targets = {
        "article": models.Q(article__isnull=False),
        "category": models.Q(category__isnull=False),
        "page": models.Q(page__isnull=False),
        "file": ~models.Q(file=""),
        "url": ~models.Q(url=""),
    }
    empty = {
        "article": models.Q(article__isnull=True),
        "category": models.Q(category__isnull=True),
        "page": models.Q(page__isnull=True),
        "file": models.Q(file=""),
        "url": models.Q(url=""),
    }
    condition = None
    for name, present in targets.items():
        one = present
        for other, absent in empty.items():
            if other != name:
                one &= absent
        condition = one if condition is None else condition | one
    return condition


class LegacyRedirect(SiteOwned):
    """An address of the old (Joomla) site that now redirects (301) here.

    ``old_path`` is a key made by ``bulletins.joomla.urls_old.legacy_keys``: the
    old address spelt one way (``/tin-tuc/co-so``, ``/images/van-ban/nq-05.pdf``),
    or, for everything that carries an id, Joomla's own query address of it
    (``/index.php?option=com_content&view=article&id=12``), which every old
    spelling with that id is looked up by. Exactly one target: an article (or a
    K2 item, imported as an article), a category, a page, a copied file, or a
    fixed address of this site (``/``, ``/lien-he/``).
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        K2_ITEM = "k2_item", _("K2 item")
        CATEGORY = "category", _("category")
        SECTION = "section", _("section (Joomla 1.5)")
        K2_CATEGORY = "k2_category", _("K2 category")
        PAGE = "page", _("page")
        MENU = "menu", _("menu item")
        FILE = "file", _("file")
        OTHER = "other", _("other")

    objects = SiteScopedQuerySet.as_manager()

    old_path = models.CharField(_("old address"), max_length=500)
    kind = models.CharField(
        _("kind of old address"),
        max_length=20,
        choices=Kind,
        default=Kind.OTHER,
        db_index=True,
    )
    article = models.ForeignKey(
        "bulletins.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legacy_redirects",
    )
    category = models.ForeignKey(
        "bulletins.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legacy_redirects",
    )
    page = models.ForeignKey(
        "bulletins.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legacy_redirects",
    )
    # The storage name of a file copied from the old site (not an upload).
    file = models.CharField(
        _("copied file"), max_length=300, blank=True, editable=False
    )
    url = models.CharField(
        _("address on this site"),
        max_length=500,
        blank=True,
        help_text=_("A fixed address of this site, starting with /, e.g. /lien-he/."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old site address")
        verbose_name_plural = _("old site addresses")
        ordering = ["old_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "old_path"], name="legacyredirect_site_unique"
            ),
            models.CheckConstraint(
                condition=_exactly_one_target(),
                name="legacy_redirect_one_target",
                violation_error_message=_(
                    "Choose exactly one target: an article, a category, a page, "
                    "a file or an address on this site."
                ),
            ),
            *range_constraints("created_at"),
        ]

    def __str__(self):
        return self.old_path

    def clean(self):
        key = normalise_old_address(self.old_path)
        if key is None:
            raise ValidationError({"old_path": _("Give an address of the old site.")})
        self.old_path = key
        if self.url and not (
            self.url.startswith("/") and not self.url.startswith("//")
        ):
            raise ValidationError(
                {"url": _("Give an address on this site, starting with one /.")}
            )

    def target_url(self):
        """Where to send readers, or None while the target is not public."""
        if self.article_id:
            article = self.article
            return article.get_absolute_url() if article.is_published() else None
        if self.page_id:
            page = self.page
            return page.get_absolute_url() if page.is_published() else None
        if self.category_id:
            category = self.category
            return category.get_absolute_url() if category.is_active else None
        if self.file:
            return default_storage.url(self.file)
        return self.url or None


class JoomlaImportRun(models.Model):
    """One run of ``manage.py import_joomla`` that wrote something, with its
    report, so staff can read in the admin what was imported and what was not."""

    started_at = models.DateTimeField(
        _("started at"), default=timezone.now, validators=[validate_moment]
    )
    backup = models.CharField(_("backup"), max_length=500)
    source = models.CharField(_("old site"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        verbose_name = _("Joomla import")
        verbose_name_plural = _("Joomla imports")
        ordering = ["-started_at"]
        constraints = range_constraints("started_at")

    def __str__(self):
        return f"{self.backup} ({self.started_at:%d/%m/%Y %H:%M})"
