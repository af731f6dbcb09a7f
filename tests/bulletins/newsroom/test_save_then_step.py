"""Workflow buttons save the form first; scheduled rows say so; withdrawing asks
for confirmation and a reason; bulk steps are checked row by row (issue 16)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bulletins import services
from bulletins.models import Article, ArticleTransition
from tests.factories import make_article, make_category

from .test_workflow import LIST_URL, article_form, change_url, draft_by

pytestmark = pytest.mark.django_db


def form_of(article, **extra):
    data = article_form(
        article.category,
        title=article.title,
        slug=article.slug,
        lead=article.lead,
        body=article.body,
    )
    data.pop("published_at_0")
    data.pop("published_at_1")
    data.update(extra)
    return data


def test_reporter_edits_lead_then_submits_and_the_edit_is_kept(roles, login):
    article = draft_by(roles.reporter, category=make_category("Tin tức"))
    client = login(roles.reporter)
    response = client.post(
        change_url(article),
        form_of(article, lead="Tóm tắt mới của phóng viên", _workflow_step="submit"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.lead == "Tóm tắt mới của phóng viên"
    assert article.status == Article.Status.REVIEW
    page = client.get(change_url(article), follow=True).content.decode()
    assert "Đã lưu các thay đổi" in page


def test_head_edits_lead_then_publishes_and_readers_see_the_new_lead(
    roles, login, client
):
    article = make_article(
        "Tin đã duyệt", status=Article.Status.APPROVED, category=make_category("Tin")
    )
    head = login(roles.head)
    data = form_of(article, lead="Tóm tắt sửa trước khi đăng", _workflow_step="publish")
    data["published_at_0"] = ""
    data["published_at_1"] = ""
    response = head.post(change_url(article), data)
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    if response.status_code == 200:
        # The publication time is required: the form refused, nothing moved.
        assert article.status == Article.Status.APPROVED
        past = timezone.localtime(timezone.now() - timedelta(hours=1))
        data["published_at_0"] = past.strftime("%d/%m/%Y")
        data["published_at_1"] = past.strftime("%H:%M")
        assert head.post(change_url(article), data).status_code == 302
        article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    client.logout()
    assert (
        "Tóm tắt sửa trước khi đăng"
        in client.get(article.get_absolute_url()).content.decode()
    )


def test_a_form_error_saves_nothing_and_takes_no_step(roles, login):
    article = draft_by(roles.reporter, category=make_category("Tin tức"))
    client = login(roles.reporter)
    response = client.post(
        change_url(article), form_of(article, title="", _workflow_step="submit")
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not ArticleTransition.objects.exists()


def test_send_back_without_comment_refuses_the_whole_submit(roles, login):
    article = make_article(
        "Tin chờ duyệt", status=Article.Status.REVIEW, category=make_category("Tin")
    )
    client = login(roles.editor)
    response = client.post(
        change_url(article),
        form_of(article, lead="Không được lưu", _workflow_step="send_back"),
    )
    assert response.status_code == 200
    assert "Hãy ghi rõ cần sửa gì" in response.content.decode()
    article.refresh_from_db()
    assert article.lead != "Không được lưu"
    assert article.status == Article.Status.REVIEW


def test_workflow_buttons_are_inside_the_change_form_after_save(roles, login):
    article = draft_by(roles.reporter)
    html = login(roles.reporter).get(change_url(article)).content.decode()
    form_start = html.index('id="article_form"')
    save = html.index('name="_save"', form_start)
    step = html.index('name="_workflow_step" value="submit"', form_start)
    assert save < step < html.index("</form>", step)


def test_scheduled_article_is_labelled_scheduled_in_list_and_message(roles, login):
    article = make_article("Tin hẹn giờ", status=Article.Status.APPROVED)
    future = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        second=0, microsecond=0
    )
    client = login(roles.head)
    response = client.post(
        f"/quan-tri/bulletins/article/{article.pk}/quy-trinh/",
        {"step": "publish", "published_at": future.strftime("%d/%m/%Y %H:%M")},
        follow=True,
    )
    label = f"lên lịch ({future.strftime('%d/%m/%Y %H:%M')})"
    html = response.content.decode()
    assert label in html
    assert "trạng thái: Đã đăng" not in html
    listing = client.get(LIST_URL).content.decode()
    assert label in listing


def test_withdraw_asks_for_confirmation_and_a_reason_shown_in_history(roles, login):
    article = make_article("Tin sẽ gỡ", category=make_category("Tin"))
    client = login(roles.head)
    when = timezone.localtime(article.published_at)
    response = client.post(
        change_url(article),
        form_of(
            article,
            _workflow_step="unpublish",
            published_at_0=when.strftime("%d/%m/%Y"),
            published_at_1=when.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/quy-trinh/go-khoi-trang/")
    article.refresh_from_db()
    assert article.is_published()  # not yet: the page asks first
    page = client.get(response["Location"]).content.decode()
    assert "Lý do gỡ bài" in page
    # Without a reason: refused.
    client.post(
        f"/quan-tri/bulletins/article/{article.pk}/quy-trinh/",
        {"step": "unpublish", "comment": " "},
    )
    article.refresh_from_db()
    assert article.is_published()
    client.post(
        f"/quan-tri/bulletins/article/{article.pk}/quy-trinh/",
        {"step": "unpublish", "comment": "Số liệu sai, chờ xác minh"},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert (
        "Số liệu sai, chờ xác minh" in client.get(change_url(article)).content.decode()
    )


def test_bulk_withdraw_shows_a_confirmation_then_needs_a_reason(roles, login):
    articles = [make_article(f"Tin {n}") for n in range(2)]
    client = login(roles.head)
    data = {"action": "withdraw", "_selected_action": [a.pk for a in articles]}
    page = client.post(LIST_URL, data).content.decode()
    assert "Lý do gỡ bài" in page
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 2
    client.post(LIST_URL, {**data, "confirmed": "1", "reason": "Trùng lặp"})
    assert Article.objects.filter(status=Article.Status.WITHDRAWN).count() == 2
    assert set(ArticleTransition.objects.values_list("comment", flat=True)) == {
        "Trùng lặp"
    }


def test_bulk_submit_by_a_reporter_moves_only_their_own_drafts(roles, login):
    mine = [draft_by(roles.reporter, title=f"Bài của tôi {n}") for n in range(2)]
    theirs = draft_by(roles.reporter2, title="Bài của đồng nghiệp")
    client = login(roles.reporter)
    response = client.post(
        LIST_URL,
        {"action": "submit", "_selected_action": [a.pk for a in [*mine, theirs]]},
        follow=True,
    )
    assert "1 mục giữ nguyên" in response.content.decode()
    statuses = dict(Article.objects.values_list("title", "status"))
    assert statuses["Bài của tôi 0"] == statuses["Bài của tôi 1"] == "review"
    assert statuses["Bài của đồng nghiệp"] == "draft"


def test_bulk_approve_by_an_editor_and_refused_to_a_reporter(roles, login):
    waiting = [
        make_article(f"Chờ duyệt {n}", status=Article.Status.REVIEW) for n in range(3)
    ]
    ids = [a.pk for a in waiting]
    assert (
        login(roles.reporter)
        .post(LIST_URL, {"action": "approve", "_selected_action": ids})
        .status_code
        == 403
    )
    login(roles.editor).post(LIST_URL, {"action": "approve", "_selected_action": ids})
    assert set(Article.objects.values_list("status", flat=True)) == {"approved"}
    assert services.STEPS["approve"].target == "approved"
