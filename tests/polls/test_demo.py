import pytest
from django.utils import timezone

from polls import demo
from polls.models import Choice, Poll, Vote

pytestmark = pytest.mark.django_db


def test_demo_creates_the_interface_poll_with_votes_and_a_closed_poll():
    demo.seed()
    poll = Poll.objects.get(question="Bạn thấy giao diện website như thế nào?")
    assert [c.text for c in poll.choices.all()] == ["Đẹp", "Bình thường", "Xấu"]
    assert (
        sum(c.vote_count for c in poll.choices.all())
        == Vote.objects.filter(poll=poll).count()
        > 0
    )
    assert list(Poll.objects.sidebar()) == [poll]
    assert Poll.objects.closed().count() == 1
    assert Poll.objects.closed().get().closes_at < timezone.now()


def test_demo_twice_creates_nothing_new():
    demo.seed()
    before = (Poll.objects.count(), Choice.objects.count(), Vote.objects.count())
    totals = list(Choice.objects.order_by("pk").values_list("vote_count", flat=True))
    demo.seed()
    assert (
        Poll.objects.count(),
        Choice.objects.count(),
        Vote.objects.count(),
    ) == before
    assert (
        list(Choice.objects.order_by("pk").values_list("vote_count", flat=True))
        == totals
    )


def test_demo_poll_shows_in_the_sidebar_of_the_home_page(client):
    demo.seed()
    html = client.get("/").content.decode()
    assert "Bạn thấy giao diện website như thế nào?" in html
    assert "a. Đẹp" in html and "b. Bình thường" in html and "c. Xấu" in html
