"""Revisions (keep, compare, restore) and the staff-only preview."""

import re

import pytest
from reversion.models import Version

from bulletins import services
from bulletins.models import Article
from tests.factories import make_article, make_category

from .test_workflow import article_form, change_url, draft_by

pytestmark = pytest.mark.django_db


def history_url(article):
    return f"/quan-tri/bulletins/article/{article.pk}/history/"


def revision_url(article, version):
    return f"{history_url(article)}{version.pk}/"


def _save_twice(client, article):
    category = article.category
    for title, body in (
        ("Bản đầu: hội nghị sơ kết", "<p>Đoạn cũ về kết quả quý I.</p>"),
        ("Bản sau: hội nghị tổng kết", "<p>Đoạn mới về kết quả cả năm.</p>"),
    ):
        response = client.post(
            change_url(article), article_form(category, title=title, body=body)
        )
        assert response.status_code == 302
    return list(Version.objects.get_for_object(article).order_by("pk"))


def test_every_admin_save_keeps_a_revision_and_history_compares_two(roles, login):
    article = draft_by(roles.reporter)
    client = login(roles.reporter)
    versions = _save_twice(client, article)
    assert len(versions) == 2
    html = client.get(history_url(article)).content.decode()
    assert "nv-reporter" in html
    response = client.get(
        f"{history_url(article)}compare/",
        {"version_id1": versions[0].pk, "version_id2": versions[1].pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    # Word-level differences, old struck out and new inserted.
    assert "hội nghị <del>sơ</del><ins>tổng</ins> kết" in html
    assert "Đoạn <del>cũ</del><ins>mới</ins>" in html
    assert "văn bản tìm kiếm" not in html  # derived columns are not compared


def test_restoring_an_old_revision_brings_back_content_but_keeps_status(roles, login):
    article = draft_by(roles.editor)
    client = login(roles.editor)
    versions = _save_twice(client, article)
    services.article_submit(article=article, actor=roles.editor)
    services.article_approve(article=article, actor=roles.editor)

    page = client.get(revision_url(article, versions[0]))
    assert page.status_code == 200
    assert "Bản đầu: hội nghị sơ kết" in page.content.decode()
    article.refresh_from_db()
    assert article.title == "Bản sau: hội nghị tổng kết"  # GET changes nothing

    form = article_form(
        article.category,
        title="Bản đầu: hội nghị sơ kết",
        body="<p>Đoạn cũ về kết quả quý I.</p>",
    )
    response = client.post(revision_url(article, versions[0]), form)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Bản đầu: hội nghị sơ kết"
    assert "Đoạn cũ" in article.body
    # The first revision was a draft: restoring it does not undo the approval.
    assert article.status == Article.Status.APPROVED
    assert Version.objects.get_for_object(article).count() == 3


def test_restore_is_refused_to_who_cannot_edit_and_for_foreign_versions(roles, login):
    article = draft_by(roles.reporter)
    versions = _save_twice(login(roles.reporter), article)
    other = draft_by(roles.reporter2, "Bài khác")
    client = login(roles.reporter2)
    form = article_form(article.category, title="Chiếm")
    assert client.post(revision_url(article, versions[0]), form).status_code == 403
    # A version of another article, under this article's address: not found.
    assert client.get(revision_url(other, versions[0])).status_code == 404
    article.refresh_from_db()
    assert article.title == "Bản sau: hội nghị tổng kết"


def test_recovering_deleted_articles_is_for_the_head_only(roles, login):
    assert (
        login(roles.editor).get("/quan-tri/bulletins/article/recover/").status_code
        == 403
    )
    assert (
        login(roles.head).get("/quan-tri/bulletins/article/recover/").status_code == 200
    )


def test_preview_is_for_the_writer_and_those_who_may_edit(
    roles, login, client, django_user_model
):
    category = make_category("Tin tức")
    for status in Article.Status:
        article = make_article(
            f"Tin trạng thái {status}",
            category=category,
            status=status,
            created_by=roles.reporter,
        )
        url = article.get_preview_url()
        client.logout()
        assert client.get(url).status_code == 404
        reader = django_user_model.objects.create_user(f"docgia-{status}", password="x")
        client.force_login(reader)
        assert client.get(url).status_code == 404
        for user in (roles.reporter, roles.head):  # the writer; the head of the board
            response = login(user).get(url)
            assert response.status_code == 200
            assert article.title in response.content.decode()
            assert response["Cache-Control"] == "private, no-store"
            assert "noindex" in response["X-Robots-Tag"]
        # Another reporter sees a colleague's article only once it is public.
        expected = 200 if status == Article.Status.PUBLISHED else 404
        assert login(roles.reporter2).get(url).status_code == expected
        # An editor previews what an editor may still change.
        editable = status in ("draft", "review", "approved", "published")
        assert login(roles.editor).get(url).status_code == (200 if editable else 404)


def test_admin_page_links_to_the_preview_until_published(roles, login):
    article = draft_by(roles.reporter)
    html = login(roles.reporter).get(change_url(article)).content.decode()
    assert re.search(rf'href="[^"]*{article.slug}/xem-truoc/"', html)


@pytest.mark.parametrize("role", ["reporter", "editor", "head", "admin"])
def test_every_role_gets_the_article_admin_pages_without_errors(roles, login, role):
    user = getattr(roles, role)
    article = draft_by(roles.reporter)
    client = login(user)
    versions = _save_twice(login(roles.reporter), article)
    client = login(user)
    base = "/quan-tri/bulletins/article/"
    pages = {
        base: 200,
        f"{base}add/": 200,
        change_url(article): 200,
        history_url(article): 200,
        f"{history_url(article)}compare/?version_id1={versions[0].pk}"
        f"&version_id2={versions[1].pk}": 200,
        "/quan-tri/": 200,
        f"{base}import/": 200 if role in ("head", "admin") else 403,
        f"{base}export/": 200 if role == "head" else 403,
    }
    for url, status in pages.items():
        assert client.get(url).status_code == status, url


def test_recover_link_is_shown_to_the_head_only(roles, login):
    link = "/quan-tri/bulletins/article/recover/"
    assert (
        link
        not in login(roles.editor).get("/quan-tri/bulletins/article/").content.decode()
    )
    assert (
        link in login(roles.head).get("/quan-tri/bulletins/article/").content.decode()
    )
