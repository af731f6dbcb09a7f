"""What staff see of an import in the admin: its report, and the old addresses with
their kinds and targets; an old address added by hand in any spelling works."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from bulletins.models import JoomlaImportRun, LegacyRedirect, Page
from tests.bulletins.joomla.conftest import FIXTURES
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

J25 = FIXTURES / "j25" / "vn25.sql"


@pytest.fixture
def head(client):
    user = make_staff("truong-ban")
    user.groups.add(Group.objects.get(name="Trưởng Ban biên tập"))
    client.force_login(user)
    return client


def test_the_report_of_each_run_is_kept_for_staff(import_joomla, head):
    import_joomla(J25, "--dry-run")
    assert not JoomlaImportRun.objects.exists()  # a dry run writes nothing
    import_joomla(J25)
    run = JoomlaImportRun.objects.get()
    assert run.backup.endswith("vn25.sql")
    assert "Tin bài: 10 mới" in run.summary
    assert "«Tin đã xoá»: đã ở thùng rác" in run.report
    listing = head.get("/quan-tri/bulletins/joomlaimportrun/")
    assert listing.status_code == 200
    page = head.get(f"/quan-tri/bulletins/joomlaimportrun/{run.pk}/change/")
    assert page.status_code == 200
    assert "Tin bài: 10 mới" in page.content.decode()
    assert head.get("/quan-tri/bulletins/joomlaimportrun/add/").status_code == 403


def test_old_addresses_show_their_kind_and_target(import_joomla, head):
    import_joomla(J25)
    response = head.get("/quan-tri/bulletins/legacyredirect/?kind=page")
    html = response.content.decode()
    assert response.status_code == 200
    page = Page.objects.get(legacy_id=12)
    assert f'<a href="{page.get_absolute_url()}">' in html
    assert "/index.php?option=com_content&amp;view=article&amp;id=12" in html
    menu = head.get("/quan-tri/bulletins/legacyredirect/?kind=menu").content.decode()
    assert "/gioi-thieu" in menu
    hidden = head.get(
        "/quan-tri/bulletins/legacyredirect/?q=view%3Darticle%26id%3D2"
    ).content.decode()
    assert "404" in hidden


def test_an_old_address_added_by_hand_is_stored_as_the_lookup_reads_it(head):
    response = head.post(
        "/quan-tri/bulletins/legacyredirect/add/",
        {
            "old_path": "http://dangbo.example.gov.vn/index.php/Lien-He.html",
            "kind": "menu",
            "url": "/lien-he/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LegacyRedirect.objects.get().old_path == "/lien-he"
    answer = Client().get("/index.php/lien-he")
    assert answer.status_code == 301 and answer["Location"] == "/lien-he/"
    # Only addresses of this site, so the table cannot send readers elsewhere.
    refused = head.post(
        "/quan-tri/bulletins/legacyredirect/add/",
        {"old_path": "/cu", "kind": "other", "url": "//ke-gian.example/"},
    )
    assert refused.status_code == 200
    assert not LegacyRedirect.objects.filter(old_path="/cu").exists()
