"""Writes of the congress section: feedback submission and moderation, the current
congress, documents made from files of an imported old site. Keyword-only
functions, each inside one transaction."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from portal.refusals import Refused
from portal.registry import ImportedFile

from .filechecks import validate_document_file
from .models import (
    Congress,
    Document,
    DocumentFile,
    Feedback,
    FeedbackStatus,
    Issuer,
)

FEEDBACK_RATE_LIMIT = 5
FEEDBACK_RATE_WINDOW = timedelta(hours=1)


class FeedbackRefused(Refused):
    """A comment that was not stored; ``message`` is shown above the form."""


class FeedbackClosed(FeedbackRefused):
    status = 403
    message = "Văn bản này không còn nhận ý kiến đóng góp."


class FeedbackRateLimited(FeedbackRefused):
    status = 429
    message = (
        "Bạn đã gửi nhiều ý kiến trong một giờ qua. Vui lòng chờ ít phút rồi gửi "
        "lại; nội dung bạn viết vẫn được giữ dưới đây."
    )


def feedback_rate_limited(*, ip_hash: str, now=None) -> bool:
    """True when this address already sent the maximum in the last hour."""
    now = now or timezone.now()
    recent = Feedback.objects.filter(
        ip_hash=ip_hash, created_at__gt=now - FEEDBACK_RATE_WINDOW
    )
    return recent.count() >= FEEDBACK_RATE_LIMIT


def feedback_submit(
    *,
    document: Document,
    name: str,
    content: str,
    ip_hash: str,
    email: str = "",
    phone: str = "",
    section: str = "",
    now=None,
) -> Feedback:
    """Store a citizen's comment as pending, or raise a ``FeedbackRefused``.

    Refused when the document no longer accepts comments (``FeedbackClosed``) or
    the address is over the hourly limit (``FeedbackRateLimited``).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the document row so concurrent submissions from one address are
        # counted one after another (PostgreSQL; SQLite serializes writers anyway).
        document = Document.objects.select_for_update().get(pk=document.pk)
        if not document.accepts_comments(now):
            raise FeedbackClosed()
        if feedback_rate_limited(ip_hash=ip_hash, now=now):
            raise FeedbackRateLimited()
        return Feedback.objects.create(
            document=document,
            name=name,
            email=email,
            phone=phone,
            content=content,
            section=section,
            ip_hash=ip_hash,
            created_at=now,
            status=FeedbackStatus.PENDING,
        )


def feedback_moderate(*, queryset, status: str, user, now=None) -> int:
    """Approve or reject the feedback in ``queryset``; returns how many changed."""
    if status not in (FeedbackStatus.APPROVED, FeedbackStatus.REJECTED):
        raise ValueError(f"not a moderation outcome: {status!r}")
    with transaction.atomic():
        return queryset.exclude(status=status).update(
            status=status,
            moderated_by=user if getattr(user, "pk", None) else None,
            moderated_at=now or timezone.now(),
        )


def congress_set_current(*, congress: Congress) -> None:
    """Make ``congress`` the only current one of its site."""
    with transaction.atomic():
        Congress.objects.filter(is_current=True, site_id=congress.site_id).exclude(
            pk=congress.pk
        ).update(is_current=False)
        Congress.objects.filter(pk=congress.pk).update(is_current=True)
    congress.is_current = True


def document_from_imported_file(imported: ImportedFile) -> str | None:
    """A document of a PDF/DOC/DOCX/XLS/XLSX/ODT file an imported article links to.

    Declared to ``portal.registry.document_maker`` (the Joomla import of bulletins
    calls it). The file is already in storage; it is checked by its bytes like an
    upload. The document is made unpublished, with the link's text as its title:
    staff add its number and issuing body, then publish it in the register. A
    file that already belongs to a document is not made twice.
    """
    existing = (
        DocumentFile.objects.filter(file=imported.name)
        .select_related("document")
        .first()
    )
    if existing is not None:
        return f"văn bản #{existing.document_id}"
    try:
        with default_storage.open(imported.name, "rb") as handle:
            kind = validate_document_file(handle)
    except (ValidationError, OSError):
        return None
    with transaction.atomic():
        document = Document.objects.create(
            title=imported.title[:400] or imported.original_name[:400],
            issuer="",
            published_at=None,
        )
        DocumentFile.objects.create(
            document=document,
            file=imported.name,
            label=imported.title[:200],
            kind=kind,
            size=imported.size,
            original_name=imported.original_name[:255],
        )
    return f"văn bản #{document.pk}"


@transaction.atomic
def issuer_save(*, issuer: Issuer) -> Issuer:
    """Save an issuing body; a new spelling of its name reaches its documents."""
    issuer.save()
    Document.objects.filter(issuing_body=issuer).exclude(issuer=issuer.name).update(
        issuer=issuer.name
    )
    return issuer
