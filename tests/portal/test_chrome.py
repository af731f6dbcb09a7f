import unicodedata

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse

from portal.models import MenuItem, SiteProfile, WebsiteLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    profile = SiteProfile.objects.current()
    profile.site_name = "Đảng bộ Sở Thử nghiệm"
    profile.agency_line_1 = "Sở Khoa học và Công nghệ"
    profile.agency_line_2 = "Tỉnh Thử nghiệm"
    profile.editor_in_chief = "Nguyễn Văn Biên"
    profile.licence = "Giấy phép số 99/GP-TTĐT"
    profile.address = "Số 1 đường Lê Lợi"
    profile.phone = "0255 000 111"
    profile.fax = "0255 000 112"
    profile.email = "lienhe@example.gov.vn"
    profile.managing_agency = "Đảng ủy Sở"
    profile.save()
    return profile


def test_home_shows_profile_facts_in_header_and_footer(client, profile):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Sở Khoa học và Công nghệ",
        "Tỉnh Thử nghiệm",
        "Trưởng Ban biên tập:",
        "Nguyễn Văn Biên",
        "99/GP-TTĐT",
        "Số 1 đường Lê Lợi",
        "0255 000 111",
        "0255 000 112",
        "lienhe@example.gov.vn",
    ]:
        assert text in html


def test_page_has_lang_vi_and_skip_link_to_main(client, profile):
    html = client.get("/").content.decode()
    assert '<html lang="vi"' in html
    assert '<a class="skip-link" href="#noi-dung">Bỏ qua nội dung chính</a>' in html
    assert 'id="noi-dung"' in html
    # The skip link is the first link in the body.
    body = html.split("<body", 1)[1]
    assert body.index('class="skip-link"') < body.index(
        "<a ", body.index("skip-link") + 1
    )


def test_menu_shows_nested_items_in_order(client, profile):
    news = MenuItem.objects.create(title="Tin tức", url="/tin/", order=2)
    MenuItem.objects.create(title="Giới thiệu", url="/gioi-thieu/", order=1)
    MenuItem.objects.create(title="Hoạt động", url="/hoat-dong/", order=1, parent=news)
    MenuItem.objects.create(title="Ẩn", url="/an/", order=3, is_active=False)
    html = client.get("/").content.decode()
    assert html.index("Giới thiệu") < html.index("Tin tức") < html.index("Hoạt động")
    assert "/an/" not in html


def test_menu_edit_shows_at_once(client, profile):
    item = MenuItem.objects.create(title="Cũ", url="/cu/")
    assert "Cũ" in client.get("/").content.decode()
    item.title = "Mới"
    item.save()
    html = client.get("/").content.decode()
    assert "Mới" in html and ">Cũ<" not in html


def test_website_links_block(client, profile):
    WebsiteLink.objects.create(title="Cổng tỉnh", url="https://tinh.example.gov.vn/")
    html = client.get("/").content.decode()
    assert "Liên kết website" in html
    assert 'href="https://tinh.example.gov.vn/"' in html


def test_accessibility_mode_toggles_and_persists(client, profile):
    assert 'class="a11y"' not in client.get("/").content.decode()
    response = client.get(reverse("portal:accessibility") + "?mode=on&next=/lien-he/")
    assert response.status_code == 302
    assert response["Location"] == "/lien-he/"
    assert response.cookies["a11y"].value == "1"
    # The cookie is kept by the client: the next pages render in accessibility mode.
    for path in ["/", "/lien-he/"]:
        html = client.get(path).content.decode()
        assert '<html lang="vi" class="a11y">' in html
        assert "Tắt chế độ truy cập dễ dàng hơn" in html
    client.get(reverse("portal:accessibility") + "?mode=off&next=/")
    assert 'class="a11y"' not in client.get("/").content.decode()


def test_accessibility_toggle_refuses_offsite_next(client):
    response = client.get(
        reverse("portal:accessibility") + "?next=https://evil.example/"
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_url_gives_vietnamese_404(client, profile):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Về trang chủ" in html


def test_contact_and_english_pages(client, profile):
    profile.english_name = "Party Committee of the Test Department"
    profile.save()
    contact = client.get(reverse("portal:contact")).content.decode()
    assert "Liên hệ" in contact and "Số 1 đường Lê Lợi" in contact
    english = client.get(reverse("portal:english")).content.decode()
    assert "Party Committee of the Test Department" in english
    assert 'lang="en"' in english


def test_profile_lists_missing_legal_facts():
    profile = SiteProfile.objects.current()
    missing = [str(name) for name in profile.missing_legal_fields()]
    assert "Trưởng Ban biên tập" in missing
    assert "fax" in missing
    profile.editor_in_chief = "Trần Thị B"
    profile.save()
    assert "Trưởng Ban biên tập" not in [str(n) for n in profile.missing_legal_fields()]


def test_admin_profile_page_marks_missing_facts(admin_client):
    profile = SiteProfile.objects.current()
    response = admin_client.get(
        reverse("admin:portal_siteprofile_change", args=[profile.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Còn trống" in html
    assert "Trưởng Ban biên tập" in html


def test_admin_header_carries_site_name(admin_client, profile):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Đảng bộ Sở Thử nghiệm — Quản trị" in html


def test_text_is_stored_nfc():
    decomposed = unicodedata.normalize("NFD", "Đảng bộ")  # as some keyboards send it
    assert decomposed != "Đảng bộ"
    profile = SiteProfile.objects.current()
    profile.site_name = decomposed
    profile.save()
    profile.refresh_from_db()
    assert profile.site_name == "Đảng bộ"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_503_when_database_fails(client, monkeypatch):
    from portal import views

    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(views.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/healthz")
    assert response.status_code == 503


def _row_counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"portal", "bulletins", "congress", "polls", "analytics"}
    }


def test_seed_demo_twice_gives_same_row_counts():
    call_command("seed_demo", verbosity=0)
    first = _row_counts()
    call_command("seed_demo", verbosity=0)
    assert _row_counts() == first
    assert first["portal.SiteProfile"] == 1
    assert first["portal.MenuItem"] >= 4


@pytest.mark.parametrize(
    "typed",
    [
        "Giấy phép số 99/GP-TTĐT",
        "giấy phép số: 99/GP-TTĐT",
        "99/GP-TTĐT",
        "GIẤY PHÉP 99/GP-TTĐT",
    ],
)
def test_the_licence_label_is_said_once(client, profile, typed):
    profile.licence = typed
    profile.save()
    assert SiteProfile.objects.get().licence == "99/GP-TTĐT"
    # Once in the footer, and once more in the contact page's own list.
    for url, labels in (("/", 1), ("/lien-he/", 2)):
        html = client.get(url).content.decode()
        assert html.count("Giấy phép số") == labels, url
        assert html.count("99/GP-TTĐT") == labels, url
