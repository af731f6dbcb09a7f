import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(client, newsroom_groups):
    user = User.objects.create_user(
        "quantri", password="mat-khau-dai-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Quản trị"))
    client.force_login(user)
    return user


def test_site_admin_cannot_make_themselves_superuser(client, site_admin):
    url = reverse("admin:auth_user_change", args=[site_admin.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    client.post(
        url,
        {
            "username": "quantri",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [g.pk for g in site_admin.groups.all()],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "21/11/2026",
            "date_joined_1": "08:00",
        },
    )
    site_admin.refresh_from_db()
    assert site_admin.is_superuser is False


def test_site_admin_cannot_open_a_superuser_account(client, site_admin):
    root = User.objects.create_superuser("root", password="mat-khau-dai-456")
    response = client.get(reverse("admin:auth_user_change", args=[root.pk]))
    assert response.status_code in {302, 404}
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert ">root<" not in listing
