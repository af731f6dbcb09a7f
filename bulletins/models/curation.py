"""Home page curation: articles pinned to "Tin nổi bật", in an order set by hand,
each until an optional time.

The block shows the pinned articles first (by ``order``, then newest), then the
latest articles flagged "featured" to fill it. A pin past its ``expires_at``
counts no more, and the cached home page never outlives that time (the field is
declared in the page cache's schedule, bulletins/apps.py). Pinning is the head of
the board's call, like the featured flag.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dates import range_constraints, validate_moment


class HomePinQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def active_pin(now, prefix="home_pin__"):
    """The lookup "has a pin still in force", from the article's side."""
    return Q(**{f"{prefix}isnull": False}) & (
        Q(**{f"{prefix}expires_at__isnull": True})
        | Q(**{f"{prefix}expires_at__gt": now})
    )


class HomePin(models.Model):
    article = models.OneToOneField(
        "bulletins.Article",
        verbose_name=_("article"),
        related_name="home_pin",
        on_delete=models.CASCADE,
    )
    order = models.PositiveIntegerField(
        _("place in the block"),
        default=0,
        help_text=_("1 is shown first; equal places show the newest first."),
    )
    expires_at = models.DateTimeField(
        _("pinned until"),
        null=True,
        blank=True,
        validators=[validate_moment],
        help_text=_("Empty: until it is unpinned."),
    )

    objects = HomePinQuerySet.as_manager()

    class Meta:
        verbose_name = _("pinned article")
        verbose_name_plural = _("home page: pinned articles")
        ordering = ["order", "-article__published_at"]
        constraints = range_constraints("expires_at")

    def __str__(self):
        return str(self.article)
