"""The shared photo library: upload once with caption and credit, find it by
caption without diacritics, use it as an article's featured photo (issue 16)."""

import pytest
from django.contrib.auth.models import Group

from bulletins.models import Article, LibraryPhoto
from portal import roles
from tests.factories import image_file, make_category, make_staff, make_superuser

from .newsroom.test_workflow import article_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def library_photo():
    return LibraryPhoto.objects.create(
        image=image_file("hoi-nghi.jpg"),
        alt_text="Toàn cảnh hội nghị",
        caption="Hội nghị Ban Chấp hành Đảng bộ Sở",
        credit="Ngọc Triệu",
    )


def test_library_is_searched_by_caption_or_credit_without_diacritics(
    client, library_photo
):
    client.force_login(make_superuser())
    for query in ("hoi nghi ban chap hanh", "ngoc trieu"):
        html = client.get("/quan-tri/bulletins/libraryphoto/", {"q": query})
        assert "Hội nghị Ban Chấp hành Đảng bộ Sở" in html.content.decode(), query
    autocomplete = client.get(
        "/quan-tri/autocomplete/",
        {
            "app_label": "bulletins",
            "model_name": "article",
            "field_name": "library_photo",
            "term": "hoi nghi",
        },
    ).json()
    assert [r["id"] for r in autocomplete["results"]] == [str(library_photo.pk)]


def test_a_reporter_uses_a_library_photo_for_a_new_article(
    client, newsroom_groups, library_photo
):
    reporter = make_staff("pv-kho-anh")
    reporter.groups.add(Group.objects.get(name="Phóng viên"))
    roles.sync_groups()
    client.force_login(reporter)
    data = article_form(make_category("Tin tức"), library_photo=library_photo.pk)
    data.pop("published_at_0")
    data.pop("published_at_1")
    response = client.post("/quan-tri/bulletins/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.featured_image.name == library_photo.image.name
    assert article.featured_image_alt == "Toàn cảnh hội nghị"
    assert article.featured_image_caption == "Hội nghị Ban Chấp hành Đảng bộ Sở"
    assert article.featured_image_credit == "Ngọc Triệu"
    # The photo is stored once.
    assert LibraryPhoto.objects.count() == 1


def test_a_photo_uploaded_with_an_article_joins_the_library(client):
    client.force_login(make_superuser())
    data = article_form(
        make_category("Tin tức"),
        featured_image=image_file("anh-moi.jpg"),
        featured_image_alt="Đại biểu biểu quyết",
        featured_image_caption="Đại biểu biểu quyết thông qua nghị quyết",
        featured_image_credit="Thu Hà",
    )
    response = client.post("/quan-tri/bulletins/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    photo = LibraryPhoto.objects.get()
    assert photo.image.name == article.featured_image.name
    assert photo.caption == "Đại biểu biểu quyết thông qua nghị quyết"
    assert photo.credit == "Thu Hà"
    assert article.library_photo == photo
