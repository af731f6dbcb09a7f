"""The newsroom's record of every workflow step (bulletins.services), for articles
and for pages."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dates import range_constraints, validate_moment

from .articles import Article
from .pages import Page


class ArticleTransition(models.Model):
    """One move of an article through the workflow: who, when, from/to, why."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_state = models.CharField(
        _("from state"), max_length=20, choices=Article.Status
    )
    to_state = models.CharField(_("to state"), max_length=20, choices=Article.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(
        _("at"), default=timezone.now, db_index=True, validators=[validate_moment]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["-at", "-pk"]
        constraints = range_constraints("at")

    def __str__(self):
        return f"{self.article_id}: {self.from_state} → {self.to_state}"


class PageTransition(models.Model):
    """One move of a page through the workflow: who, when, from/to, why."""

    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_state = models.CharField(
        _("from state"), max_length=20, choices=Article.Status
    )
    to_state = models.CharField(_("to state"), max_length=20, choices=Article.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(
        _("at"), default=timezone.now, db_index=True, validators=[validate_moment]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("workflow step of a page")
        verbose_name_plural = _("workflow steps of pages")
        ordering = ["-at", "-pk"]
        constraints = range_constraints("at")

    def __str__(self):
        return f"{self.page_id}: {self.from_state} → {self.to_state}"
