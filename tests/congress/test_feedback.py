"""Citizens' feedback on draft documents: window, moderation, spam defences, export."""

import io
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

from congress.forms import feedback_form_token
from congress.models import Feedback, FeedbackStatus
from congress.resources import FeedbackResource
from congress.services import (
    FeedbackClosed,
    FeedbackRateLimited,
    FeedbackRefused,
    feedback_moderate,
    feedback_submit,
)
from tests.factories import make_congress, make_document, make_feedback, make_open_draft

pytestmark = pytest.mark.django_db

COMMENT = "Đề nghị bổ sung chỉ tiêu về chuyển đổi số vào Phần II, mục 3."


def _form(document, *, seconds_ago=10, **overrides):
    data = {
        "name": "Nguyễn Văn Dân",
        "email": "dan@example.vn",
        "phone": "",
        "section": "Phần II",
        "content": COMMENT,
        "website": "",
        "token": feedback_form_token(document, issued_at=time.time() - seconds_ago),
    }
    data.update(overrides)
    return data


def _url(document):
    return reverse("congress:document_feedback", args=[document.slug])


# --- The comment window ---


def test_accepts_comments_only_between_publication_and_closing_time():
    now = timezone.now()
    document = make_open_draft()
    document.published_at = now - timedelta(days=1)
    document.comments_close_at = now + timedelta(hours=2)
    assert document.accepts_comments(now)
    assert not document.accepts_comments(now + timedelta(hours=2))  # closing moment
    assert not document.accepts_comments(now + timedelta(days=3))
    assert not document.accepts_comments(now - timedelta(days=2))  # not yet published
    document.comments_open = False
    assert not document.accepts_comments(now)


def test_open_draft_page_links_to_the_form_and_form_page_is_never_cached(client):
    document = make_open_draft()
    page = client.get(document.get_absolute_url()).content.decode()
    assert _url(document) in page
    assert "csrfmiddlewaretoken" not in page  # the cacheable page holds no token
    response = client.get(_url(document))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_closed_window_refuses_and_stores_nothing(client):
    document = make_document(
        comments_open=True, comments_close_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(_url(document)).status_code == 403
    response = client.post(_url(document), _form(document))
    assert response.status_code == 403
    assert "Đã hết thời gian lấy ý kiến" in response.content.decode()
    assert not Feedback.objects.exists()
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Đã hết thời gian lấy ý kiến" in page and _url(document) not in page


def test_document_not_open_for_comments_refuses(client):
    document = make_document()
    response = client.post(_url(document), _form(document))
    assert response.status_code == 403
    assert "không mở lấy ý kiến" in response.content.decode()
    assert not Feedback.objects.exists()


def test_unpublished_draft_has_no_form(client):
    document = make_open_draft(published_at=timezone.now() + timedelta(days=1))
    assert client.post(_url(document), _form(document)).status_code == 404
    assert not Feedback.objects.exists()


def test_service_refuses_after_closing_time():
    document = make_open_draft()
    with pytest.raises(FeedbackRefused) as info:
        feedback_submit(
            document=document,
            name="A",
            email="a@example.vn",
            content=COMMENT,
            ip_hash="h",
            now=document.comments_close_at + timedelta(seconds=1),
        )
    assert isinstance(info.value, FeedbackClosed)
    assert info.value.status == 403


# --- Submission and moderation ---


def test_submission_is_stored_pending_and_not_public_until_approved(
    client, admin_client
):
    congress = make_congress()
    document = make_open_draft(congress=congress)
    response = client.post(_url(document), _form(document))
    assert response.status_code == 302
    sent = client.get(response["Location"])
    assert "đang chờ Ban biên tập xem xét" in sent.content.decode()
    feedback = Feedback.objects.get()
    assert feedback.status == FeedbackStatus.PENDING
    assert feedback.ip_hash and "127.0.0.1" not in feedback.ip_hash

    congress_page = reverse("congress:feedback", args=[congress.slug])
    assert COMMENT not in client.get(document.get_absolute_url()).content.decode()
    assert COMMENT not in client.get(congress_page).content.decode()

    admin_client.post(
        reverse("admin:congress_feedback_changelist"),
        {"action": "approve", "_selected_action": [feedback.pk]},
    )
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.APPROVED
    assert feedback.moderated_by.username == "admin"
    assert feedback.moderated_at is not None
    assert COMMENT in client.get(document.get_absolute_url()).content.decode()
    assert COMMENT in client.get(congress_page).content.decode()
    # Contact details are never shown publicly.
    assert "dan@example.vn" not in client.get(congress_page).content.decode()


def test_rejected_feedback_stays_hidden(client, admin_user):
    document = make_open_draft()
    feedback = make_feedback(document, content="Nội dung không phù hợp để đăng.")
    changed = feedback_moderate(
        queryset=Feedback.objects.filter(pk=feedback.pk),
        status=FeedbackStatus.REJECTED,
        user=admin_user,
    )
    assert changed == 1
    assert (
        "không phù hợp" not in client.get(document.get_absolute_url()).content.decode()
    )


def test_admin_index_shows_the_pending_count(admin_client):
    document = make_open_draft()
    make_feedback(document)
    make_feedback(document)
    make_feedback(document, status=FeedbackStatus.APPROVED)
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Ý kiến đóng góp chờ duyệt: 2" in html


def test_validation_error_keeps_the_text_and_names_the_problem(client):
    document = make_open_draft()
    response = client.post(_url(document), _form(document, email="", phone=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "thư điện tử hoặc số điện thoại" in html
    assert COMMENT in html  # the textarea comes back filled
    assert 'value="Nguyễn Văn Dân"' in html
    assert not Feedback.objects.exists()


def test_phone_alone_is_enough(client):
    document = make_open_draft()
    response = client.post(
        _url(document), _form(document, email="", phone="0912 345 678")
    )
    assert response.status_code == 302
    assert Feedback.objects.get().phone == "0912 345 678"


# --- Spam defences ---


def test_honeypot_filled_is_refused(client):
    document = make_open_draft()
    response = client.post(_url(document), _form(document, website="http://spam"))
    assert response.status_code == 400
    assert "Ô này phải để trống" in response.content.decode()
    assert not Feedback.objects.exists()


def test_sent_too_fast_is_refused_and_form_comes_back_with_a_fresh_token(client):
    document = make_open_draft()
    data = _form(document, seconds_ago=1)
    response = client.post(_url(document), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bạn gửi quá nhanh" in html
    assert COMMENT in html
    assert data["token"] not in html
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "giả-mạo",
        pytest.param(None, id="other-document"),
        pytest.param("expired", id="expired"),
    ],
)
def test_forged_or_stale_tokens_are_refused(client, token):
    document = make_open_draft()
    if token is None:
        token = feedback_form_token(make_open_draft(), issued_at=time.time() - 10)
    elif token == "expired":
        token = feedback_form_token(document, issued_at=time.time() - 3 * 86400)
    response = client.post(_url(document), _form(document, token=token))
    assert response.status_code == 400
    assert "Vui lòng kiểm tra nội dung và gửi lại" in response.content.decode()
    assert not Feedback.objects.exists()


def test_rate_limit_per_address(client):
    document = make_open_draft()
    for n in range(5):
        response = client.post(
            _url(document), _form(document, content=f"{COMMENT} {n}")
        )
        assert response.status_code == 302
    response = client.post(_url(document), _form(document, content="Ý kiến thứ sáu."))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bạn đã gửi nhiều ý kiến trong một giờ qua" in html
    assert "Ý kiến thứ sáu." in html
    assert Feedback.objects.count() == 5
    other = client.post(
        _url(document),
        _form(document, content="Từ một địa chỉ khác."),
        REMOTE_ADDR="10.1.2.3",
    )
    assert other.status_code == 302


def test_rate_limit_window_is_one_hour():
    document = make_open_draft(published_at=timezone.now() - timedelta(days=2))
    now = timezone.now()
    for n in range(5):
        feedback_submit(
            document=document,
            name="A",
            email="a@example.vn",
            content=f"Góp ý {n}",
            ip_hash="same",
            now=now - timedelta(minutes=61),
        )
    feedback_submit(
        document=document,
        name="A",
        email="a@example.vn",
        content="Sau một giờ",
        ip_hash="same",
        now=now,
    )
    for n in range(4):
        feedback_submit(
            document=document,
            name="A",
            email="a@example.vn",
            content=f"Trong giờ {n}",
            ip_hash="same",
            now=now,
        )
    with pytest.raises(FeedbackRefused) as info:
        feedback_submit(
            document=document,
            name="A",
            email="a@example.vn",
            content="Quá giới hạn",
            ip_hash="same",
            now=now,
        )
    assert isinstance(info.value, FeedbackRateLimited)
    assert info.value.status == 429


def test_missing_csrf_token_is_refused_in_vietnamese():
    document = make_open_draft()
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(document), _form(document))
    assert response.status_code == 403
    assert not Feedback.objects.exists()
    html = response.content.decode()
    assert "<html" in html and 'lang="vi"' in html


def test_with_the_csrf_token_from_the_form_submission_works():
    document = make_open_draft()
    client = Client(enforce_csrf_checks=True)
    form_page = client.get(_url(document))
    token = form_page.context["csrf_token"]
    data = _form(document, csrfmiddlewaretoken=str(token))
    assert client.post(_url(document), data).status_code == 302
    assert Feedback.objects.count() == 1


# --- Export ---


DANGEROUS = [
    '=HYPERLINK("http://x.example","bấm")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
]


def _export_rows():
    document = make_open_draft(number="42-KH/ĐUK")
    for content in DANGEROUS:
        make_feedback(document, content=content, name="=cmd|' /C calc'!A0")
    return FeedbackResource().export()


def test_csv_export_neutralizes_formulas():
    text = CSV().export_data(_export_rows())
    for content in DANGEROUS:
        assert f"'{content}" in text or f"\"'{content}" in text.replace('""', '"')
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@"))
    assert "42-KH/ĐUK" in text


def test_xlsx_export_has_no_formula_cells():
    data = XLSX().export_data(_export_rows())
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(DANGEROUS)
    contents = set()
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t"))
        contents.add(row[7].value)
    assert contents == {f"'{content}" for content in DANGEROUS}


def test_admin_export_page_offers_csv_and_xlsx(admin_client):
    response = admin_client.get(reverse("admin:congress_feedback_export"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "csv" in html.lower() and "xlsx" in html.lower()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_cannot_beat_the_rate_limit(requires_postgres):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    document = make_open_draft()

    def submit(n):
        try:
            feedback_submit(
                document=document,
                name="Cùng địa chỉ",
                email="a@example.vn",
                content=f"Góp ý song song {n}",
                ip_hash="cung-dia-chi",
            )
            return "ok"
        except FeedbackRateLimited:
            return "rate_limited"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(submit, range(12)))
    assert results.count("ok") == 5
    assert results.count("rate_limited") == 7
    assert Feedback.objects.filter(ip_hash="cung-dia-chi").count() == 5


def test_status_changed_on_the_edit_page_records_the_moderator(admin_client):
    document = make_open_draft()
    feedback = make_feedback(document)
    url = reverse("admin:congress_feedback_change", args=[feedback.pk])
    response = admin_client.post(url, {"status": FeedbackStatus.APPROVED})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.APPROVED
    assert feedback.moderated_by.username == "admin"
    assert feedback.content.startswith("Ý kiến góp ý")  # read-only, unchanged
