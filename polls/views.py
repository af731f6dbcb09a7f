import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from portal import visitor
from portal.net import ip_hash
from portal.paging import PagedListMixin
from portal.views import safe_next

from . import services, tokens
from .models import Poll, Vote
from .results import result_rows

# Query parameter that makes the sidebar show the results after a vote without
# JavaScript. "bc" makes every such URL unique, so no cache can answer it.
RESULT_PARAM = "binh-chon"
RESULT_SHOWN = "ket-qua"
RESULT_ALREADY = "da-binh-chon"
NONCE_PARAM = "bc"

THANKS_MESSAGE = "Cảm ơn bạn đã bình chọn."
ALREADY_MESSAGE = services.AlreadyVoted.message


def _wants_json(request):
    return request.headers.get(
        "X-Requested-With"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("Accept", "")


def _with_result_param(url, value):
    """``url`` with ?binh-chon=<value>&bc=<unique> and the widget's anchor."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in {RESULT_PARAM, NONCE_PARAM}
    ]
    query += [(RESULT_PARAM, value), (NONCE_PARAM, str(time.time_ns() // 1000))]
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(query), "binh-chon")
    )


def _choices(poll):
    return list(poll.choices.all())


def results_html(poll, request, message=""):
    rows, total = result_rows(_choices(poll))
    return render_to_string(
        "polls/_results.html",
        {"poll": poll, "rows": rows, "total": total, "message": message},
        request=request,
    )


def _refuse(request, poll, status, message):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    back = safe_next(request, fallback=poll.get_absolute_url() if poll else "/")
    return render(
        request,
        "polls/refused.html",
        {"poll": poll, "message": message, "back_url": back, "status": status},
        status=status,
    )


@csrf_exempt  # protected by the signed form token and the Origin check below
@never_cache
def vote(request, slug):
    """Take one vote from the sidebar form (plain POST) or poll.js (fetch)."""
    if request.method != "POST":
        response = _refuse(
            request,
            None,
            405,
            "Địa chỉ này chỉ nhận phiếu bình chọn gửi từ biểu mẫu. "
            "Vui lòng bình chọn ở khung “Thăm dò ý kiến”.",
        )
        response["Allow"] = "POST"
        return response
    # The same rule as every poll page: a poll not yet open does not exist yet.
    poll = Poll.objects.published().filter(slug=slug).first()
    if poll is None:
        return _refuse(request, None, 404, services.PollNotFound.message)
    if not tokens.is_same_origin(request) or not tokens.form_token_is_valid(
        request.POST.get("token"), poll
    ):
        return _refuse(
            request,
            poll,
            403,
            "Phiếu bình chọn không hợp lệ hoặc đã hết hạn. "
            "Vui lòng tải lại trang rồi bình chọn lại.",
        )
    try:
        choice_id = int(request.POST.get("choice", ""))
    except ValueError:
        return _refuse(
            request, poll, 400, "Vui lòng chọn một phương án trước khi bấm “Bình chọn”."
        )
    if not 0 < choice_id < 2**63:
        return _refuse(request, poll, 400, services.InvalidChoice.message)

    visitor_id, needs_cookie = tokens.identify(request)
    try:
        services.poll_vote(
            poll=poll,
            choice_id=choice_id,
            visitor_key=tokens.visitor_key(visitor_id, poll),
            ip_hash=ip_hash(request, purpose="polls.vote"),
        )
    except services.AlreadyVoted as refused:
        if _wants_json(request):
            return JsonResponse(
                {
                    "ok": False,
                    "voted": True,
                    "message": refused.message,
                    "html": results_html(poll, request, refused.message),
                },
                status=refused.status,
            )
        back = safe_next(request, fallback=poll.get_absolute_url())
        return HttpResponseRedirect(
            _with_result_param(back, RESULT_ALREADY), status=303
        )
    except services.VoteRefused as refused:
        return _refuse(request, poll, refused.status, refused.message)

    if _wants_json(request):
        response = JsonResponse(
            {
                "ok": True,
                "voted": True,
                "message": THANKS_MESSAGE,
                "html": results_html(poll, request, THANKS_MESSAGE),
            }
        )
    else:
        back = safe_next(request, fallback=poll.get_absolute_url())
        response = HttpResponseRedirect(
            _with_result_param(back, RESULT_SHOWN), status=303
        )
    if needs_cookie:
        visitor.set_cookie(response, request, visitor_id)
    return response


@require_GET
@never_cache
def status(request, slug):
    """Per-visitor state the cached page cannot carry: voted?, a fresh form token."""
    poll = Poll.objects.published().filter(slug=slug).first()
    if poll is None:
        return JsonResponse(
            {"ok": False, "message": services.PollNotFound.message}, status=404
        )
    visitor_id, needs_cookie = tokens.identify(request)
    voted = Vote.objects.filter(
        poll=poll, visitor_key=tokens.visitor_key(visitor_id, poll)
    ).exists()
    is_open = poll.is_open()
    data = {
        "ok": True,
        "voted": voted,
        "open": is_open,
        "token": tokens.make_form_token(poll),
    }
    if voted or not is_open:
        message = ALREADY_MESSAGE if voted else services.PollNotOpen.message
        data["message"] = message
        data["html"] = results_html(poll, request, message)
    response = JsonResponse(data)
    if needs_cookie:
        # Given before the first vote, so the vote carries the same id.
        visitor.set_cookie(response, request, visitor_id)
    return response


@require_GET
@never_cache
def results(request, slug):
    poll = get_object_or_404(Poll.objects.published(), slug=slug)
    rows, total = result_rows(_choices(poll))
    return render(
        request,
        "polls/results.html",
        {"poll": poll, "rows": rows, "total": total, "is_open": poll.is_open()},
    )


class PollArchiveView(PagedListMixin, ListView):
    """Past and current polls with their results."""

    template_name = "polls/archive.html"
    context_object_name = "polls"
    paginate_by = 10

    def get_queryset(self):
        return Poll.objects.published().prefetch_related("choices")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = [
            (poll, *result_rows(poll.choices.all()), poll.is_open())
            for poll in context["polls"]
        ]
        return context
