"""Documents (văn bản, tư liệu) with their number, issuer, dates and abstract;
their files; citizens' feedback on drafts open for comments.

Documents form both the congress's "Tư liệu Đại hội" and the general register
"Văn bản". The tables keep their names from the bulletins app (``db_table``).
"""

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_ckeditor_5.fields import CKEditor5Field

from portal.dates import range_constraints, validate_day, validate_moment
from portal.publishing import Publication, Publishable, PublishedQuerySet
from portal.sanitize import clean_html
from portal.site_models import SiteOwned
from portal.text import nfc, nfc_fields, unique_slug
from portal.uploads import UploadTo

from ..filechecks import FileKind, validate_document_file
from .congresses import Congress


class DocumentType(models.TextChoices):
    """Kinds of document, named as they are headed ("Nghị quyết", "Dự thảo"):
    capitalised, and in their own translation context, so that "draft" here is
    never the article status "bản nháp"."""

    POLITICAL_REPORT = (
        "bao-cao-chinh-tri",
        pgettext_lazy("document type", "Political report"),
    )
    REVIEW = (
        "ban-kiem-diem",
        pgettext_lazy("document type", "Review report of the executive committee"),
    )
    RESOLUTION = "nghi-quyet", pgettext_lazy("document type", "Resolution")
    DIRECTIVE = "chi-thi", pgettext_lazy("document type", "Directive")
    PLAN = "ke-hoach", pgettext_lazy("document type", "Plan")
    NOTICE = "thong-bao", pgettext_lazy("document type", "Notice")
    DECISION = "quyet-dinh", pgettext_lazy("document type", "Decision")
    DRAFT = "du-thao", pgettext_lazy("document type", "Draft")
    OTHER = "khac", pgettext_lazy("document type", "Other")


class DocumentQuerySet(PublishedQuerySet):
    def open_for_comments(self, now=None):
        now = now or timezone.now()
        return self.published(now).filter(comments_open=True, comments_close_at__gt=now)


class Document(Publishable, SiteOwned):
    """A document (tư liệu / văn bản) with its number, issuer, dates and abstract."""

    doc_type = models.CharField(
        _("type"), max_length=30, choices=DocumentType, default=DocumentType.OTHER
    )
    number = models.CharField(
        _("number"), max_length=100, blank=True, help_text=_("E.g. 42-KH/ĐUK.")
    )
    issuer = models.CharField(
        _("issuing body"),
        max_length=200,
        editable=False,
        help_text=_("The issuer's name, copied from the list of issuing bodies."),
    )
    issuing_body = models.ForeignKey(
        "congress.Issuer",
        verbose_name=_("issuing body"),
        related_name="documents",
        on_delete=models.PROTECT,
        null=True,
        blank=False,
    )
    issued_on = models.DateField(
        _("date issued"), null=True, blank=True, validators=[validate_day]
    )
    effective_on = models.DateField(
        _("date in force"), null=True, blank=True, validators=[validate_day]
    )
    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    body = CKEditor5Field(_("text"), blank=True, config_name="default")
    congress = models.ForeignKey(
        Congress,
        verbose_name=_("congress"),
        related_name="documents",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Leave empty for documents shown only in the general register."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        db_index=True,
        validators=[validate_moment],
        help_text=_("Empty means not published; a future time publishes it then."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    comments_open = models.BooleanField(
        _("open for comments"),
        default=False,
        help_text=_("Citizens may send comments on this draft until the closing time."),
    )
    comments_close_at = models.DateTimeField(
        _("comments close at"), null=True, blank=True, validators=[validate_moment]
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, validators=[validate_moment]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    publication = Publication("published_at")
    objects = DocumentQuerySet.as_manager()

    class Meta:
        db_table = "bulletins_document"
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "-issued_on", "-pk"]
        indexes = [models.Index(fields=["-issued_on"], name="bulletins_doc_issued_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="document_site_slug_unique"
            ),
            models.CheckConstraint(
                condition=Q(comments_open=False) | Q(comments_close_at__isnull=False),
                name="bulletins_document_comments_need_close",
                violation_error_message=_(
                    "A document open for comments needs a closing time."
                ),
            ),
            *range_constraints(
                "published_at",
                "comments_close_at",
                "created_at",
                "updated_at",
                days=("issued_on", "effective_on"),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def save(self, *args, **kwargs):
        nfc_fields(self)
        if self.issuing_body_id is not None:
            self.issuer = self.issuing_body.name
        self.body = clean_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self, f"{self.number} {self.title}", max_length=200)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("congress:document_detail", kwargs={"slug": self.slug})

    def share_data(self):
        """What the page's share card says (portal's ``share_card`` tag)."""
        return {
            "title": str(self),
            "description": self.abstract or self.title,
            "url": self.get_absolute_url(),
        }

    def accepts_comments(self, now=None):
        now = now or timezone.now()
        return (
            self.comments_open
            and self.is_published(now)
            and self.comments_close_at is not None
            and now < self.comments_close_at
        )


class DocumentFile(models.Model):
    """A downloadable file of a document, validated by its content."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        related_name="files",
        on_delete=models.CASCADE,
    )
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("documents"),
        max_length=255,
        validators=[validate_document_file],
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    kind = models.CharField(_("file type"), max_length=10, choices=FileKind, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    original_name = models.CharField(
        _("original file name"), max_length=255, blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        db_table = "bulletins_documentfile"
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label or self.original_name or os.path.basename(self.file.name)

    def save(self, *args, **kwargs):
        if self.file and not getattr(self.file, "_committed", True):
            self.original_name = nfc(os.path.basename(self.file.name))[:255]
            self.size = self.file.size
            ext = os.path.splitext(self.file.name)[1].lower().lstrip(".")
            self.kind = ext if ext in FileKind.values else ""
        self.label = nfc(self.label)
        super().save(*args, **kwargs)

    @property
    def opens_in_browser(self):
        """PDFs open in the browser's viewer; other files are downloaded."""
        return self.kind == FileKind.PDF


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class FeedbackQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=FeedbackStatus.APPROVED)

    def pending(self):
        return self.filter(status=FeedbackStatus.PENDING)


class Feedback(models.Model):
    """A citizen's comment on a document open for comments (ý kiến đóng góp)."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        related_name="feedback",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    content = models.TextField(_("content"))
    section = models.CharField(_("section referred to"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FeedbackStatus,
        default=FeedbackStatus.PENDING,
        db_index=True,
    )
    ip_hash = models.CharField(
        _("address hash"), max_length=64, blank=True, db_index=True
    )
    created_at = models.DateTimeField(
        _("sent at"), default=timezone.now, db_index=True, validators=[validate_moment]
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    moderated_at = models.DateTimeField(
        _("moderated at"), null=True, blank=True, validators=[validate_moment]
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        db_table = "bulletins_feedback"
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        # Citizens' names, emails and phones: exported by those who moderate them.
        permissions = [("export_feedback", _("Can export feedback"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="bulletins_feedback_email_or_phone",
                violation_error_message=_("Give an email address or a phone number."),
            ),
            *range_constraints("created_at", "moderated_at"),
        ]

    def __str__(self):
        return _("%(name)s on %(document)s") % {
            "name": self.name,
            "document": self.document.number or self.document.title,
        }

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)
