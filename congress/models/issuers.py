"""Issuing bodies (Cơ quan ban hành): one managed list, one spelling each.

The register "Văn bản" filters documents by issuer. Typed as free text, the
same body came in several spellings ("Đảng ủy Sở", "Đảng uỷ Sở", "đảng ủy  sở")
and the filter listed each. Now a document picks its issuer from this list;
``Document.save`` copies the issuer's name into the document's ``issuer`` text
column, which the register, its filter, the search and the pages keep reading.
``key`` (the name folded: no case, diacritics or repeated spaces) is unique, so
the list cannot hold two spellings of one name; migration 0008 merged the
spellings already typed into one issuer each.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.site_models import SiteOwned, SiteScopedQuerySet
from portal.text import fold, nfc


def issuer_key(name):
    """ "Đảng uỷ  Sở" and "đảng ủy sở" -> "dang uy so" (ỷ/ủy: same letter)."""
    return fold(name)


class Issuer(SiteOwned):
    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("folded name"), max_length=200, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["order", "name"]
        # One spelling per issuer within a committee's site.
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], name="issuer_site_key")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(nfc(self.name).split())
        self.key = issuer_key(self.name)
        super().save(*args, **kwargs)
