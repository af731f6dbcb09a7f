from django import template
from django.db.models import Subquery

from portal.pagecache.fragments import cached_fragment

from ..models import Choice, Poll
from ..results import result_rows
from ..tokens import make_form_token
from ..views import (
    ALREADY_MESSAGE,
    NONCE_PARAM,
    RESULT_ALREADY,
    RESULT_PARAM,
    RESULT_SHOWN,
    THANKS_MESSAGE,
)

register = template.Library()


@register.inclusion_tag("polls/_widget.html", takes_context=True)
def sidebar_poll(context):
    """The "Thăm dò ý kiến" block: the sidebar poll's form, or its results.

    One query: the choices of the newest sidebar poll, with the poll joined.
    The form part is the same for every visitor (cacheable); per-visitor state
    comes from the status endpoint through poll.js.
    """
    request = context.get("request")
    shown = request.GET.get(RESULT_PARAM) if request is not None else None
    if shown in (RESULT_SHOWN, RESULT_ALREADY):
        choices = _sidebar_choices()  # the results, as they are now
    else:
        # The form shows no numbers: its choices are kept like any fragment
        # (until the next edit, or the poll's opening or closing time).
        choices = cached_fragment(request, "sidebar-poll", [], _sidebar_choices)
    if not choices:
        return {"poll": None}
    poll = choices[0].poll
    message = ""
    if shown == RESULT_SHOWN:
        message = THANKS_MESSAGE
    elif shown == RESULT_ALREADY:
        message = ALREADY_MESSAGE
    rows, total = result_rows(choices)
    return {
        "poll": poll,
        "rows": rows,
        "total": total,
        "show_results": bool(message),
        "message": message,
        "token": make_form_token(poll),
        "next": _current_path(request),
    }


def _sidebar_choices():
    return list(
        Choice.objects.filter(poll=Subquery(Poll.objects.sidebar().values("pk")[:1]))
        .select_related("poll")
        .order_by("order", "pk")
    )


def _current_path(request):
    if request is None:
        return "/"
    params = request.GET.copy()
    for key in (RESULT_PARAM, NONCE_PARAM):
        params.pop(key, None)
    query = params.urlencode()
    return request.path + (f"?{query}" if query else "")
