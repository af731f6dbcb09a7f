"""The article list and form for a working day (issue 16): search without
diacritics, the photo shown as a photo, room for the title column."""

import pytest

from tests.factories import image_file, make_article, make_superuser

pytestmark = pytest.mark.django_db

LIST_URL = "/quan-tri/bulletins/article/"


@pytest.fixture
def staff_client(client):
    client.force_login(make_superuser("bientap-tong"))
    return client


def test_author_search_ignores_diacritics(staff_client):
    make_article("Hội nghị sơ kết công tác Đảng", authors="Ngọc Triệu")
    make_article("Tin khác", authors="Thu Hà")
    for query in ("ngoc trieu", "Ngọc Triệu", "NGOC TRIEU"):
        html = staff_client.get(LIST_URL, {"q": query}).content.decode()
        assert "Hội nghị sơ kết công tác Đảng" in html, query
        assert "Tin khác" not in html, query


def test_title_search_ignores_diacritics(staff_client):
    make_article("Hội nghị sơ kết công tác Đảng")
    html = staff_client.get(LIST_URL, {"q": "hoi nghi so ket"}).content.decode()
    assert "Hội nghị sơ kết công tác Đảng" in html


def test_change_form_shows_the_featured_photo_not_only_its_path(staff_client):
    article = make_article(
        "Tin có ảnh", featured_image=image_file(), featured_image_alt="Ảnh"
    )
    html = staff_client.get(f"{LIST_URL}{article.pk}/change/").content.decode()
    assert 'class="stored-photo-thumb"' in html
    assert "/renditions/thumb/" in html


def test_lists_leave_the_width_to_the_table(staff_client):
    make_article("Tin một")
    html = staff_client.get(LIST_URL).content.decode()
    assert 'id="nav-sidebar"' not in html
    assert "portal/css/admin.css" in html
