from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from polls.models import Choice, Poll
from polls.services import poll_vote
from polls.tokens import form_token_is_valid
from portal.visitor import COOKIE_NAME as VISITOR_COOKIE
from tests.conftest import count_queries

from .conftest import make_poll, post_vote

pytestmark = pytest.mark.django_db


def render_sidebar(path="/"):
    request = RequestFactory().get(path)
    return Template("{% load polls_tags %}{% sidebar_poll %}").render(
        Context({"request": request})
    )


def cast(poll, *per_choice):
    for choice, count in zip(poll.choices.order_by("order"), per_choice, strict=False):
        for n in range(count):
            poll_vote(
                poll=poll,
                choice_id=choice.pk,
                visitor_key=f"{choice.pk}-{n}",
                ip_hash=f"ip{n}",
            )


# Sidebar widget ------------------------------------------------------------


def test_sidebar_shows_question_lettered_radio_choices_and_links(client, poll):
    html = client.get("/").content.decode()
    assert 'id="binh-chon"' in html
    assert "Bạn thấy giao diện website như thế nào?" in html
    for letter, text in [("a", "Đẹp"), ("b", "Bình thường"), ("c", "Xấu")]:
        choice = Choice.objects.get(poll=poll, text=text)
        assert (
            f'<input type="radio" name="choice" value="{choice.pk}" id="binh-chon-{choice.pk}"'
            in html
        )
        assert f'<label for="binh-chon-{choice.pk}">{letter}. {text}</label>' in html
    assert '<button type="submit" class="poll__submit">Bình chọn</button>' in html
    assert f'href="/binh-chon/{poll.slug}/ket-qua/">Xem kết quả</a>' in html
    assert 'src="/static/portal/site.js" defer' in html


def test_sidebar_html_is_the_same_for_every_visitor(client, poll):
    """No CSRF token or voted state in the HTML: it can be served from a page cache."""
    html = render_sidebar()
    assert "csrfmiddlewaretoken" not in html
    post_vote(client, poll, poll.choices.first())
    after = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in after
    assert "Cảm ơn" not in after and "Bạn đã bình chọn" not in after
    assert '<button type="submit" class="poll__submit">Bình chọn</button>' in after


def test_sidebar_form_carries_a_valid_signed_token(poll):
    html = render_sidebar()
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert form_token_is_valid(token, poll)


def test_sidebar_results_mode_after_no_js_vote_shows_numbers(poll):
    cast(poll, 1, 1, 0)
    html = render_sidebar("/?binh-chon=ket-qua&bc=123")
    assert "Cảm ơn bạn đã bình chọn." in html
    assert "<strong>50%</strong> (1 phiếu)" in html
    assert "<strong>0%</strong> (0 phiếu)" in html
    assert "Tổng bình chọn: <strong>2</strong>" in html
    assert "<form" not in html


def test_sidebar_next_is_the_current_page_without_the_result_parameters(poll):
    html = render_sidebar("/chuyen-muc/tin-tuc/?page=2&binh-chon=khac&bc=9")
    assert 'name="next" value="/chuyen-muc/tin-tuc/?page=2"' in html


def test_sidebar_shows_the_newest_open_sidebar_poll_only(db):
    now = timezone.now()
    make_poll(question="Cũ hơn?", opens_at=now - timedelta(days=5))
    make_poll(question="Mới nhất?", opens_at=now - timedelta(days=1))
    make_poll(
        question="Không ở bên lề?",
        opens_at=now - timedelta(hours=1),
        show_in_sidebar=False,
    )
    make_poll(question="Chưa mở?", opens_at=now + timedelta(hours=1))
    make_poll(
        question="Đã đóng?",
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(minutes=1),
    )
    make_poll(question="Tắt?", opens_at=now - timedelta(minutes=5), is_active=False)
    html = render_sidebar()
    assert "Mới nhất?" in html
    for other in ["Cũ hơn?", "Không ở bên lề?", "Chưa mở?", "Đã đóng?", "Tắt?"]:
        assert other not in html


def test_sidebar_is_empty_without_an_open_poll(db):
    assert render_sidebar().strip() == ""


def test_sidebar_tag_uses_one_query_at_any_size(db):
    counts = []
    for choices in (2, 12):
        for n in range(choices):
            make_poll(
                question=f"Câu hỏi {choices}-{n}?",
                choices=[f"Phương án {i}" for i in range(choices)],
            )
        counts.append(count_queries(render_sidebar))
    assert counts[0] == counts[1] <= 1, counts


# Status endpoint (uncached, per visitor) ------------------------------------


def test_status_says_not_voted_and_gives_a_fresh_token(client, poll):
    response = client.get(f"/binh-chon/{poll.slug}/trang-thai/")
    data = response.json()
    assert data["voted"] is False and data["open"] is True
    assert "html" not in data
    assert form_token_is_valid(data["token"], poll)
    assert "no-cache" in response["Cache-Control"]
    # The visitor cookie comes with it, before any vote.
    assert response.cookies[VISITOR_COOKIE]["httponly"]
    again = client.get(f"/binh-chon/{poll.slug}/trang-thai/")
    assert VISITOR_COOKIE not in again.cookies


def test_status_after_voting_returns_results_and_message(client, poll):
    post_vote(client, poll, poll.choices.first(), json=True)
    data = client.get(f"/binh-chon/{poll.slug}/trang-thai/").json()
    assert data["voted"] is True
    assert "Bạn đã bình chọn" in data["html"]
    assert "Tổng bình chọn: <strong>1</strong>" in data["html"]


def test_status_of_another_visitor_is_not_voted(client, poll):
    post_vote(client, poll, poll.choices.first(), json=True)
    client.cookies.pop(VISITOR_COOKIE)
    assert client.get(f"/binh-chon/{poll.slug}/trang-thai/").json()["voted"] is False


def test_status_of_a_poll_closed_since_the_page_was_cached_shows_results(client, poll):
    Poll.objects.filter(pk=poll.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    data = client.get(f"/binh-chon/{poll.slug}/trang-thai/").json()
    assert data["open"] is False and data["voted"] is False
    assert "Cuộc bình chọn đã kết thúc" in data["html"]
    assert "Tổng bình chọn: <strong>0</strong>" in data["html"]


def test_status_of_unknown_poll_is_404_json(client, db):
    response = client.get("/binh-chon/khong-co/trang-thai/")
    assert response.status_code == 404
    assert (
        response.json()["message"] == "Cuộc bình chọn không tồn tại hoặc đã bị gỡ bỏ."
    )


# Results page and archive ---------------------------------------------------


def test_results_page_shows_percent_count_and_total(client, poll):
    cast(poll, 1, 1, 1)
    html = client.get(f"/binh-chon/{poll.slug}/ket-qua/").content.decode()
    assert "a. Đẹp" in html and "<strong>34%</strong> (1 phiếu)" in html
    assert html.count("<strong>33%</strong> (1 phiếu)") == 2
    assert "Tổng bình chọn: <strong>3</strong>" in html


def test_results_page_with_no_votes_shows_zero_percent(client, poll):
    html = client.get(f"/binh-chon/{poll.slug}/ket-qua/").content.decode()
    assert html.count("<strong>0%</strong> (0 phiếu)") == 3
    assert "Tổng bình chọn: <strong>0</strong>" in html


def test_results_page_shows_large_counts_with_vietnamese_grouping(client, poll):
    Choice.objects.filter(poll=poll, order=1).update(vote_count=57998)
    html = client.get(f"/binh-chon/{poll.slug}/ket-qua/").content.decode()
    assert "(57.998 phiếu)" in html
    assert "Tổng bình chọn: <strong>57.998</strong>" in html


def test_results_of_unknown_future_or_inactive_poll_is_404(client, db):
    future = make_poll(question="Sắp mở?", opens_at=timezone.now() + timedelta(days=1))
    hidden = make_poll(question="Ẩn?", is_active=False)
    for slug in ["khong-co", future.slug, hidden.slug]:
        response = client.get(f"/binh-chon/{slug}/ket-qua/")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()


def test_archive_lists_past_and_current_polls_with_results(client, db):
    now = timezone.now()
    past = make_poll(
        question="Bạn đọc tin trên thiết bị nào?",
        choices=("Điện thoại", "Máy tính"),
        opens_at=now - timedelta(days=60),
    )
    cast(past, 3, 1)
    Poll.objects.filter(pk=past.pk).update(closes_at=now - timedelta(days=30))
    current = make_poll(question="Câu hỏi đang mở?")
    make_poll(question="Chưa mở?", opens_at=now + timedelta(days=1))
    html = client.get("/binh-chon/").content.decode()
    assert "Bạn đọc tin trên thiết bị nào?" in html
    assert "Đã kết thúc" in html and "Đang diễn ra" in html
    assert "<strong>75%</strong> (3 phiếu)" in html
    assert "Tổng bình chọn: <strong>4</strong>" in html
    assert current.question in html
    assert "Chưa mở?" not in html
    # Dates shown dd/mm/yyyy in GMT+7.
    local_close = timezone.localtime(now - timedelta(days=30))
    assert f"Kết thúc: {local_close:%d/%m/%Y %H:%M} (GMT+7)" in html


def test_archive_query_count_does_not_grow_with_polls(client, db):
    counts = []
    for polls in (3, 10):
        for n in range(polls):
            make_poll(question=f"Câu hỏi số {polls}-{n}?")
        client.get("/binh-chon/")  # warm the site profile/menu caches
        counts.append(count_queries(lambda: client.get("/binh-chon/")))
    # count + polls + choices, plus the sidebar poll and the chrome's cached queries
    assert counts[0] == counts[1] <= 4, counts


def test_archive_bad_page_is_404_in_vietnamese(client, db):
    for page in ["99", "abc"]:
        response = client.get(f"/binh-chon/?trang={page}")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()
