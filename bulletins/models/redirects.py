"""Old addresses that keep working: an article's earlier slugs, and the pages of
the old (Joomla) site."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.dates import range_constraints


class SlugRedirect(models.Model):
    """An old article address that now redirects (301) to the article."""

    old_slug = models.SlugField(_("old slug"), max_length=200, unique=True)
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
        constraints = range_constraints("created_at")

    def __str__(self):
        return self.old_slug


class LegacyRedirect(models.Model):
    """An address of the old (Joomla) site that now redirects (301) here.

    ``old_path`` is normalised by ``bulletins.legacy.normalise_old_path``: the path,
    plus for ``index.php?...`` only the query parameters that identify the page.
    """

    old_path = models.CharField(_("old address"), max_length=500, unique=True)
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old site address")
        verbose_name_plural = _("old site addresses")
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(article__isnull=False, category__isnull=True)
                | models.Q(article__isnull=True, category__isnull=False),
                name="legacy_redirect_one_target",
            ),
            *range_constraints("created_at"),
        ]

    def __str__(self):
        return self.old_path

    def target_url(self):
        """Where to send readers, or None while the target is not public."""
        if self.article_id:
            article = self.article
            return article.get_absolute_url() if article.is_published() else None
        return self.category.get_absolute_url() if self.category.is_active else None
