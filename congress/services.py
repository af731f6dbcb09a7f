"""Writes of the congress section: feedback submission and moderation, the current
congress. Keyword-only functions, each inside one transaction."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.refusals import Refused

from .models import Congress, Document, Feedback, FeedbackStatus

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
    """Make ``congress`` the only current one."""
    with transaction.atomic():
        Congress.objects.filter(is_current=True).exclude(pk=congress.pk).update(
            is_current=False
        )
        Congress.objects.filter(pk=congress.pk).update(is_current=True)
    congress.is_current = True
