"""A congress's video and audio, and its photo reports (phóng sự ảnh).

The tables keep their names from the bulletins app (``db_table``).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.dates import range_constraints, validate_moment
from portal.embeds import youtube_id
from portal.publishing import Publication, Publishable, PublishedQuerySet
from portal.site_models import SiteOwned
from portal.text import nfc_fields, unique_slug
from portal.uploads import UploadTo
from portal.validators import validate_image_upload

from ..filechecks import media_mime_type, validate_captions_file, validate_media_file
from .congresses import Congress


class MediaKind(models.TextChoices):
    VIDEO = "video", _("video")
    AUDIO = "audio", _("audio")


class Media(Publishable, SiteOwned):
    """A video or audio of a congress: an uploaded file or a link to elsewhere."""

    congress = models.ForeignKey(
        Congress,
        verbose_name=_("congress"),
        related_name="media_items",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("media"),
        max_length=255,
        blank=True,
        validators=[validate_media_file],
        help_text=_("Played with the browser's own player."),
    )
    external_url = models.URLField(
        _("external link"),
        blank=True,
        help_text=_(
            "A YouTube link plays in the page (in YouTube's privacy-enhanced mode); "
            "any other address is shown as a link."
        ),
    )
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to=UploadTo("media"),
        max_length=255,
        blank=True,
        validators=[validate_captions_file],
        help_text=_(
            "A .vtt file of what is said, shown in the player of an uploaded file."
        ),
    )
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_(
            "Everything said, for readers who cannot hear or play the recording; "
            "shown under the player."
        ),
    )
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, validators=[validate_moment]
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    publication = Publication("published_at")
    objects = PublishedQuerySet.as_manager()

    class Meta:
        db_table = "bulletins_media"
        verbose_name = _("video or audio")
        verbose_name_plural = _("videos and audio")
        ordering = ["order", "-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(external_url=""),
                name="bulletins_media_file_or_link",
                violation_error_message=_("Upload a file or give an external link."),
            ),
            *range_constraints("published_at"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        nfc_fields(self)
        self.site_id = self.congress.site_id  # the congress's site, always
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        name = "congress:video" if self.kind == MediaKind.VIDEO else "congress:audio"
        url = reverse(name, kwargs={"slug": self.congress.slug})
        return f"{url}#media-{self.pk}"

    @property
    def mime_type(self):
        return media_mime_type(self.file.name) if self.file else ""

    @property
    def youtube_id(self):
        """The YouTube video of ``external_url``, played in the page, or None."""
        return youtube_id(self.external_url) if self.external_url else None


class PhotoReport(Publishable, SiteOwned):
    """A gallery of captioned photos (phóng sự ảnh)."""

    congress = models.ForeignKey(
        Congress,
        verbose_name=_("congress"),
        related_name="photo_reports",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, validators=[validate_moment]
    )

    publication = Publication("published_at")
    objects = PublishedQuerySet.as_manager()

    class Meta:
        db_table = "bulletins_photoreport"
        verbose_name = _("photo report")
        verbose_name_plural = _("photo reports")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="photoreport_site_slug_unique"
            ),
            *range_constraints("published_at"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        nfc_fields(self)
        self.site_id = self.congress.site_id  # the congress's site, always
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "congress:photo_report",
            kwargs={"slug": self.congress.slug, "report": self.slug},
        )


class PhotoReportImage(models.Model):
    report = models.ForeignKey(
        PhotoReport,
        verbose_name=_("photo report"),
        related_name="photos",
        on_delete=models.CASCADE,
    )
    image = models.ImageField(
        _("image"),
        upload_to=UploadTo("photo-reports"),
        validators=[validate_image_upload],
    )
    caption = models.TextField(_("caption"), blank=True)
    alt_text = models.CharField(_("text alternative"), max_length=300)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        db_table = "bulletins_photoreportimage"
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)
