from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from polls import services
from polls.models import Choice, Poll, Vote
from polls.services import poll_vote
from polls.tokens import (
    LEGACY_COOKIE,
    LEGACY_SALT,
    TOKEN_SALT,
    make_form_token,
    visitor_key,
)
from portal.visitor import COOKIE_NAME as VISITOR_COOKIE

from .conftest import ORIGIN, counts, make_poll, post_vote, vote_data

pytestmark = pytest.mark.django_db


def first_choice(poll):
    return poll.choices.order_by("order").first()


# Voting --------------------------------------------------------------------


def test_form_vote_counts_and_redirects_back_to_the_page_with_results(client, poll):
    choice = first_choice(poll)
    response = post_vote(
        client,
        poll,
        choice,
        data=vote_data(poll, choice, next="/chuyen-muc/tin-tuc/?page=2"),
    )
    assert response.status_code == 303
    location = response["Location"]
    assert location.startswith("/chuyen-muc/tin-tuc/?page=2&binh-chon=ket-qua&bc=")
    assert location.endswith("#binh-chon")
    assert counts(poll) == [1, 0, 0]
    assert VISITOR_COOKIE in response.cookies
    assert response.cookies[VISITOR_COOKIE]["httponly"]

    page = client.get("/?binh-chon=ket-qua&bc=1")
    html = page.content.decode()
    assert "Cảm ơn bạn đã bình chọn." in html
    assert "Tổng bình chọn: <strong>1</strong>" in html
    assert "<strong>100%</strong> (1 phiếu)" in html


def test_form_vote_with_a_foreign_next_goes_to_the_results_page_instead(client, poll):
    choice = first_choice(poll)
    response = post_vote(
        client, poll, choice, data=vote_data(poll, choice, next="https://evil.example/")
    )
    assert response.status_code == 303
    assert response["Location"].startswith(
        f"/binh-chon/{poll.slug}/ket-qua/?binh-chon=ket-qua"
    )


def test_fetch_vote_returns_results_html_in_json(client, poll):
    choice = poll.choices.order_by("order")[1]
    response = post_vote(client, poll, choice, json=True)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert "Cảm ơn bạn đã bình chọn." in data["html"]
    assert "b. Bình thường" in data["html"]
    assert "Tổng bình chọn: <strong>1</strong>" in data["html"]
    assert counts(poll) == [0, 1, 0]
    assert "no-cache" in response["Cache-Control"]


def test_stored_vote_keeps_no_raw_cookie_or_ip(client, poll):
    post_vote(client, poll, first_choice(poll), REMOTE_ADDR="203.0.113.9")
    vote = Vote.objects.get()
    cookie_value = client.cookies[VISITOR_COOKIE].value
    visitor_id = cookie_value.split(".")[0]
    assert visitor_id not in vote.visitor_key
    assert "203.0.113.9" not in vote.ip_hash
    assert len(vote.visitor_key) == 64 and len(vote.ip_hash) == 64


# One vote per visitor ------------------------------------------------------


def test_second_vote_by_the_same_visitor_is_refused_and_not_counted(client, poll):
    choices = list(poll.choices.order_by("order"))
    post_vote(client, poll, choices[0])
    response = post_vote(client, poll, choices[2], json=True)
    assert response.status_code == 409
    data = response.json()
    assert data["message"].startswith("Bạn đã bình chọn")
    assert "Tổng bình chọn: <strong>1</strong>" in data["html"]
    assert counts(poll) == [1, 0, 0]
    assert Vote.objects.count() == 1


def test_second_form_vote_redirects_with_the_already_voted_message(client, poll):
    choice = first_choice(poll)
    post_vote(client, poll, choice)
    response = post_vote(client, poll, choice)
    assert response.status_code == 303
    assert "binh-chon=da-binh-chon" in response["Location"]
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Bạn đã bình chọn cho câu hỏi này." in html
    assert counts(poll) == [1, 0, 0]


def test_unique_constraint_refuses_a_second_vote_even_without_the_check(poll):
    """The database, not only the service's check, holds one vote per visitor."""
    from django.db import IntegrityError, transaction

    choice = first_choice(poll)
    Vote.objects.create(
        poll=poll, choice=choice, visitor_key="k" * 64, ip_hash="i" * 64
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            poll=poll, choice=choice, visitor_key="k" * 64, ip_hash="j" * 64
        )


def test_colleagues_behind_one_address_each_have_a_vote(client, poll):
    """One office address, one browser build: every browser has its own vote,
    and the visitor cookie it got while reading the page is what it votes with."""
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36"
    for _colleague in range(3):
        client.cookies.clear()
        client.get("/", HTTP_USER_AGENT=ua)  # reading the page gives the cookie
        assert VISITOR_COOKIE in client.cookies
        response = post_vote(
            client, poll, first_choice(poll), json=True, HTTP_USER_AGENT=ua
        )
        assert response.status_code == 200
        again = post_vote(
            client, poll, first_choice(poll), json=True, HTTP_USER_AGENT=ua
        )
        assert again.status_code == 409
    assert counts(poll) == [3, 0, 0]


def test_a_voter_with_the_older_poll_cookie_cannot_vote_again(client, poll):
    """Votes cast before the poll and the counter shared the visitor cookie were
    keyed on the poll's own cookie; while it lasts it still names the voter."""
    client.cookies.clear()
    response = client.get("/")
    response.set_signed_cookie(
        LEGACY_COOKIE, "nguoi-doc-cu-0123456789", salt=LEGACY_SALT
    )
    client.cookies[LEGACY_COOKIE] = response.cookies[LEGACY_COOKIE].value
    Vote.objects.create(
        poll=poll,
        choice=first_choice(poll),
        visitor_key=visitor_key("nguoi-doc-cu-0123456789", poll),
        ip_hash="x",
    )
    refused = post_vote(client, poll, first_choice(poll), json=True)
    assert refused.status_code == 409
    assert Vote.objects.filter(poll=poll).count() == 1


def test_the_same_visitor_may_vote_in_two_polls(client, poll):
    other = make_poll(question="Câu hỏi thứ hai?", choices=("Có", "Không"))
    assert post_vote(client, poll, first_choice(poll), json=True).status_code == 200
    assert post_vote(client, other, first_choice(other), json=True).status_code == 200


def test_forged_visitor_cookie_is_ignored_and_a_new_one_issued(client, poll):
    client.cookies[VISITOR_COOKIE] = "forged-value-without-signature"
    response = post_vote(client, poll, first_choice(poll), json=True)
    assert response.status_code == 200
    assert response.cookies[VISITOR_COOKIE].value != "forged-value-without-signature"


# Rate limit per address ----------------------------------------------------


def test_an_office_of_50_behind_one_address_can_all_vote(client, poll, settings):
    choice = first_choice(poll)
    for _ in range(50):
        client.cookies.clear()
        assert (
            post_vote(
                client, poll, choice, json=True, REMOTE_ADDR="198.51.100.7"
            ).status_code
            == 200
        )
    assert counts(poll) == [50, 0, 0]


def test_a_script_clearing_cookies_is_stopped_by_the_address_limit(
    client, poll, settings
):
    settings.POLLS_VOTES_PER_IP_PER_HOUR = 60
    choice = first_choice(poll)
    statuses = []
    for _ in range(80):
        client.cookies.clear()
        statuses.append(
            post_vote(
                client, poll, choice, json=True, REMOTE_ADDR="198.51.100.8"
            ).status_code
        )
    assert statuses.count(200) == 60
    assert statuses[60:] == [429] * 20
    assert counts(poll) == [60, 0, 0]
    client.cookies.clear()
    refused = post_vote(client, poll, choice, json=True, REMOTE_ADDR="198.51.100.8")
    assert "quá nhiều bình chọn" in refused.json()["message"]
    # Another address is not affected.
    client.cookies.clear()
    assert (
        post_vote(
            client, poll, choice, json=True, REMOTE_ADDR="198.51.100.9"
        ).status_code
        == 200
    )


def test_address_limit_counts_only_the_last_hour(poll, settings):
    settings.POLLS_VOTES_PER_IP_PER_HOUR = 3
    choice = first_choice(poll)
    now = timezone.now()
    for n in range(3):
        poll_vote(
            poll=poll,
            choice_id=choice.pk,
            visitor_key=f"old{n}",
            ip_hash="same-ip",
            now=now - timedelta(minutes=61),
        )
    # Three votes 61 minutes ago do not count against the limit now.
    for n in range(3):
        poll_vote(
            poll=poll,
            choice_id=choice.pk,
            visitor_key=f"new{n}",
            ip_hash="same-ip",
            now=now,
        )
    from polls.services import TooManyVotes

    with pytest.raises(TooManyVotes):
        poll_vote(
            poll=poll,
            choice_id=choice.pk,
            visitor_key="new3",
            ip_hash="same-ip",
            now=now,
        )
    assert counts(poll) == [6, 0, 0]


# Bad input: 4xx, a Vietnamese message, nothing stored -------------------------


def assert_refused(response, status, text, poll):
    assert response.status_code == status
    assert text in response.content.decode()
    assert Vote.objects.count() == 0
    assert sum(counts(poll)) == 0


def test_choice_of_another_poll_is_refused(client, poll):
    other = make_poll(question="Câu hỏi khác?", choices=("Có",))
    foreign = first_choice(other)
    response = post_vote(client, poll, foreign)
    assert_refused(response, 400, "Phương án bạn chọn không thuộc câu hỏi này", poll)
    assert counts(other) == [0]


@pytest.mark.parametrize(
    "value", ["", "abc", "1.5", "-3", "0", "99999999999999999999999", "999999"]
)
def test_missing_non_numeric_or_unknown_choice_is_refused(client, poll, value):
    data = vote_data(poll, value)
    response = post_vote(client, poll, None, data=data)
    assert response.status_code == 400
    assert "Vui lòng" in response.content.decode()
    assert Vote.objects.count() == 0


def test_choice_field_left_out_is_refused(client, poll):
    data = vote_data(poll, 1)
    del data["choice"]
    response = post_vote(client, poll, None, data=data)
    assert_refused(response, 400, "Vui lòng chọn một phương án", poll)


def test_closed_poll_refuses_votes(client):
    now = timezone.now()
    poll = make_poll(
        opens_at=now - timedelta(days=10), closes_at=now - timedelta(seconds=1)
    )
    response = post_vote(client, poll, first_choice(poll))
    assert_refused(response, 403, "Cuộc bình chọn đã kết thúc", poll)


def test_poll_that_has_not_opened_refuses_votes(client):
    # Like its other pages, a poll not yet open is not there for readers yet.
    poll = make_poll(opens_at=timezone.now() + timedelta(hours=1))
    response = post_vote(client, poll, first_choice(poll), json=True)
    assert response.status_code == 404
    assert response.json()["message"] == services.PollNotFound.message
    assert Vote.objects.count() == 0
    # The service keeps its own check for any other caller.
    with pytest.raises(services.PollNotStarted):
        services.poll_vote(
            poll=poll,
            choice_id=first_choice(poll).pk,
            visitor_key="v",
            ip_hash="i",
        )


def test_poll_open_until_its_closing_time(poll):
    now = timezone.now()
    poll.closes_at = now + timedelta(minutes=5)
    poll.save()
    assert poll.is_open(now)
    assert not poll.is_open(now + timedelta(minutes=5))
    assert list(Poll.objects.open(now)) == [poll]
    assert list(Poll.objects.open(now + timedelta(minutes=5))) == []
    assert list(Poll.objects.closed(now + timedelta(minutes=5))) == [poll]


def test_deleted_poll_gives_404(client, poll):
    choice_id = first_choice(poll).pk
    data = vote_data(poll, choice_id)
    slug = poll.slug
    poll.delete()
    response = client.post(f"/binh-chon/{slug}/gui/", data, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 404
    assert "Cuộc bình chọn không tồn tại" in response.content.decode()
    assert Vote.objects.count() == 0


def test_inactive_poll_gives_404(client, poll):
    Poll.objects.filter(pk=poll.pk).update(is_active=False)
    response = post_vote(client, poll, first_choice(poll))
    assert_refused(response, 404, "Cuộc bình chọn không tồn tại", poll)


def test_get_to_the_vote_url_is_405_with_a_vietnamese_page(client, poll):
    response = client.get(f"/binh-chon/{poll.slug}/gui/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "chỉ nhận phiếu bình chọn" in response.content.decode()


def test_missing_token_is_refused(client, poll):
    data = vote_data(poll, first_choice(poll))
    del data["token"]
    response = post_vote(client, poll, None, data=data)
    assert_refused(response, 403, "Phiếu bình chọn không hợp lệ hoặc đã hết hạn", poll)


def test_forged_token_is_refused(client, poll):
    data = vote_data(poll, first_choice(poll), token="MQ:1xUuV9:forgedforgedforged")
    assert_refused(post_vote(client, poll, None, data=data), 403, "không hợp lệ", poll)


def test_token_of_another_poll_is_refused(client, poll):
    other = make_poll(question="Câu hỏi khác?")
    data = vote_data(poll, first_choice(poll), token=make_form_token(other))
    assert_refused(post_vote(client, poll, None, data=data), 403, "không hợp lệ", poll)


def test_expired_token_is_refused(client, poll):
    class EightDaysAgoSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(timezone.now().timestamp()) - 8 * 24 * 3600)

    token = EightDaysAgoSigner(salt=TOKEN_SALT).sign_object(poll.pk)
    data = vote_data(poll, first_choice(poll), token=token)
    assert_refused(post_vote(client, poll, None, data=data), 403, "hết hạn", poll)


def test_vote_from_another_site_is_refused(client, poll):
    response = post_vote(
        client, poll, first_choice(poll), origin="https://evil.example"
    )
    assert_refused(response, 403, "không hợp lệ", poll)


def test_vote_with_neither_origin_nor_referer_is_refused(client, poll):
    response = post_vote(client, poll, first_choice(poll), origin=None)
    assert_refused(response, 403, "không hợp lệ", poll)


def test_vote_with_same_site_referer_and_no_origin_is_accepted(client, poll):
    response = post_vote(
        client,
        poll,
        first_choice(poll),
        origin=None,
        HTTP_REFERER="http://testserver/lien-he/",
    )
    assert response.status_code == 303
    assert counts(poll) == [1, 0, 0]


def test_bad_input_answers_json_to_fetch(client, poll):
    data = vote_data(poll, "abc")
    response = post_vote(client, poll, None, data=data, json=True)
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "message": "Vui lòng chọn một phương án trước khi bấm “Bình chọn”.",
    }


def test_saving_a_stale_choice_does_not_undo_votes(poll):
    """vote_count is only changed by the service's F() update, never written back."""
    choice = first_choice(poll)
    poll_vote(poll=poll, choice_id=choice.pk, visitor_key="a", ip_hash="x")
    stale = Choice.objects.get(pk=choice.pk)
    poll_vote(poll=poll, choice_id=choice.pk, visitor_key="b", ip_hash="x")
    stale.text = "Đẹp lắm"
    stale.save()  # saving a stale copy must not write the old count back
    fresh = Choice.objects.get(pk=choice.pk)
    assert fresh.vote_count == 2
    assert fresh.text == "Đẹp lắm"
