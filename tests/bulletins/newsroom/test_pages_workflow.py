"""Pages (Giới thiệu...) go through the articles' workflow: an editor writes and
submits, another reviews, the head of the board publishes; revisions keep the
state on restore; staff preview what readers cannot see yet."""

import pytest
from django.core.exceptions import PermissionDenied
from reversion.models import Version

from bulletins import services
from bulletins.models import Page, PageTransition
from portal import roles as portal_roles

pytestmark = pytest.mark.django_db

ADD_URL = "/quan-tri/bulletins/page/add/"


@pytest.fixture
def page_roles(roles):
    """The role groups with every right the apps grant (pages included)."""
    portal_roles.sync_groups()
    return roles


def change_url(page):
    return f"/quan-tri/bulletins/page/{page.pk}/change/"


def workflow_url(page):
    return f"/quan-tri/bulletins/page/{page.pk}/quy-trinh/"


def page_form(**extra):
    data = {
        "title": "Lịch sử Đảng bộ",
        "slug": "",
        "parent": "",
        "lead": "Chặng đường hình thành.",
        "body": "<p>Chi bộ được thành lập năm 1992.</p>",
        "meta_description": "",
        "order": "0",
        "published_at_0": "15/01/2025",
        "published_at_1": "08:00",
    }
    data.update(extra)
    return data


def test_editor_writes_submits_another_approves_and_the_head_publishes(
    page_roles, login, client, django_user_model
):
    editor = login(page_roles.editor)
    response = editor.post(ADD_URL, page_form(status="published"))
    assert response.status_code == 302, response.content.decode()[:1500]
    page = Page.objects.get()
    assert page.status == Page.Status.DRAFT
    assert page.created_by == page_roles.editor
    client.logout()
    assert client.get(page.get_absolute_url()).status_code == 404

    response = login(page_roles.editor).post(workflow_url(page), {"step": "submit"})
    assert response.status_code == 302
    # The editor's own buttons: the head's publish is not among them.
    html = login(page_roles.editor).get(change_url(page)).content.decode()
    assert 'value="approve"' in html and 'value="publish"' not in html
    login(page_roles.editor).post(workflow_url(page), {"step": "approve"})
    page.refresh_from_db()
    assert page.status == Page.Status.APPROVED

    head = login(page_roles.head)
    assert 'value="publish"' in head.get(change_url(page)).content.decode()
    head.post(workflow_url(page), {"step": "publish", "comment": "Đăng"})
    page.refresh_from_db()
    assert page.status == Page.Status.PUBLISHED
    steps = list(
        PageTransition.objects.filter(page=page)
        .order_by("at", "pk")
        .values_list("to_state", flat=True)
    )
    assert steps == ["review", "approved", "published"]
    client.logout()
    assert client.get(page.get_absolute_url()).status_code == 200


def test_an_editor_cannot_publish_and_reporters_do_not_see_pages(page_roles, login):
    page = Page.objects.create(title="Chức năng nhiệm vụ", created_by=page_roles.editor)
    with pytest.raises(PermissionDenied):
        services.page_publish(page=page, actor=page_roles.editor)
    response = login(page_roles.editor).post(workflow_url(page), {"step": "publish"})
    assert response.status_code == 403
    assert Page.objects.get().status == Page.Status.DRAFT
    assert (
        login(page_roles.reporter).get("/quan-tri/bulletins/page/").status_code == 403
    )


def test_published_pages_are_edited_by_the_head_only(page_roles, login):
    page = Page.objects.create(title="Giới thiệu", status=Page.Status.PUBLISHED)
    assert login(page_roles.editor).get(change_url(page)).status_code == 200
    html = login(page_roles.editor).get(change_url(page)).content.decode()
    assert 'name="body"' not in html  # shown, not editable
    html = login(page_roles.head).get(change_url(page)).content.decode()
    assert 'name="body"' in html


def test_staff_preview_a_draft_readers_get_a_404(page_roles, login, client):
    page = Page.objects.create(title="Đảng bộ cấp trên cơ sở")
    assert client.get(page.get_absolute_url()).status_code == 404
    response = login(page_roles.editor).get(page.get_preview_url())
    assert response.status_code == 200
    assert "Bản xem trước" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_restoring_a_revision_brings_back_the_text_and_keeps_the_state(
    page_roles, login
):
    head = login(page_roles.head)
    head.post(ADD_URL, page_form(title="Bản đầu"))
    page = Page.objects.get()
    head.post(change_url(page), page_form(title="Bản sau"))
    services.page_publish(page=page, actor=page_roles.head)
    versions = Version.objects.get_for_object(page).order_by("pk")
    assert versions.count() == 2
    first = versions.first()
    url = f"/quan-tri/bulletins/page/{page.pk}/history/{first.pk}/"
    assert head.get(url).status_code == 200
    head.post(url, page_form(title="Bản đầu"))
    page.refresh_from_db()
    assert page.title == "Bản đầu"
    assert page.status == Page.Status.PUBLISHED


def test_bulk_publish_of_pages_is_the_heads(page_roles, login):
    pages = [Page.objects.create(title=f"Trang {n}") for n in range(3)]
    data = {"action": "publish", "_selected_action": [p.pk for p in pages]}
    assert (
        login(page_roles.editor).post("/quan-tri/bulletins/page/", data).status_code
        == 403
    )
    login(page_roles.head).post("/quan-tri/bulletins/page/", data)
    assert set(Page.objects.values_list("status", flat=True)) == {"published"}
    assert PageTransition.objects.count() == 3
