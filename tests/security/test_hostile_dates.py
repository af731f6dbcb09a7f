"""Hostile dates: every date and time field of every admin form, the workflow's
publication time and the import refuse years outside 1900–2200 with a message in
Vietnamese, store nothing, and the public pages keep answering.

The forms are found by walking the admin registry, so a new model with a date
field is covered as it lands.
"""

import re
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import DateField
from django.utils import timezone

from analytics.models import DailyStat
from bulletins.models import Article, HomePin, LegacyRedirect, Page
from congress.models import Media, MediaKind, PhotoReport
from polls.models import Choice, Poll
from portal import roles
from portal.models import SiteProfile
from tests.factories import (
    make_article,
    make_category,
    make_congress,
    make_document,
    make_feedback,
    make_staff,
    make_superuser,
)

from .forms import form_data

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Vui lòng nhập ngày trong khoảng từ năm 1900 đến năm 2200."
HOSTILE_DAYS = ["01/01/0001", "31/12/1899", "01/01/2201", "31/12/9999"]
OWN_APPS = {"portal", "bulletins", "congress", "polls", "analytics", "auth"}
PUBLIC_PAGES = ["/", "/tin-tuc/", "/van-ban/", "/binh-chon/", "/sitemap.xml"]


@pytest.fixture
def world(db):
    category = make_category("Thời sự")
    article = make_article("Hội nghị tổng kết", category=category)
    congress = make_congress(starts_on=date(2025, 10, 1), ends_on=date(2025, 10, 3))
    document = make_document(issued_on=date(2025, 9, 1), congress=congress)
    make_feedback(document)
    poll = Poll.objects.create(
        question="Bạn thấy giao diện thế nào?",
        opens_at=timezone.now() - timedelta(days=1),
    )
    Choice.objects.create(poll=poll, text="Đẹp", order=1)
    Media.objects.create(
        congress=congress,
        kind=MediaKind.VIDEO,
        title="Khai mạc",
        external_url="https://example.gov.vn/video",
        published_at=timezone.now(),
    )
    PhotoReport.objects.create(
        congress=congress, title="Phóng sự ảnh", published_at=timezone.now()
    )
    Page.objects.create(title="Giới thiệu", status="published")
    DailyStat.objects.create(day=date(2026, 1, 1))
    LegacyRedirect.objects.create(old_path="/index.php?id=7", article=article)
    HomePin.objects.create(article=article, order=1)
    SiteProfile.objects.current()
    return {"article": article, "poll": poll, "document": document}


def date_inputs(data):
    """Names of the date parts of a form: ``x_0`` of a split date and time, or a
    field whose value reads as dd/mm/yyyy."""
    names = []
    for name, value in data.items():
        if not isinstance(value, str) or name.startswith("initial-"):
            continue
        if name.endswith("_0") and f"{name[:-2]}_1" in data:
            names.append(name)
        elif re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):
            names.append(name)
    return names


def forms_with_dates():
    """Labels of the registered models (the project's and the user accounts)
    with a date or time column."""
    return sorted(
        model._meta.label
        for model in admin.site._registry
        if model._meta.app_label in OWN_APPS
        and any(isinstance(f, DateField) for f in model._meta.concrete_fields)
    )


FORMS = forms_with_dates()


def test_the_walk_finds_the_forms_of_the_finding():
    assert {
        "polls.Poll",
        "congress.Document",
        "bulletins.Article",
        "bulletins.Page",
        "auth.User",
    } <= set(FORMS)


@pytest.mark.parametrize("label", FORMS)
def test_every_admin_date_refuses_years_outside_the_range(client, world, label):
    root = make_superuser("goc")
    client.force_login(root)
    model = next(m for m in admin.site._registry if m._meta.label == label)
    obj = model._default_manager.first()
    if obj is None:
        pytest.skip(f"no {label} row to change")
    opts = model._meta
    url = f"/quan-tri/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), f"{opts.model_name}_form")
    names = date_inputs(data)
    if not names:
        pytest.skip(f"{label}: no editable date on the form")
    before = list(model._default_manager.order_by("pk").values())
    for name in names:
        for day in HOSTILE_DAYS:
            posted = {**data, name: day}
            time_part = f"{name[:-2]}_1"
            if name.endswith("_0") and not posted.get(time_part):
                posted[time_part] = "08:00"
            response = client.post(url, posted)
            assert response.status_code == 200, (label, name, day)
            assert OUT_OF_RANGE in response.content.decode(), (label, name, day)
    assert list(model._default_manager.order_by("pk").values()) == before
    for path in PUBLIC_PAGES:
        assert client.get(path).status_code == 200


def test_the_poll_add_form_of_the_finding(client, world):
    client.force_login(make_superuser("goc"))
    response = client.post(
        "/quan-tri/polls/poll/add/",
        {
            "question": "Câu hỏi năm 1?",
            "opens_at_0": "01/01/0001",
            "opens_at_1": "00:00",
            "is_active": "on",
            "show_in_sidebar": "on",
            "choices-TOTAL_FORMS": "0",
            "choices-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not Poll.objects.filter(question="Câu hỏi năm 1?").exists()
    # The sidebar poll, the register, search and the sitemaps still answer.
    for path in [*PUBLIC_PAGES, "/tim-kiem/?q=h%E1%BB%99i"]:
        assert client.get(path).status_code == 200


def test_an_editor_cannot_date_a_document_in_year_one(client, world, newsroom_groups):
    editor = make_staff("bien-tap-vien")
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    client.force_login(editor)
    document = world["document"]
    url = f"/quan-tri/congress/document/{document.pk}/change/"
    data = form_data(client.get(url).content.decode(), "document_form")
    data.update({"published_at_0": "01/01/0001", "published_at_1": "00:00"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    document.refresh_from_db()
    assert document.published_at.year > 2000
    assert client.get("/van-ban/").status_code == 200


@pytest.mark.parametrize("when", ["01/01/0001 00:00", "0001-01-01 00:00", "31/12/9999"])
def test_the_workflow_refuses_a_publication_time_out_of_range(client, world, when):
    client.force_login(make_superuser("goc"))
    article = make_article("Bản nháp", status=Article.Status.DRAFT)
    response = client.post(
        f"/quan-tri/bulletins/article/{article.pk}/quy-trinh/",
        {"step": "publish", "published_at": when},
    )
    assert response.status_code == 400
    assert "thời điểm đăng không đúng" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_an_import_with_a_date_out_of_range_stores_nothing(client, world):
    client.force_login(make_superuser("goc"))
    category = world["article"].category
    rows = (
        "slug,title,category,status,published_at,lead,body\n"
        f"bai-nam-mot,Bài năm một,{category.slug},draft,0001-01-01 00:00:00,"
        "Sapo,<p>Thân</p>\n"
    )
    upload = SimpleUploadedFile("bai.csv", rows.encode(), content_type="text/csv")
    response = client.post(
        "/quan-tri/bulletins/article/import/", {"import_file": upload, "format": "0"}
    )
    assert response.status_code == 200
    assert "1900" in response.content.decode()
    assert not Article.objects.filter(slug="bai-nam-mot").exists()


def test_the_user_admin_refuses_a_joined_date_out_of_range(client, world):
    client.force_login(make_superuser("goc"))
    user = User.objects.create_user("phong-vien-moi", is_staff=True)
    url = f"/quan-tri/auth/user/{user.pk}/change/"
    data = form_data(client.get(url).content.decode(), "user_form")
    data.update({"date_joined_0": "01/01/0001", "date_joined_1": "00:00"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    user.refresh_from_db()
    assert user.date_joined.year > 2000
    assert client.get("/quan-tri/auth/user/").status_code == 200
