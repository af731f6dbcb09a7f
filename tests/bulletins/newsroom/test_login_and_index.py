"""Login lockout (django-axes), the admin index's "my work", editor uploads."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from bulletins.models import Article
from tests.conftest import count_queries
from tests.factories import image_file, make_article, make_category

from .test_workflow import draft_by

pytestmark = pytest.mark.django_db

LOGIN_URL = "/quan-tri/login/"
PASSWORD = "mat-khau-thu"  # tests.factories.make_staff


def attempt(client, password, **headers):
    return client.post(
        LOGIN_URL,
        {"username": "nv-editor", "password": password, "next": "/quan-tri/"},
        **headers,
    )


def test_five_failures_lock_the_login_with_a_vietnamese_page(roles, client):
    for _ in range(4):
        assert attempt(client, "sai-mat-khau").status_code == 200
    fifth = attempt(client, "sai-mat-khau")
    assert fifth.status_code == 429
    # Now even the right password is refused, with our page.
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert "15 phút" in html
    assert "_auth_user_id" not in client.session


def test_forged_x_forwarded_for_does_not_escape_the_lockout(roles, client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        attempt(client, "sai-mat-khau", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_lockout_is_per_username_and_address(roles, client):
    for _ in range(5):
        attempt(client, "sai-mat-khau", REMOTE_ADDR="10.0.0.1")
    assert attempt(client, PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 429
    # The same user from another address still logs in.
    response = attempt(client, PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


def test_failed_logins_store_no_raw_ip_address(roles, client):
    from axes.models import AccessAttempt

    attempt(client, "sai-mat-khau", REMOTE_ADDR="192.0.2.55")
    stored = list(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert len(stored) == 1
    assert stored[0] != "192.0.2.55" and stored[0].startswith("fd")


def test_cool_off_ends_after_fifteen_minutes(roles, client):
    from axes.models import AccessAttempt

    for _ in range(5):
        attempt(client, "sai-mat-khau")
    assert attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, PASSWORD).status_code == 302


def test_passwords_use_django_validators(roles, login):
    client = login(
        get_user_model().objects.create_superuser("sieu", "s@example.vn", "x")
    )
    user = roles.reporter
    response = client.post(
        f"/quan-tri/auth/user/{user.pk}/password/",
        {"password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert "hoàn toàn là chữ số" in response.content.decode() or "quá phổ biến" in (
        response.content.decode()
    )


def test_admin_index_shows_my_work(roles, login):
    category = make_category()
    draft_by(roles.reporter, "Nháp của phóng viên", category=category)
    draft_by(roles.reporter2, "Nháp của người khác", category=category)
    make_article("Bài chờ biên tập", category=category, status=Article.Status.REVIEW)
    make_article(
        "Bài chờ Trưởng ban", category=category, status=Article.Status.APPROVED
    )
    make_article(
        "Bài hẹn giờ",
        category=category,
        published_at=timezone.now() + timedelta(days=1),
    )
    html = login(roles.reporter).get("/quan-tri/").content.decode()
    assert "Công việc của tôi" in html
    assert "Nháp của phóng viên" in html and "Nháp của người khác" not in html
    assert "Chờ tôi duyệt" not in html
    assert "Bài hẹn giờ" not in html  # not theirs

    html = login(roles.editor).get("/quan-tri/").content.decode()
    assert "Bài chờ biên tập" in html and "Bài chờ Trưởng ban" not in html
    assert "Bài hẹn giờ" in html

    html = login(roles.head).get("/quan-tri/").content.decode()
    assert "Bài chờ biên tập" in html and "Bài chờ Trưởng ban" in html
    assert "Bài hẹn giờ" in html and "GMT+7" in html


def test_my_work_block_query_count_does_not_grow(roles, rf):
    """At most 3 queries, and the same with 2 and with 22 rows in each list."""
    from django.template import Context, Template

    category = make_category()
    request = rf.get("/quan-tri/")
    request.user = roles.head
    roles.head.has_perm("bulletins.publish_article")  # load permissions first
    template = Template("{% load newsroom_tags %}{% my_work %}")
    counts, made = [], 0
    for size in (2, 20):
        for n in range(made, made + size):
            draft_by(roles.head, f"Nháp {n}", category=category)
            make_article(f"Chờ {n}", category=category, status=Article.Status.REVIEW)
            make_article(
                f"Hẹn {n}",
                category=category,
                published_at=timezone.now() + timedelta(hours=n + 1),
            )
        made += size
        counts.append(
            count_queries(lambda: template.render(Context({"request": request})))
        )
        html = template.render(Context({"request": request}))
        assert html.count("<li>") == 3 * min(made, 10)
    assert counts[0] == counts[1] <= 3, counts


def test_editor_upload_needs_the_right_to_write_articles(roles, client):
    url = "/ckeditor5/image_upload/"
    # Staff, but without the right to write articles or congress texts.
    staff = get_user_model().objects.create_user("nv-khac", password="x", is_staff=True)
    client.force_login(staff)
    response = client.post(url, {"upload": image_file()})
    assert response.status_code == 403
    assert "không có quyền" in response.json()["error"]["message"]
    client.force_login(roles.reporter)
    response = client.post(url, {"upload": image_file()})
    assert response.status_code == 200
    assert response.json()["url"].startswith("/media/")
