"""The congress section's blocks: "Các kì đại hội", the side blocks of its pages
(Video, Audio, Phóng sự ảnh) and the entry on the home page."""

from django import template
from django.db.models import Count, Prefetch

from portal.current_site import get_current_site

from ..models import Congress, Feedback, Media, MediaKind, PhotoReportImage
from ..sections import SECTIONS

register = template.Library()

SIDE_MEDIA = 3


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


@register.inclusion_tag("congress/side_blocks.html")
def congress_side(congress):
    """The side blocks of a congress's pages, as on congress sites: the latest
    videos and audio, the latest photo report with a photo ("Xem tất cả hình »")
    and "Các kì đại hội" (four queries)."""
    media = list(
        Media.objects.published()
        .filter(congress=congress)
        .order_by("-published_at", "-pk")
        .only("pk", "kind", "title", "published_at", "congress_id")[: SIDE_MEDIA * 4]
    )
    report = (
        congress.photo_reports.published()
        .annotate(photo_count=Count("photos"))
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=PhotoReportImage.objects.order_by("order", "pk")[:1],
                to_attr="first_photos",
            )
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    return {
        "congress": congress,
        "videos": [m for m in media if m.kind == MediaKind.VIDEO][:SIDE_MEDIA],
        "audios": [m for m in media if m.kind == MediaKind.AUDIO][:SIDE_MEDIA],
        "report": report,
        "report_photo": report.first_photos[0]
        if report and report.first_photos
        else None,
    }


@register.inclusion_tag("congress/home_entry.html")
def congress_home_entry():
    """The way from the home page to the current congress (one query): its banner
    when staff gave one, else a block with its sections."""
    congress = (
        Congress.objects.published().filter(is_current=True, show_on_home=True).first()
    )
    return {"congress": congress, "sections": SECTIONS}


@register.inclusion_tag("admin/congress_pending_feedback.html")
def pending_feedback_notice():
    """The count of citizens' comments waiting for moderation (admin index), on
    the site the admin works on."""
    pending = Feedback.objects.pending()
    site = get_current_site()
    if site is not None:
        pending = pending.filter(document__site=site)
    return {"pending_count": pending.count()}
