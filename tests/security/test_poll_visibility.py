"""Every address of a poll follows the one visibility rule,
``Poll.objects.published()`` (active and opened): a poll not yet open, or switched
off, is a 404 everywhere, and its question, choices and a valid form token never
leave the site before it opens."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polls.models import Choice, Poll
from polls.tokens import make_form_token

pytestmark = pytest.mark.django_db

QUESTION = "Câu hỏi chưa đến ngày mở?"


@pytest.fixture(params=["not-yet-open", "inactive"])
def hidden_poll(request):
    kwargs = (
        {"opens_at": timezone.now() + timedelta(days=2)}
        if request.param == "not-yet-open"
        else {"opens_at": timezone.now() - timedelta(days=2), "is_active": False}
    )
    poll = Poll.objects.create(question=QUESTION, **kwargs)
    Choice.objects.create(poll=poll, text="Lựa chọn bí mật", order=1)
    return poll


@pytest.mark.parametrize("name", ["results", "status"])
def test_every_page_of_a_hidden_poll_is_a_404(client, hidden_poll, name):
    response = client.get(reverse(f"polls:{name}", kwargs={"slug": hidden_poll.slug}))
    assert response.status_code == 404
    text = response.content.decode()
    assert QUESTION not in text
    assert "Lựa chọn bí mật" not in text
    if name == "status":
        assert "token" not in response.json()


def test_a_vote_for_a_hidden_poll_is_a_404(client, hidden_poll):
    response = client.post(
        reverse("polls:vote", kwargs={"slug": hidden_poll.slug}),
        {"choice": hidden_poll.choices.get().pk, "token": make_form_token(hidden_poll)},
        HTTP_ORIGIN="http://testserver",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 404
    assert hidden_poll.votes.count() == 0


def test_the_archive_and_sidebar_do_not_show_it(client, hidden_poll):
    for path in ("/", "/binh-chon/"):
        assert QUESTION not in client.get(path).content.decode()


def test_once_open_every_page_answers(client):
    poll = Poll.objects.create(
        question="Câu hỏi đang mở?", opens_at=timezone.now() - timedelta(minutes=1)
    )
    Choice.objects.create(poll=poll, text="Có", order=1)
    for name in ("results", "status"):
        response = client.get(reverse(f"polls:{name}", kwargs={"slug": poll.slug}))
        assert response.status_code == 200
    assert client.get(reverse("polls:status", kwargs={"slug": poll.slug})).json()[
        "open"
    ]
