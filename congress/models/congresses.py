"""Congresses (kì đại hội) of the Party committee and the people they elect.

The tables keep the names they had when the congress section lived in the
bulletins app (``db_table``), so upgrading moved no row.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field

from portal.dates import (
    range_constraints,
    validate_day,
    validate_moment,
    validate_year,
)
from portal.publishing import Publication, Publishable, PublishedQuerySet
from portal.sanitize import clean_html
from portal.site_models import SiteOwned
from portal.text import nfc_fields, roman, unique_slug
from portal.uploads import UploadTo
from portal.validators import validate_image_upload


class Congress(Publishable, SiteOwned):
    """One congress (kì đại hội) of the Party committee and the term it opens."""

    party_committee = models.CharField(_("party committee"), max_length=200)
    number = models.PositiveSmallIntegerField(
        _("ordinal number"), help_text=_("14 is shown as “Đại hội lần thứ XIV”.")
    )
    term_start = models.PositiveSmallIntegerField(
        _("term start year"), validators=[validate_year]
    )
    term_end = models.PositiveSmallIntegerField(
        _("term end year"), validators=[validate_year]
    )
    starts_on = models.DateField(
        _("first day"), null=True, blank=True, validators=[validate_day]
    )
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, validators=[validate_day]
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    delegates = models.PositiveIntegerField(
        _("number of delegates"), null=True, blank=True
    )
    summary = CKEditor5Field(_("summary"), blank=True, config_name="default")
    cover = models.ImageField(
        _("cover photo"),
        upload_to=UploadTo("congress"),
        blank=True,
        validators=[validate_image_upload],
    )
    cover_alt = models.CharField(
        _("cover text alternative"), max_length=300, blank=True
    )
    is_current = models.BooleanField(_("current congress"), default=False)
    show_on_home = models.BooleanField(
        _("entry on the home page"),
        default=True,
        help_text=_(
            "While this is the current congress, the home page leads to its pages: "
            "with the banner below when there is one, else with a block listing "
            "its sections."
        ),
    )
    home_banner = models.ImageField(
        _("home page banner"),
        upload_to=UploadTo("congress"),
        blank=True,
        validators=[validate_image_upload],
        width_field="home_banner_width",
        height_field="home_banner_height",
        help_text=_("A wide picture, about 4 times as wide as it is high."),
    )
    home_banner_width = models.PositiveIntegerField(
        _("banner width"), null=True, blank=True, editable=False
    )
    home_banner_height = models.PositiveIntegerField(
        _("banner height"), null=True, blank=True, editable=False
    )
    home_banner_alt = models.CharField(
        _("banner text alternative"),
        max_length=300,
        blank=True,
        help_text=_("What the banner says, for readers who cannot see it."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    news = models.ManyToManyField(
        "bulletins.Article",
        verbose_name=_("news articles"),
        related_name="congresses",
        blank=True,
        db_table="bulletins_congress_news",
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_moment]
    )

    publication = Publication(time=None, when={"is_published": True})
    objects = PublishedQuerySet.as_manager()

    class Meta:
        db_table = "bulletins_congress"
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["-term_start", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="congress_site_slug_unique"
            ),
            models.UniqueConstraint(
                fields=["site", "is_current"],
                condition=Q(is_current=True),
                name="bulletins_congress_one_current",
                violation_error_message=_(
                    "Another congress is already the current one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="bulletins_congress_term_order",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            *range_constraints(
                "created_at",
                days=("starts_on", "ends_on"),
                years=("term_start", "term_end"),
            ),
        ]

    def __str__(self):
        return _("%(committee)s congress %(roman)s (%(start)s–%(end)s)") % {
            "committee": self.party_committee,
            "roman": self.roman_number,
            "start": self.term_start,
            "end": self.term_end,
        }

    def save(self, *args, **kwargs):
        nfc_fields(self)
        self.summary = clean_html(self.summary)
        if not self.slug:
            self.slug = unique_slug(
                self,
                f"dai-hoi-{self.number}-nhiem-ky-{self.term_start}-{self.term_end}",
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("congress:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.home_banner and not (self.home_banner_alt or "").strip():
            raise ValidationError(
                {"home_banner_alt": _("Say what the banner says, for screen readers.")}
            )

    def share_data(self):
        """What the page's share card says (portal's ``share_card`` tag)."""
        return {"title": str(self), "image": (self.cover, self.cover_alt or str(self))}

    @property
    def roman_number(self):
        return roman(self.number)

    @property
    def short_name(self):
        """ "Đại hội lần thứ XV (2025–2030)", for lists and search results."""
        return f"Đại hội lần thứ {self.roman_number} ({self.term_label})"

    @property
    def term_label(self):
        return f"{self.term_start}–{self.term_end}"


class PersonPosition(models.TextChoices):
    SECRETARY = "bi-thu", _("secretary")
    DEPUTY_SECRETARY = "pho-bi-thu", _("deputy secretary")
    STANDING = "uy-vien-ban-thuong-vu", _("standing committee member")
    EXECUTIVE = "uy-vien-bch", _("executive committee member")
    INSPECTION = "uy-vien-ubkt", _("inspection committee member")
    DELEGATE = "dai-bieu", _("delegate")
    OTHER = "khac", _("other")


class Person(models.Model):
    """Someone elected by (or a delegate to) a congress."""

    congress = models.ForeignKey(
        Congress,
        verbose_name=_("congress"),
        related_name="people",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        _("position"),
        max_length=30,
        choices=PersonPosition,
        default=PersonPosition.EXECUTIVE,
    )
    position_detail = models.CharField(
        _("position, free text"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Giám đốc Sở Khoa học và Công nghệ”."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=UploadTo("people"),
        blank=True,
        validators=[validate_image_upload],
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        db_table = "bulletins_person"
        verbose_name = _("person")
        verbose_name_plural = _("personnel")
        ordering = ["order", "name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)
