"""Writes of the news area: keyword-only functions inside a transaction.

Status changes (submit, approve, publish, withdraw...) live in workflow.py.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone


@transaction.atomic
def articles_set_featured(*, queryset: QuerySet, featured: bool) -> int:
    return queryset.update(is_featured=featured, updated_at=timezone.now())
