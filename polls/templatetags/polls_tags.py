import time

from django import template
from django.db.models import Subquery
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.memo import Memo
from portal.pagecache.fragments import cached_fragment

from ..models import Choice, Poll
from ..results import result_rows
from ..tokens import form_token_for
from ..views import (
    ALREADY_MESSAGE,
    NONCE_PARAM,
    RESULT_ALREADY,
    RESULT_PARAM,
    RESULT_SHOWN,
    THANKS_MESSAGE,
)

register = template.Library()


# Stand-ins for what differs per page in the kept form: its signed token (it
# carries the time it was made) and the page to come back to. NUL never occurs
# in stored text (PostgreSQL refuses it), so the form cannot contain them.
TOKEN_SLOT = "\x00poll-token\x00"
NEXT_SLOT = "\x00poll-next\x00"


@register.simple_tag(takes_context=True)
def sidebar_poll(context):
    """The "Thăm dò ý kiến" block: the sidebar poll's form, or its results.

    One query: the choices of the newest sidebar poll, with the poll joined.
    The form shows no numbers: it is rendered once and kept like any fragment
    (until the next edit, or the poll's opening or closing time), and only its
    token and return address are filled in per page. Per-visitor state comes
    from the status endpoint through poll.js; the results shown after a vote
    are read fresh.
    """
    request = context.get("request")
    shown = request.GET.get(RESULT_PARAM) if request is not None else None
    if shown in (RESULT_SHOWN, RESULT_ALREADY):
        message = THANKS_MESSAGE if shown == RESULT_SHOWN else ALREADY_MESSAGE
        return _widget(_sidebar_choices(), message=message)
    html, poll_pk = cached_fragment(request, "sidebar-poll-form", [], _form)
    if poll_pk is None:
        return ""
    token = _recent_token(poll_pk)
    return mark_safe(
        html.replace(TOKEN_SLOT, escape(token)).replace(
            NEXT_SLOT, escape(_current_path(request))
        )
    )


def _recent_token(poll_pk):
    """A form token made in the last ``TOKEN_REUSE_SECONDS`` (signing one per
    page was a tenth of a miss): tokens are good for days, and a stored page
    carries one as old as the page anyway."""
    now = time.monotonic()
    made = _tokens.get(poll_pk)
    if made is None or made[0] <= now:
        made = _tokens.put(
            poll_pk, (now + TOKEN_REUSE_SECONDS, form_token_for(poll_pk))
        )
    return made[1]


TOKEN_REUSE_SECONDS = 60
# poll id -> (reuse until, token)
_tokens = Memo(64)


def _form():
    """The form of the newest sidebar poll with its token and return address
    left as slots, and the poll's id: ("", None) when there is none."""
    choices = _sidebar_choices()
    if not choices:
        return "", None
    return _widget(choices, token=TOKEN_SLOT, next=NEXT_SLOT), choices[0].poll_id


def _widget(choices, message="", token="", next=""):
    if not choices:
        return ""
    rows, total = result_rows(choices)
    return render_to_string(
        "polls/_widget.html",
        {
            "poll": choices[0].poll,
            "rows": rows,
            "total": total,
            "show_results": bool(message),
            "message": message,
            "token": token,
            "next": next,
        },
    )


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
