"""Public pages of the congress section and the document register."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal import embeds
from portal.net import ip_hash
from portal.paging import paginate

from .forms import DocumentFilterForm, FeedbackForm
from .models import (
    Congress,
    Document,
    Feedback,
    Media,
    MediaKind,
    Person,
    PhotoReport,
    PhotoReportImage,
)
from .sections import SECTIONS
from .services import FeedbackClosed, FeedbackRefused, feedback_submit

DOCUMENTS_PER_PAGE = 20
CONGRESSES_PER_PAGE = 20
PHOTO_REPORTS_PER_PAGE = 12
NEWS_PER_PAGE = 15


def _congress(slug):
    return get_object_or_404(Congress.objects.published(), slug=slug)


def _section_context(request, congress, active):
    return {"congress": congress, "sections": SECTIONS, "active_section": active}


def _published_articles(congress):
    """Published news tagged to ``congress`` (the Article model's own rule)."""
    return congress.news.published().for_list()


def congress_list(request):
    page = paginate(request, Congress.objects.published(), CONGRESSES_PER_PAGE)
    return render(
        request,
        "congress/list.html",
        {"page_obj": page, "congresses": page.object_list},
    )


def congress_detail(request, slug):
    congress = _congress(slug)
    now = timezone.now()
    context = _section_context(request, congress, "")
    context.update(
        {
            "news": list(_published_articles(congress)[:5]),
            "documents": list(
                congress.documents.published(now).prefetch_related("files")[:8]
            ),
            "leaders": list(congress.people.all()[:8]),
            "photo_report": congress.photo_reports.published(now)
            .annotate(photo_count=Count("photos"))
            .order_by("-published_at", "-pk")
            .first(),
        }
    )
    report = context["photo_report"]
    context["report_photos"] = list(report.photos.all()[:6]) if report else []
    response = render(request, "congress/detail.html", context)
    return embeds.allow_video_frames_for(response, congress.summary)


def congress_news(request, slug):
    congress = _congress(slug)
    page = paginate(request, _published_articles(congress), NEWS_PER_PAGE)
    context = _section_context(request, congress, "tin-tuc")
    context.update({"page_obj": page, "articles": page.object_list})
    return render(request, "congress/news.html", context)


def congress_documents(request, slug):
    congress = _congress(slug)
    documents = congress.documents.published().prefetch_related("files")
    page = paginate(request, documents, DOCUMENTS_PER_PAGE)
    context = _section_context(request, congress, "tu-lieu")
    context.update({"page_obj": page, "documents": page.object_list})
    return render(request, "congress/documents.html", context)


def congress_people(request, slug):
    congress = _congress(slug)
    context = _section_context(request, congress, "nhan-su")
    context["people"] = list(Person.objects.filter(congress=congress))
    return render(request, "congress/people.html", context)


def congress_photo_reports(request, slug):
    congress = _congress(slug)
    reports = (
        congress.photo_reports.published()
        .annotate(photo_count=Count("photos"))
        .order_by("-published_at", "-pk")
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=PhotoReportImage.objects.order_by("order", "pk"),
            )
        )
    )
    page = paginate(request, reports, PHOTO_REPORTS_PER_PAGE)
    context = _section_context(request, congress, "phong-su-anh")
    context.update({"page_obj": page, "reports": page.object_list})
    return render(request, "congress/photo_reports.html", context)


def congress_photo_report(request, slug, report):
    congress = _congress(slug)
    photo_report = get_object_or_404(
        PhotoReport.objects.published(), congress=congress, slug=report
    )
    context = _section_context(request, congress, "phong-su-anh")
    context.update({"report": photo_report, "photos": list(photo_report.photos.all())})
    return render(request, "congress/photo_report.html", context)


def _congress_media(request, slug, kind):
    congress = _congress(slug)
    items = Media.objects.published().filter(congress=congress, kind=kind)
    page = paginate(request, items, 12)
    context = _section_context(request, congress, kind)
    context.update(
        {
            "page_obj": page,
            "items": page.object_list,
            "kind": kind,
            "kind_label": "Video" if kind == MediaKind.VIDEO else "Audio",
        }
    )
    response = render(request, "congress/media.html", context)
    if any(item.youtube_id and not item.file for item in page.object_list):
        embeds.allow_video_frames(response)
    return response


def congress_video(request, slug):
    return _congress_media(request, slug, MediaKind.VIDEO)


def congress_audio(request, slug):
    return _congress_media(request, slug, MediaKind.AUDIO)


def congress_feedback(request, slug):
    """Documents open for comments and the approved comments of this congress."""
    congress = _congress(slug)
    now = timezone.now()
    context = _section_context(request, congress, "y-kien")
    context["open_documents"] = list(congress.documents.open_for_comments(now))
    page = paginate(
        request,
        Feedback.objects.approved()
        .filter(document__congress=congress, document__published_at__lte=now)
        .select_related("document"),
        20,
    )
    context.update({"page_obj": page, "feedback_list": page.object_list})
    return render(request, "congress/feedback.html", context)


def document_list(request):
    """The general register "Văn bản": every published document, filterable."""
    now = timezone.now()
    published = Document.objects.published(now)
    issuers = list(
        published.order_by("issuer").values_list("issuer", flat=True).distinct()
    )
    form = DocumentFilterForm(request.GET or None, issuers=issuers)
    documents = (
        published.select_related("congress")
        .prefetch_related("files")
        .order_by("-issued_on", "-published_at", "-pk")
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["loai"]:
                documents = documents.filter(doc_type=data["loai"])
            if data["co_quan"]:
                documents = documents.filter(issuer=data["co_quan"])
            if data["nam"]:
                documents = documents.filter(issued_on__year=data["nam"])
        else:
            status = 400
            documents = documents.none()
    page = paginate(request, documents, DOCUMENTS_PER_PAGE)
    return render(
        request,
        "congress/document_list.html",
        {
            "form": form,
            "page_obj": page,
            "documents": page.object_list,
            "filtered": form.is_bound and any(form.data.get(k) for k in form.fields),
        },
        status=status,
    )


def _published_document(slug):
    return get_object_or_404(
        Document.objects.published().select_related("congress"), slug=slug
    )


def document_detail(request, slug):
    document = _published_document(slug)
    return render(
        request,
        "congress/document_detail.html",
        {
            "document": document,
            "files": list(document.files.all()),
            "approved_feedback": list(document.feedback.approved()),
            "accepts_comments": document.accepts_comments(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def document_feedback(request, slug):
    """The feedback form of a document open for comments (never cached: it holds a
    CSRF token and the signed time the form was shown)."""
    document = _published_document(slug)
    context = {"document": document}
    if not document.accepts_comments():
        return render(
            request, "congress/document_feedback_closed.html", context, status=403
        )
    if request.method == "GET":
        context["form"] = FeedbackForm(document=document)
        return render(request, "congress/document_feedback.html", context)

    form = FeedbackForm(request.POST, document=document)
    context["form"] = form
    if not form.is_valid():
        # Invalid input, honeypot, too fast or a bad token: shown again, filled in.
        form.refresh_token()
        return render(request, "congress/document_feedback.html", context, status=400)
    data = form.cleaned_data
    try:
        feedback_submit(
            document=document,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            section=data["section"],
            content=data["content"],
            ip_hash=ip_hash(request, purpose="feedback"),
        )
    except FeedbackClosed as refused:
        template = "congress/document_feedback_closed.html"
        return render(request, template, context, status=refused.status)
    except FeedbackRefused as refused:
        form.refresh_token()
        context["refusal"] = refused.message
        template = "congress/document_feedback.html"
        return render(request, template, context, status=refused.status)
    return redirect("congress:document_feedback_sent", slug=document.slug)


@never_cache
def document_feedback_sent(request, slug):
    document = _published_document(slug)
    return render(
        request, "congress/document_feedback_sent.html", {"document": document}
    )
