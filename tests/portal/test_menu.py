"""The main menu: items that point at a page chosen in the admin, and every item
reachable without hover or JavaScript."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bulletins.models import Page
from portal.models import MenuItem

pytestmark = pytest.mark.django_db


def published_page(title, **kwargs):
    kwargs.setdefault("status", Page.Status.PUBLISHED)
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Page.objects.create(title=title, **kwargs)


def item_for(page, **kwargs):
    return MenuItem.objects.create(
        title=page.title,
        target_type=ContentType.objects.get_for_model(Page),
        target_id=page.pk,
        **kwargs,
    )


def menu_html(client, url="/"):
    html = client.get(url).content.decode()
    return html[html.index('<nav class="main-menu"') : html.index("</nav>")]


def test_an_item_follows_its_page_and_shows_while_it_is_published(client):
    page = published_page("Giới thiệu")
    item_for(page, order=1)
    assert 'href="/trang/gioi-thieu/">Giới thiệu</a>' in menu_html(client)

    page.slug = "gioi-thieu-dang-bo"
    page.save()
    assert 'href="/trang/gioi-thieu-dang-bo/">Giới thiệu</a>' in menu_html(client)

    page.status = Page.Status.WITHDRAWN
    page.save()
    assert "Giới thiệu" not in menu_html(client)


def test_a_scheduled_page_joins_the_menu_at_its_time(client):
    now = timezone.now()
    page = published_page("Lịch sử Đảng bộ", published_at=now + timedelta(minutes=5))
    item_for(page)
    assert "Lịch sử Đảng bộ" not in menu_html(client)
    # The menu is cached with the page's time; what it shows is decided per read.
    assert [i.title for i in MenuItem.objects.shown(now + timedelta(minutes=1))] == []
    assert [i.title for i in MenuItem.objects.shown(now + timedelta(minutes=6))] == [
        "Lịch sử Đảng bộ"
    ]


def test_sub_items_are_in_the_page_with_a_no_script_button_for_phones(client):
    top = published_page("Giới thiệu")
    parent = item_for(top, order=1)
    for n, title in enumerate(("Lịch sử Đảng bộ", "Chức năng nhiệm vụ"), start=1):
        item_for(published_page(title, parent=top), parent=parent, order=n)
    MenuItem.objects.create(title="Văn bản", url="/van-ban/", order=2)
    html = menu_html(client)
    # The button opening the list on phones is a labelled checkbox: no script.
    assert re.search(r'<input type="checkbox" id="mo-trinh-don"[^>]*>', html)
    assert '<label for="mo-trinh-don"' in html and "Trình đơn" in html
    # Every item, sub-items included, is a link in the page's HTML.
    for href in (
        "/",
        "/trang/gioi-thieu/",
        "/trang/lich-su-dang-bo/",
        "/trang/chuc-nang-nhiem-vu/",
        "/van-ban/",
        "/lien-he/",
    ):
        assert f'href="{href}"' in html, href
    assert "<script" not in html


def test_the_admin_offers_pages_and_refuses_a_page_and_an_address(admin_client):
    page = published_page("Chức năng nhiệm vụ")
    page_type = ContentType.objects.get_for_model(Page)
    form = admin_client.get("/quan-tri/portal/menuitem/add/").content.decode()
    assert (
        f'<option value="{page_type.pk}:{page.pk}">Chức năng nhiệm vụ</option>' in form
    )
    data = {
        "title": "Chức năng",
        "page": f"{page_type.pk}:{page.pk}",
        "url": "",
        "order": "5",
        "is_active": "on",
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/quan-tri/portal/menuitem/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = MenuItem.objects.get()
    assert item.target == page and item.link == "/trang/chuc-nang-nhiem-vu/"
    data.update(title="Cả hai", url="/van-ban/")
    response = admin_client.post("/quan-tri/portal/menuitem/add/", data)
    assert response.status_code == 200
    assert "không chọn cả hai" in response.content.decode()
    assert MenuItem.objects.count() == 1


def test_a_deleted_page_leaves_no_dead_link(client):
    page = published_page("Đảng bộ cấp trên cơ sở")
    item_for(page)
    assert "Đảng bộ cấp trên cơ sở" in menu_html(client)
    page.delete()
    assert "Đảng bộ cấp trên cơ sở" not in menu_html(client)
