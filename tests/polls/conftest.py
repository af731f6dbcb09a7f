from datetime import timedelta

import pytest
from django.utils import timezone

from polls.models import Choice, Poll
from polls.tokens import make_form_token

ORIGIN = "http://testserver"


def make_poll(
    question="Bạn thấy giao diện website như thế nào?",
    choices=("Đẹp", "Bình thường", "Xấu"),
    **fields,
):
    fields.setdefault("opens_at", timezone.now() - timedelta(days=1))
    poll = Poll.objects.create(question=question, **fields)
    for order, text in enumerate(choices, start=1):
        Choice.objects.create(poll=poll, text=text, order=order)
    return poll


@pytest.fixture
def poll(db):
    return make_poll()


def vote_data(poll, choice, **extra):
    data = {
        "choice": choice.pk if isinstance(choice, Choice) else choice,
        "token": make_form_token(poll),
        "next": "/",
    }
    data.update(extra)
    return data


def post_vote(client, poll, choice, *, json=False, origin=ORIGIN, data=None, **headers):
    if origin is not None:
        headers.setdefault("HTTP_ORIGIN", origin)
    if json:
        headers.setdefault("HTTP_X_REQUESTED_WITH", "XMLHttpRequest")
        headers.setdefault("HTTP_ACCEPT", "application/json")
    return client.post(
        f"/binh-chon/{poll.slug}/gui/",
        data if data is not None else vote_data(poll, choice),
        **headers,
    )


def counts(poll):
    return [c.vote_count for c in Choice.objects.filter(poll=poll).order_by("order")]
