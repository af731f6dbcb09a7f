"""Visitor counter storage: daily totals, visitors, counter settings."""

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.dates import range_constraints, validate_day
from portal.site_models import SiteOwned

# Page views counted straight into the database spread over this many rows per day,
# so concurrent requests do not queue on one hot row. Reads sum the shards.
SHARDS = 8


class DailyStat(SiteOwned):
    """Page views and visits of one site and day (local time), one of ``SHARDS``
    rows."""

    day = models.DateField(_("day"), db_index=True, validators=[validate_day])
    shard = models.PositiveSmallIntegerField(_("shard"), default=0)
    views = models.PositiveBigIntegerField(_("page views"), default=0)
    visits = models.PositiveBigIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("daily statistic")
        verbose_name_plural = _("daily statistics")
        ordering = ["-day", "shard"]
        permissions = [("export_dailystat", _("Can export daily statistics"))]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "shard"], name="dailystat_site_day_shard"
            ),
            models.CheckConstraint(
                condition=Q(shard__lt=SHARDS), name="dailystat_shard_range"
            ),
            *range_constraints(days=("day",)),
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} #{self.shard}"


class TrafficReport(DailyStat):
    """Admin entry for the charts page (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("traffic report")
        verbose_name_plural = _("traffic report")


class Visitor(SiteOwned):
    """Last page view of one visitor on one site, for the visit and online windows
    (no Redis). A reader of two committees' sites is a visitor of each.

    ``key`` is the cookie id, or a keyed hash of address and browser for the day;
    never a raw IP address.
    """

    key = models.CharField(_("visitor key"), max_length=64)
    # Milliseconds since the epoch: compared in SQL upserts on every database.
    last_seen = models.BigIntegerField(_("last page view"), db_index=True)
    prev_seen = models.BigIntegerField(_("previous page view"), null=True, blank=True)

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["-last_seen"]
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], name="visitor_site_key")
        ]

    def __str__(self):
        return self.key[:12]


class FlushBatch(models.Model):
    """A batch of Redis counters already written to the database.

    Recorded in the same transaction as the increments, so a batch that is retried
    after a crash is never added twice.
    """

    batch_id = models.CharField(_("batch id"), max_length=200, unique=True)
    flushed_at = models.DateTimeField(_("flushed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("flush batch")
        verbose_name_plural = _("flush batches")
        ordering = ["-flushed_at"]
        constraints = range_constraints("flushed_at")

    def __str__(self):
        return self.batch_id


class CounterSettings(models.Model):
    """Which lines of the "Thống kê truy cập" block appear, and carried-over totals."""

    LINES = (
        "online",
        "today",
        "yesterday",
        "this_week",
        "last_week",
        "this_month",
        "last_month",
        "total_visits",
        "total_views",
    )

    profile = models.OneToOneField(
        "portal.SiteProfile",
        verbose_name=_("site profile"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="counter_settings",
    )
    show_online = models.BooleanField(_("show online now"), default=True)
    show_today = models.BooleanField(_("show visits today"), default=True)
    show_yesterday = models.BooleanField(_("show visits yesterday"), default=True)
    show_this_week = models.BooleanField(_("show visits this week"), default=True)
    show_last_week = models.BooleanField(_("show visits last week"), default=True)
    show_this_month = models.BooleanField(_("show visits this month"), default=True)
    show_last_month = models.BooleanField(_("show visits last month"), default=True)
    show_total_visits = models.BooleanField(_("show total visits"), default=True)
    show_total_views = models.BooleanField(_("show total page views"), default=True)
    initial_visits = models.PositiveBigIntegerField(
        _("visits carried over"),
        default=0,
        help_text=_("Total visits counted by the old site, added to the total."),
    )
    initial_views = models.PositiveBigIntegerField(
        _("page views carried over"),
        default=0,
        help_text=_("Total page views counted by the old site, added to the total."),
    )

    class Meta:
        verbose_name = _("visitor counter")
        verbose_name_plural = _("visitor counter")
        ordering = ["profile"]

    def __str__(self):
        return str(_("visitor counter"))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The block and the JSON endpoint read these through the cache.
        site = self.profile.site_id
        cache.delete_many(
            [f"analytics:settings:v2:{site}", f"analytics:snapshot:v3:{site}"]
        )

    def shown_lines(self):
        return [line for line in self.LINES if getattr(self, f"show_{line}")]
