"""The shared photo library (kho ảnh): photos uploaded once, with their text
alternative, caption and credit, chosen for any article instead of uploading the
same photo again.

A library photo is searched by its caption, credit or text alternative, with or
without diacritics (``search_text``, folded on save). Choosing one for an
article's featured photo (``Article.library_photo``, in the admin form) puts the
same stored file and its texts into the article's featured photo fields, where
the editor may still adjust the caption for this article.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dates import range_constraints, validate_moment
from portal.site_models import SiteOwned, SiteScopedQuerySet
from portal.text import fold, nfc_fields
from portal.uploads import UploadTo
from portal.validators import validate_image_upload


class LibraryPhoto(SiteOwned):
    image = models.ImageField(
        _("photo"),
        upload_to=UploadTo("library"),
        validators=[validate_image_upload],
    )
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    uploaded_at = models.DateTimeField(
        _("uploaded at"), default=timezone.now, validators=[validate_moment]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("library photo")
        verbose_name_plural = _("photo library")
        ordering = ["-uploaded_at", "-pk"]
        constraints = range_constraints("uploaded_at")

    def __str__(self):
        text = self.caption or self.alt_text
        return f"{text} — {self.credit}" if self.credit else text

    def save(self, *args, **kwargs):
        nfc_fields(self)
        self.search_text = fold(" ".join([self.caption, self.credit, self.alt_text]))
        super().save(*args, **kwargs)
