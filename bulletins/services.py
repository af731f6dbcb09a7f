"""Writes of the news area: keyword-only functions inside a transaction."""

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .models import Article


@transaction.atomic
def articles_publish(*, queryset: QuerySet, now=None) -> int:
    """Publish the given articles; those with no time yet reached keep their time.

    An article whose publication time lies in the future stays scheduled: it
    appears by itself when the time comes.
    """
    return queryset.exclude(status=Article.Status.PUBLISHED).update(
        status=Article.Status.PUBLISHED, updated_at=now or timezone.now()
    )


@transaction.atomic
def articles_withdraw(*, queryset: QuerySet, now=None) -> int:
    """Take the given articles off the public site (kept for the record)."""
    return queryset.filter(status=Article.Status.PUBLISHED).update(
        status=Article.Status.WITHDRAWN, updated_at=now or timezone.now()
    )


@transaction.atomic
def articles_set_featured(*, queryset: QuerySet, featured: bool) -> int:
    return queryset.update(is_featured=featured, updated_at=timezone.now())


def article_view_add(*, article_id: int, count: int = 1) -> int:
    """Add ``count`` views atomically (used by the visitor counter's flush)."""
    return Article.objects.filter(pk=article_id).update(
        view_count=F("view_count") + count
    )
