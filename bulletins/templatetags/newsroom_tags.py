"""The admin index's "my work" block: my drafts, awaiting my review, scheduled."""

from django import template
from django.utils import timezone

from ..models import Article

register = template.Library()

LIMIT = 10


def _rows(queryset):
    return list(
        queryset.only("pk", "title", "status", "published_at", "updated_at")[:LIMIT]
    )


@register.inclusion_tag("admin/newsroom_my_work.html", takes_context=True)
def my_work(context, now=None):
    """Three short lists for the signed-in user, one query each, of the site
    they work on (portal/site_admin.py)."""
    user = context["request"].user
    now = now or timezone.now()
    Status = Article.Status
    drafts = _rows(
        Article.objects.for_site()
        .filter(created_by=user, status=Status.DRAFT)
        .order_by("-updated_at")
    )
    if user.has_perm("bulletins.publish_article"):
        waiting_states = [Status.REVIEW, Status.APPROVED]
    elif user.has_perm("bulletins.review_article"):
        waiting_states = [Status.REVIEW]
    else:
        waiting_states = []
    waiting = (
        _rows(
            Article.objects.for_site()
            .filter(status__in=waiting_states)
            .order_by("updated_at")
        )
        if waiting_states
        else []
    )
    scheduled = Article.objects.for_site().scheduled(now)
    if not user.has_perm("bulletins.review_article"):
        scheduled = scheduled.filter(created_by=user)
    return {
        "drafts": drafts,
        "waiting": waiting,
        "shows_waiting": bool(waiting_states),
        "scheduled": _rows(scheduled.order_by("published_at")),
        "limit": LIMIT,
    }
