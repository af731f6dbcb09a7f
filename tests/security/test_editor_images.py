"""Images uploaded through the rich-text editor are private until a page readers may
see shows them (portal/editor_media.py): the finding was that they were public at
/media/editor/… as soon as they were uploaded, before the article was."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from bulletins.models import Article, Page
from portal import roles
from portal.pagecache.generation import bump_generation
from tests.factories import image_file, make_article, make_document, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(client):
    roles.sync_groups()
    user = make_staff("phong-vien-anh")
    user.groups.add(Group.objects.get(name=roles.REPORTER))
    client.force_login(user)
    return client


def upload(client):
    response = client.post("/ckeditor5/image_upload/", {"upload": image_file()})
    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert url.startswith("/media/editor/")
    return url


def body_with(url):
    return f'<p>Ảnh hội nghị</p><figure class="image"><img src="{url}" alt=""></figure>'


def test_a_fresh_upload_is_for_staff_only(writer):
    url = upload(writer)
    assert Client().get(url).status_code == 404
    mine = writer.get(url)
    assert mine.status_code == 200
    assert "no-store" in mine["Cache-Control"]
    assert mine["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_image_of_a_draft_stays_private_until_it_is_published(
    writer, django_capture_on_commit_callbacks
):
    url = upload(writer)
    article = make_article(
        "Bài có ảnh", status=Article.Status.DRAFT, body=body_with(url)
    )
    assert Client().get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):  # the edit is committed
        article.status = Article.Status.PUBLISHED
        article.published_at = timezone.now() - timedelta(minutes=1)
        article.save()
    reader = Client().get(url)
    assert reader.status_code == 200
    assert "public" in reader["Cache-Control"]
    # Withdrawn: private again.
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.WITHDRAWN
        article.save()
    assert Client().get(url).status_code == 404


def test_the_image_of_a_scheduled_article_waits_for_it(writer):
    url = upload(writer)
    make_article(
        "Bài hẹn giờ có ảnh",
        body=body_with(url),
        published_at=timezone.now() + timedelta(hours=2),
    )
    assert Client().get(url).status_code == 404


def test_renditions_follow_their_original(writer, settings):
    url = upload(writer)
    article = make_article("Bài nháp", status=Article.Status.DRAFT, body=body_with(url))
    Article.objects.filter(pk=article.pk).update(
        created_by=writer.session["_auth_user_id"]
    )
    # The writer's preview makes the column rendition.
    html = writer.get(article.get_preview_url()).content.decode()
    rendition = html.split('src="/media/renditions/column/', 1)[1].split('"', 1)[0]
    rendition_url = f"/media/renditions/column/{rendition}"
    assert rendition.startswith("editor/")
    assert Client().get(rendition_url).status_code == 404
    assert writer.get(rendition_url).status_code == 200
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    bump_generation()  # update() sends no signal; the admin's POST bumps it
    assert Client().get(rendition_url).status_code == 200


def test_pages_and_documents_publish_their_images_too(
    writer, django_capture_on_commit_callbacks
):
    for make in (
        lambda url: Page.objects.create(
            title="Giới thiệu", status="published", body=body_with(url)
        ),
        lambda url: make_document(body=body_with(url)),
    ):
        url = upload(writer)
        assert Client().get(url).status_code == 404
        with django_capture_on_commit_callbacks(execute=True):
            make(url)
        assert Client().get(url).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/editor/../secret_key",
        "/media/editor/%2e%2e/secret_key",
        "/media/editor/2026/01/a%00.png",
        "/media/editor/",
        "/media/renditions/../editor/x.jpg",
        "/media/renditions/column/editor/khong-co.jpg",
    ],
)
def test_hostile_addresses_are_a_404(writer, path):
    assert Client().get(path).status_code == 404
    assert writer.get(path).status_code == 404


def test_nginx_sends_the_bytes_when_configured(writer, settings):
    settings.MEDIA_ACCEL_PREFIX = "/_media/"
    url = upload(writer)
    response = writer.get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_media/" + url.removeprefix("/media/")
    assert response.content == b""
