"""Static pages (Giới thiệu, Lịch sử Đảng bộ...): what readers and staff see."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from bulletins.models import Page
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def make_page(title="Giới thiệu", **kwargs):
    kwargs.setdefault("status", Page.Status.PUBLISHED)
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Page.objects.create(title=title, **kwargs)


def test_published_page_is_shown_with_its_children(client):
    parent = make_page("Giới thiệu", body="<p>Đảng bộ Sở được thành lập năm 1990.</p>")
    make_page("Lịch sử Đảng bộ", parent=parent, order=1)
    make_page("Chức năng nhiệm vụ", parent=parent, order=2, status=Page.Status.DRAFT)

    response = client.get("/trang/gioi-thieu/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__title">Giới thiệu</h1>' in html
    assert "thành lập năm 1990" in html
    assert "Lịch sử Đảng bộ" in html
    assert "Chức năng nhiệm vụ" not in html  # a draft child is not listed


@pytest.mark.parametrize("status", [Page.Status.DRAFT, Page.Status.WITHDRAWN])
def test_unpublished_page_is_a_404_for_readers_and_a_preview_for_staff(client, status):
    page = make_page("Lịch sử Đảng bộ", status=status)
    assert client.get(page.get_absolute_url()).status_code == 404
    staff = make_staff("bientap")
    client.force_login(staff)
    # Staff who do not keep the pages see what readers see.
    assert client.get(page.get_absolute_url() + "?preview=1").status_code == 404
    staff.user_permissions.add(Permission.objects.get(codename="change_page"))
    client.force_login(staff)
    preview = client.get(page.get_absolute_url() + "?preview=1")
    assert preview.status_code == 200
    assert "Bản xem trước" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]


def test_scheduled_page_appears_at_its_time(client):
    page = make_page(
        "Đảng bộ cấp trên cơ sở", published_at=timezone.now() + timedelta(hours=2)
    )
    assert client.get(page.get_absolute_url()).status_code == 404
    assert not page.is_published()
    assert page.is_published(timezone.now() + timedelta(hours=3))


def test_published_pages_are_in_the_sitemap(client):
    make_page("Giới thiệu")
    make_page("Bản nháp", status=Page.Status.DRAFT)
    xml = client.get("/sitemap-gioi-thieu.xml").content.decode()
    assert "/trang/gioi-thieu/" in xml
    assert "/trang/ban-nhap/" not in xml


def test_body_is_cleaned_on_save():
    page = make_page(body="<p>Nội dung</p><script>alert(1)</script>")
    assert "<script" not in page.body
    assert "noi dung" in page.search_text
