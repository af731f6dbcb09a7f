"""Congress section: congress terms, documents, personnel, media, photo reports and
citizens' feedback on draft documents. Documents also form the general register
("Văn bản")."""

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field

from portal.sanitize import clean_html
from portal.templatetags.portal_tags import roman
from portal.text import nfc, nfc_fields, unique_slug
from portal.uploads import UploadTo
from portal.validators import validate_image_upload

from ..documents import (
    FileKind,
    media_mime_type,
    validate_document_file,
    validate_media_file,
)

__all__ = [
    "Congress",
    "Document",
    "DocumentFile",
    "DocumentType",
    "Feedback",
    "FeedbackStatus",
    "FileKind",
    "Media",
    "MediaKind",
    "Person",
    "PersonPosition",
    "PhotoReport",
    "PhotoReportImage",
]


class CongressQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Congress(models.Model):
    """One congress (kì đại hội) of the Party committee and the term it opens."""

    party_committee = models.CharField(_("party committee"), max_length=200)
    number = models.PositiveSmallIntegerField(
        _("ordinal number"), help_text=_("14 is shown as “Đại hội lần thứ XIV”.")
    )
    term_start = models.PositiveSmallIntegerField(_("term start year"))
    term_end = models.PositiveSmallIntegerField(_("term end year"))
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
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
    is_published = models.BooleanField(_("published"), default=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    news = models.ManyToManyField(
        "bulletins.Article",
        verbose_name=_("news articles"),
        related_name="congresses",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["-term_start", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
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
        return reverse("bulletins:congress_detail", kwargs={"slug": self.slug})

    @property
    def roman_number(self):
        return roman(self.number)

    @property
    def term_label(self):
        return f"{self.term_start}–{self.term_end}"


class DocumentType(models.TextChoices):
    POLITICAL_REPORT = "bao-cao-chinh-tri", _("political report")
    REVIEW = "ban-kiem-diem", _("review report of the executive committee")
    RESOLUTION = "nghi-quyet", _("resolution")
    DIRECTIVE = "chi-thi", _("directive")
    PLAN = "ke-hoach", _("plan")
    NOTICE = "thong-bao", _("notice")
    DECISION = "quyet-dinh", _("decision")
    DRAFT = "du-thao", _("draft")
    OTHER = "khac", _("other")


class PublishedQuerySet(models.QuerySet):
    """Rows whose publication time has come (the rule for documents and media)."""

    def published(self, now=None):
        return self.filter(published_at__lte=now or timezone.now())


class DocumentQuerySet(PublishedQuerySet):
    def open_for_comments(self, now=None):
        now = now or timezone.now()
        return self.published(now).filter(comments_open=True, comments_close_at__gt=now)


class Document(models.Model):
    """A document (tư liệu / văn bản) with its number, issuer, dates and abstract."""

    doc_type = models.CharField(
        _("type"), max_length=30, choices=DocumentType, default=DocumentType.OTHER
    )
    number = models.CharField(
        _("number"), max_length=100, blank=True, help_text=_("E.g. 42-KH/ĐUK.")
    )
    issuer = models.CharField(_("issuing body"), max_length=200)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    effective_on = models.DateField(_("date in force"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
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
        help_text=_("Empty means not published; a future time publishes it then."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    comments_open = models.BooleanField(
        _("open for comments"),
        default=False,
        help_text=_("Citizens may send comments on this draft until the closing time."),
    )
    comments_close_at = models.DateTimeField(
        _("comments close at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "-issued_on", "-pk"]
        indexes = [models.Index(fields=["-issued_on"], name="bulletins_doc_issued_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(comments_open=False) | Q(comments_close_at__isnull=False),
                name="bulletins_document_comments_need_close",
                violation_error_message=_(
                    "A document open for comments needs a closing time."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def save(self, *args, **kwargs):
        nfc_fields(self)
        self.body = clean_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self, f"{self.number} {self.title}", max_length=200)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("bulletins:document_detail", kwargs={"slug": self.slug})

    def is_published(self, now=None):
        return self.published_at is not None and self.published_at <= (
            now or timezone.now()
        )

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
        verbose_name = _("person")
        verbose_name_plural = _("personnel")
        ordering = ["order", "name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)


class MediaKind(models.TextChoices):
    VIDEO = "video", _("video")
    AUDIO = "audio", _("audio")


class Media(models.Model):
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
        help_text=_("Shown as a link only; nothing from the other site is loaded."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("video or audio")
        verbose_name_plural = _("videos and audio")
        ordering = ["order", "-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(external_url=""),
                name="bulletins_media_file_or_link",
                violation_error_message=_("Upload a file or give an external link."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)

    @property
    def mime_type(self):
        return media_mime_type(self.file.name) if self.file else ""


class PhotoReport(models.Model):
    """A gallery of captioned photos (phóng sự ảnh)."""

    congress = models.ForeignKey(
        Congress,
        verbose_name=_("congress"),
        related_name="photo_reports",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo report")
        verbose_name_plural = _("photo reports")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        nfc_fields(self)
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "bulletins:congress_photo_report",
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
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)


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
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="bulletins_feedback_email_or_phone",
                violation_error_message=_("Give an email address or a phone number."),
            ),
        ]

    def __str__(self):
        return _("%(name)s on %(document)s") % {
            "name": self.name,
            "document": self.document.number or self.document.title,
        }

    def save(self, *args, **kwargs):
        nfc_fields(self)
        super().save(*args, **kwargs)
