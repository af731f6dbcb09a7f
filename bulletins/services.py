"""Writes of the news area: keyword-only functions inside a transaction.

Status changes (submit, approve, publish, withdraw...) live in workflow.py.
"""

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .models import Article


@transaction.atomic
def articles_set_featured(*, queryset: QuerySet, featured: bool) -> int:
    return queryset.update(is_featured=featured, updated_at=timezone.now())


def article_view_add(*, article_id: int, count: int = 1) -> int:
    """Add ``count`` views atomically (used by the visitor counter's flush)."""
    return Article.objects.filter(pk=article_id).update(
        view_count=F("view_count") + count
    )
