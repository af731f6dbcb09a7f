"""Opinion polls, their ordered choices and one vote per visitor per poll."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dates import range_constraints, validate_moment
from portal.publishing import Publication, Publishable, PublishedQuerySet
from portal.site_models import SiteOwned
from portal.text import nfc, unique_slug


class PollQuerySet(PublishedQuerySet):
    """``published(now)``: active polls that have opened, shown in the archive
    with their results."""

    def open(self, now=None):
        """Polls that accept votes at ``now``."""
        now = now or timezone.now()
        return self.published(now).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def closed(self, now=None):
        """Visible polls whose voting time is over."""
        now = now or timezone.now()
        return self.published(now).filter(closes_at__lte=now)

    def sidebar(self, now=None):
        """Open polls flagged for the sidebar, newest first (the first one is shown)."""
        return self.open(now).filter(show_in_sidebar=True).order_by("-opens_at", "-pk")


class Poll(Publishable, SiteOwned):
    question = models.CharField(_("question"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        blank=True,
        help_text=_("Made from the question when left empty."),
    )
    opens_at = models.DateTimeField(
        _("opens at"), default=timezone.now, validators=[validate_moment]
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        validators=[validate_moment],
        help_text=_("Leave empty to keep the poll open."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive polls are hidden everywhere and take no votes."),
    )
    show_in_sidebar = models.BooleanField(
        _("show in sidebar"),
        default=True,
        help_text=_("The newest open poll with this flag is shown in the sidebar."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Readers see an active poll once it has opened (its results stay after it
    # closes); it takes votes until it closes.
    publication = Publication("opens_at", when={"is_active": True})

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="poll_site_slug_unique"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="polls_poll_closes_after_opening",
                violation_error_message=_(
                    "The closing time must be after the opening time."
                ),
            ),
            *range_constraints("opens_at", "closes_at", "created_at", "updated_at"),
        ]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        self.question = nfc(self.question).strip()
        if not self.slug:
            self.slug = unique_slug(self, self.question, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("polls:results", kwargs={"slug": self.slug})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.is_published(now) and (
            self.closes_at is None or self.closes_at > now
        )

    def has_started(self, now=None):
        return self.opens_at <= (now or timezone.now())


class Choice(models.Model):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="choices", verbose_name=_("poll")
    )
    text = models.CharField(_("text"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Changed only by services.poll_vote with an F() update.
    COUNTER_FIELDS = frozenset({"vote_count"})
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.text = nfc(self.text).strip()
        if not self._state.adding and kwargs.get("update_fields") is None:
            # Never write back a vote count read earlier: votes arrive meanwhile.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.COUNTER_FIELDS
            ]
        super().save(*args, **kwargs)


class PollResult(Choice):
    """Choices seen as result rows, for the results export in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("poll result")
        verbose_name_plural = _("poll results")
        permissions = [("export_pollresult", _("Can export poll results"))]
        ordering = ["-poll__opens_at", "poll_id", "order", "pk"]


class Vote(models.Model):
    """One accepted vote. Keys are keyed hashes: no cookie value or IP is stored."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="votes", verbose_name=_("poll")
    )
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, related_name="votes", verbose_name=_("choice")
    )
    visitor_key = models.CharField(_("visitor key"), max_length=64)
    ip_hash = models.CharField(_("IP address hash"), max_length=64)
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_moment]
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "visitor_key"], name="polls_vote_one_per_visitor"
            ),
            *range_constraints("created_at"),
        ]
        indexes = [
            models.Index(
                fields=["poll", "ip_hash", "created_at"], name="polls_vote_ip_recent"
            )
        ]

    def __str__(self):
        return f"{self.poll_id}:{self.choice_id}"
