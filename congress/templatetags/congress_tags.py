from django import template

from ..models import Congress, Feedback

register = template.Library()


@register.inclusion_tag("congress/terms_block.html")
def congress_terms(current=None):
    """The "Các kì đại hội" block: every published congress, newest first."""
    return {
        "congresses": list(
            Congress.objects.published().only(
                "pk", "slug", "number", "term_start", "term_end", "is_current"
            )
        ),
        "active": current,
    }


@register.inclusion_tag("admin/congress_pending_feedback.html")
def pending_feedback_notice():
    """The count of citizens' comments waiting for moderation (admin index)."""
    return {"pending_count": Feedback.objects.pending().count()}
