"""Each role walked through the workflow, and what each role cannot do."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bulletins import services
from bulletins.models import Article, ArticleTransition
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

LIST_URL = "/quan-tri/bulletins/article/"
ADD_URL = "/quan-tri/bulletins/article/add/"


def change_url(article):
    return f"/quan-tri/bulletins/article/{article.pk}/change/"


def workflow_url(article):
    return f"/quan-tri/bulletins/article/{article.pk}/quy-trinh/"


def draft_by(user, title="Tin nháp của phóng viên", **kwargs):
    return make_article(title, status=Article.Status.DRAFT, created_by=user, **kwargs)


def article_form(category, **extra):
    data = {
        "title": "Đảng bộ xã tổ chức hội nghị sơ kết",
        "slug": "",
        "category": category.pk,
        "lead": "Tóm tắt",
        "body": "<p>Nội dung</p>",
        "authors": "Thu Hà",
        "photographer": "",
        "source_line": "",
        "issue_label": "",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "featured_image_credit": "",
        # Used only by those who may set the time (the head of the board).
        "published_at_0": "25/10/2021",
        "published_at_1": "14:06",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "slug_redirects-TOTAL_FORMS": "0",
        "slug_redirects-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_groups_are_created_by_migration_with_vietnamese_names():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Phóng viên", "Biên tập viên", "Trưởng Ban biên tập", "Quản trị"} <= names
    head = Group.objects.get(name="Trưởng Ban biên tập")
    codenames = set(head.permissions.values_list("codename", flat=True))
    assert {"publish_article", "import_article", "delete_article"} <= codenames
    reporter = Group.objects.get(name="Phóng viên")
    codenames = set(reporter.permissions.values_list("codename", flat=True))
    assert "submit_article" in codenames
    assert not {"publish_article", "review_article", "import_article"} & codenames


def test_full_walk_reporter_editor_head(roles, login):
    category = make_category("Tin tức")
    client = login(roles.reporter)
    # The reporter writes: whatever status is posted, a new article is a draft.
    response = client.post(ADD_URL, article_form(category, status="published"))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.created_by == roles.reporter

    response = client.post(workflow_url(article), {"step": "submit", "comment": ""})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    # Once submitted, the reporter can no longer change it.
    response = client.post(change_url(article), article_form(category, title="Sửa"))
    assert response.status_code == 403

    client = login(roles.editor)
    client.post(
        workflow_url(article),
        {"step": "send_back", "comment": "Bổ sung số liệu"},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    login(roles.reporter).post(workflow_url(article), {"step": "submit"})
    client = login(roles.editor)
    client.post(workflow_url(article), {"step": "approve"})
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED
    assert client.get(article.get_absolute_url()).status_code == 404

    client = login(roles.head)
    client.post(workflow_url(article), {"step": "publish"})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_published()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200

    steps = list(
        ArticleTransition.objects.filter(article=article)
        .order_by("at", "pk")
        .values_list("actor__username", "from_state", "to_state", "comment")
    )
    assert steps == [
        ("nv-reporter", "draft", "review", ""),
        ("nv-editor", "review", "draft", "Bổ sung số liệu"),
        ("nv-reporter", "draft", "review", ""),
        ("nv-editor", "review", "approved", ""),
        ("nv-head", "approved", "published", ""),
    ]


def test_reporter_forged_publish_is_refused_with_403_and_changes_nothing(roles, login):
    article = draft_by(roles.reporter)
    client = login(roles.reporter)
    before = Article.objects.values().get(pk=article.pk)

    assert client.post(workflow_url(article), {"step": "publish"}).status_code == 403
    assert client.post(workflow_url(article), {"step": "approve"}).status_code == 403
    response = client.post(
        LIST_URL, {"action": "publish", "_selected_action": [article.pk]}
    )
    assert response.status_code == 403
    # The status is not a form field: posting it changes nothing.
    response = client.post(
        change_url(article),
        article_form(article.category, status="published", title=article.title),
    )
    assert response.status_code == 302
    after = Article.objects.values().get(pk=article.pk)
    assert after["status"] == before["status"] == "draft"
    assert not ArticleTransition.objects.exists()


def test_reporter_edits_only_own_drafts(roles, login):
    mine = draft_by(roles.reporter, "Bài của tôi")
    theirs = draft_by(roles.reporter2, "Bài của đồng nghiệp")
    client = login(roles.reporter)
    form = article_form(mine.category, title="Bài của tôi đã sửa")
    assert client.post(change_url(mine), form).status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Bài của tôi đã sửa"

    # Someone else's draft: visible read-only, every change refused.
    page = client.get(change_url(theirs))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    form = article_form(theirs.category, title="Chiếm bài")
    assert client.post(change_url(theirs), form).status_code == 403
    assert client.post(workflow_url(theirs), {"step": "submit"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Bài của đồng nghiệp"
    assert theirs.status == Article.Status.DRAFT


def test_editor_cannot_publish_but_head_can(roles, login):
    article = make_article("Tin chờ duyệt", status=Article.Status.APPROVED)
    client = login(roles.editor)
    assert client.post(workflow_url(article), {"step": "publish"}).status_code == 403
    response = client.post(
        LIST_URL, {"action": "publish", "_selected_action": [article.pk]}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, actor=roles.editor)
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED

    response = login(roles.head).post(
        LIST_URL, {"action": "publish", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_editor_can_edit_any_draft_but_not_published_articles(roles, login):
    draft = draft_by(roles.reporter)
    published = make_article("Tin đã đăng")
    client = login(roles.editor)
    form = article_form(draft.category, title="Biên tập lại")
    assert client.post(change_url(draft), form).status_code == 302
    form = article_form(published.category, title="Sửa tin đã đăng")
    assert client.post(change_url(published), form).status_code == 403
    assert login(roles.head).post(change_url(published), form).status_code == 302


def test_send_back_needs_a_comment(roles, login):
    article = make_article("Tin chờ duyệt", status=Article.Status.REVIEW)
    client = login(roles.editor)
    response = client.post(
        workflow_url(article), {"step": "send_back", "comment": "  "}, follow=True
    )
    assert "Hãy ghi rõ cần sửa gì" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert not ArticleTransition.objects.exists()


def test_step_from_the_wrong_state_is_refused_with_a_message(roles, login):
    article = make_article("Tin đã đăng")
    response = login(roles.head).post(
        workflow_url(article), {"step": "publish"}, follow=True
    )
    assert "không thể thực hiện bước này" in response.content.decode()
    assert not ArticleTransition.objects.exists()


def test_unknown_step_or_bad_time_is_400(roles, login):
    article = make_article("Tin chờ duyệt", status=Article.Status.APPROVED)
    client = login(roles.head)
    assert client.post(workflow_url(article), {"step": "xoa"}).status_code == 400
    response = client.post(
        workflow_url(article), {"step": "publish", "published_at": "31/02/2030 25:00"}
    )
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    assert client.get(workflow_url(article)).status_code == 405
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED


def test_head_schedules_and_the_article_appears_at_its_time(roles, login, client):
    article = make_article("Tin hẹn giờ", status=Article.Status.APPROVED)
    future = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        second=0, microsecond=0
    )
    login(roles.head).post(
        workflow_url(article),
        {"step": "publish", "published_at": future.strftime("%d/%m/%Y %H:%M")},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == future
    assert article.is_scheduled
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article not in Article.objects.published()
    assert article in Article.objects.published(now=future)
    assert article not in Article.objects.published(now=future - timedelta(minutes=1))
    # Once its time has passed (moved into the past here), readers see it; no cron.
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(article.get_absolute_url()).status_code == 200


def test_head_withdraws_and_republishes(roles, login, client):
    article = make_article("Tin sẽ gỡ")
    head = login(roles.head)
    head.post(workflow_url(article), {"step": "unpublish", "comment": "Sai số liệu"})
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    login(roles.head).post(workflow_url(article), {"step": "publish"})
    article.refresh_from_db()
    assert article.is_published()


def test_transitions_are_shown_on_the_article_admin_page(roles, login):
    article = draft_by(roles.reporter)
    services.article_submit(article=article, actor=roles.reporter)
    services.article_send_back(
        article=article, actor=roles.editor, comment="Thiếu ảnh minh họa"
    )
    html = login(roles.editor).get(change_url(article)).content.decode()
    assert "Lịch sử duyệt" in html
    assert "Thiếu ảnh minh họa" in html
    assert "nv-editor" in html and "nv-reporter" in html
    assert "(GMT+7)" in html
    # Buttons: the editor may submit the draft again, not publish it.
    assert 'value="submit"' in html
    assert 'value="publish"' not in html


def test_list_editable_and_bulk_actions_only_for_the_head(roles, login):
    article = make_article("Tin nổi bật?")
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(article.pk),
        "form-0-is_featured": "on",
        "_save": "Lưu",
    }
    for user in (roles.reporter, roles.editor):
        client = login(user)
        html = client.get(LIST_URL).content.decode()
        assert 'name="form-0-is_featured"' not in html
        assert 'value="publish"' not in html
        client.post(LIST_URL, form)
        article.refresh_from_db()
        assert not article.is_featured
    client = login(roles.head)
    assert 'value="publish"' in client.get(LIST_URL).content.decode()
    client.post(LIST_URL, form)
    article.refresh_from_db()
    assert article.is_featured


def test_publishing_outside_the_admin_refreshes_cached_pages(
    roles, client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 600
    article = make_article("Tin vừa được duyệt", status=Article.Status.APPROVED)
    assert "Tin vừa được duyệt" not in client.get("/tin-tuc/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article, actor=roles.head)
    assert "Tin vừa được duyệt" in client.get("/tin-tuc/").content.decode()
