import csv
import io

import pytest
from openpyxl import load_workbook

from polls.models import Choice, Poll
from polls.services import poll_vote

from .conftest import make_poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "bientap", "bt@example.gov.vn", "matkhau-123"
    )
    client.force_login(user)
    return client


def inline_data(poll=None, rows=()):
    """POST data for the poll change form with the choices inline."""
    data = {
        "question": "Bạn đánh giá chuyên mục Hỏi đáp thế nào?",
        "slug": "",
        "opens_at_0": "01/11/2026",
        "opens_at_1": "08:00:00",
        "closes_at_0": "",
        "closes_at_1": "",
        "is_active": "on",
        "show_in_sidebar": "on",
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, (order, text) in enumerate(rows):
        data[f"choices-{i}-order"] = str(order)
        data[f"choices-{i}-text"] = text
    return data


def test_admin_creates_a_poll_with_ordered_choices_inline(staff_client):
    response = staff_client.post(
        "/quan-tri/polls/poll/add/",
        inline_data(rows=[(2, "Hữu ích"), (1, "Rất hữu ích"), (3, "Chưa hữu ích")]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    poll = Poll.objects.get()
    assert poll.slug == "ban-danh-gia-chuyen-muc-hoi-dap-the-nao"
    assert [c.text for c in poll.choices.all()] == [
        "Rất hữu ích",
        "Hữu ích",
        "Chưa hữu ích",
    ]


def test_admin_change_form_shows_inline_with_read_only_counts(staff_client):
    poll = make_poll()
    choice = poll.choices.first()
    poll_vote(poll=poll, choice_id=choice.pk, visitor_key="v", ip_hash="i")
    html = staff_client.get(f"/quan-tri/polls/poll/{poll.pk}/change/").content.decode()
    assert 'name="choices-0-text"' in html
    assert 'name="choices-0-vote_count"' not in html  # read-only, not an input
    assert 'name="choices-TOTAL_FORMS" value="3"' in html  # extra = 0


def test_admin_cannot_overwrite_vote_counts_by_posting_them(staff_client):
    poll = make_poll(choices=("Đẹp",))
    choice = poll.choices.get()
    poll_vote(poll=poll, choice_id=choice.pk, visitor_key="v", ip_hash="i")
    data = inline_data(rows=[(1, "Đẹp mắt")])
    data.update(
        {
            "question": poll.question,
            "slug": poll.slug,
            "choices-INITIAL_FORMS": "1",
            "choices-0-id": str(choice.pk),
            "choices-0-poll": str(poll.pk),
            "choices-0-vote_count": "9999",
        }
    )
    response = staff_client.post(f"/quan-tri/polls/poll/{poll.pk}/change/", data)
    assert response.status_code == 302
    choice.refresh_from_db()
    assert choice.text == "Đẹp mắt"
    assert choice.vote_count == 1


def test_admin_rejects_closing_before_opening(staff_client):
    data = inline_data(rows=[(1, "Có")])
    data.update({"closes_at_0": "01/10/2026", "closes_at_1": "08:00:00"})
    response = staff_client.post("/quan-tri/polls/poll/add/", data)
    assert response.status_code == 200
    assert Poll.objects.count() == 0


def test_admin_poll_list_shows_total_votes(staff_client):
    poll = make_poll()
    for n, choice in enumerate(poll.choices.all()):
        poll_vote(poll=poll, choice_id=choice.pk, visitor_key=f"v{n}", ip_hash="i")
    html = staff_client.get("/quan-tri/polls/poll/").content.decode()
    assert poll.question in html
    assert '<td class="field-total_votes">3</td>' in html
    assert "Tổng bình chọn" in html  # Vietnamese column label from the .po file


def export(staff_client, poll, file_format):
    from polls.admin import PollResultAdmin

    formats = [f().get_title() for f in PollResultAdmin.formats]
    response = staff_client.post(
        f"/quan-tri/polls/pollresult/export/?poll__id__exact={poll.pk}",
        {
            "format": str(formats.index(file_format)),
            "resource": "0",
            **{
                f"pollresultresource_{name}": "on"
                for name in ["poll", "letter", "text", "vote_count", "percent", "total"]
            },
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def test_results_export_csv_has_counts_percent_and_is_formula_safe(staff_client):
    poll = make_poll(
        question='=HYPERLINK("http://x")', choices=("Đẹp", "+Bình thường", "@Xấu")
    )
    choices = list(poll.choices.order_by("order"))
    for n in range(3):
        poll_vote(poll=poll, choice_id=choices[0].pk, visitor_key=f"a{n}", ip_hash="i")
    poll_vote(poll=poll, choice_id=choices[1].pk, visitor_key="b", ip_hash="i")
    response = export(staff_client, poll, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    body = rows[1:]
    assert [r[1:] for r in body] == [
        ["a", "Đẹp", "3", "75", "4"],
        ["b", "'+Bình thường", "1", "25", "4"],
        ["c", "'@Xấu", "0", "0", "4"],
    ]
    for row in body:
        assert not row[0].startswith(("=", "+", "-", "@"))


def test_results_export_xlsx_opens_in_a_spreadsheet(staff_client):
    poll = make_poll()
    choice = poll.choices.order_by("order").first()
    poll_vote(poll=poll, choice_id=choice.pk, visitor_key="a", ip_hash="i")
    response = export(staff_client, poll, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:3] == ["Bạn thấy giao diện website như thế nào?", "a", "Đẹp"]
    assert [str(v) for v in values[1][3:]] == ["1", "100", "1"]
    assert len(values) == 4


def test_results_admin_is_read_only(staff_client):
    poll = make_poll()
    choice = Choice.objects.filter(poll=poll).first()
    assert staff_client.get("/quan-tri/polls/pollresult/add/").status_code == 403
    response = staff_client.post(
        f"/quan-tri/polls/pollresult/{choice.pk}/change/", {"text": "x"}
    )
    assert response.status_code == 403
    choice.refresh_from_db()
    assert choice.text == "Đẹp"
