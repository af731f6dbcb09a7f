"""Issuers as a managed list (Cơ quan ban hành), spellings merged (issue 16)."""

import importlib

import pytest
from django.apps import apps as django_apps

from congress.models import Document, Issuer
from tests.factories import make_document, make_superuser

pytestmark = pytest.mark.django_db

merge = importlib.import_module("congress.migrations.0008_issuers_merged")


def test_migration_merges_spellings_of_one_issuer():
    spellings = [
        "Đảng ủy Sở Khoa học và Công nghệ",
        "Đảng ủy Sở Khoa học và Công nghệ",
        "Đảng uỷ Sở Khoa học và Công nghệ",  # the other ủy
        "đảng ủy  sở khoa học và công nghệ ",
        "Dang uy So Khoa hoc va Cong nghe",
        "Ban Tuyên giáo Tỉnh ủy",
    ]
    for n, name in enumerate(spellings):
        make_document(f"Văn bản {n}", issuer=name)
    merge.merge_issuers(django_apps, None)
    assert sorted(Issuer.objects.values_list("name", flat=True)) == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Đảng ủy Sở Khoa học và Công nghệ",
    ]
    committee = Issuer.objects.get(name="Đảng ủy Sở Khoa học và Công nghệ")
    assert committee.documents.count() == 5
    assert set(Document.objects.values_list("issuer", flat=True)) == {
        "Ban Tuyên giáo Tỉnh ủy",
        "Đảng ủy Sở Khoa học và Công nghệ",
    }


def test_register_filter_lists_one_spelling_per_issuer(client):
    for n, name in enumerate(["Đảng ủy Sở", "Đảng uỷ Sở", "ĐẢNG ỦY SỞ"]):
        make_document(f"Văn bản {n}", issuer=name)
    merge.merge_issuers(django_apps, None)
    html = client.get("/van-ban/").content.decode()
    assert html.count('value="Đảng ủy Sở"') + html.count('value="Đảng uỷ Sở"') == 1
    assert "ĐẢNG ỦY SỞ" not in html


def test_a_second_spelling_cannot_be_added_and_a_rename_reaches_documents(client):
    client.force_login(make_superuser())
    issuer = Issuer.objects.create(name="Đảng ủy Sở")
    document = make_document("Nghị quyết", issuing_body=issuer)
    assert document.issuer == "Đảng ủy Sở"
    response = client.post(
        "/quan-tri/congress/issuer/add/", {"name": "đảng uỷ sở", "order": 0}
    )
    assert response.status_code == 200
    assert "đã có trong danh sách" in response.content.decode()
    assert Issuer.objects.count() == 1
    client.post(
        f"/quan-tri/congress/issuer/{issuer.pk}/change/",
        {"name": "Đảng ủy Sở Khoa học và Công nghệ", "order": 0},
    )
    document.refresh_from_db()
    assert document.issuer == "Đảng ủy Sở Khoa học và Công nghệ"
