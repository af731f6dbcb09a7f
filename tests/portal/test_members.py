"""A role makes a staff account; the "add a newsroom member" page (issue 16)."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.urls import reverse

from tests.factories import make_superuser

pytestmark = pytest.mark.django_db

ADD_MEMBER = "/quan-tri/auth/user/them-thanh-vien/"


@pytest.fixture
def chief_admin(client, newsroom_groups):
    """Quản trị who is also Trưởng Ban biên tập: appoints the whole newsroom."""
    user = User.objects.create_user("chanh-van-phong", password="x", is_staff=True)
    user.groups.add(
        Group.objects.get(name="Quản trị"),
        Group.objects.get(name="Trưởng Ban biên tập"),
    )
    client.force_login(user)
    return user


def member_form(**extra):
    data = {
        "full_name": "Nguyễn Thị Thu Hà",
        "username": "thuha",
        "email": "thuha@example.gov.vn",
        "role": "Phóng viên",
        "password_mode": "password",
        "password1": "Mua-xuan-tren-nui-2026",
        "password2": "Mua-xuan-tren-nui-2026",
    }
    data.update(extra)
    return data


def test_new_member_with_an_initial_password_logs_in(client, chief_admin):
    page = client.get(ADD_MEMBER).content.decode()
    assert "Thêm thành viên ban biên tập" in page
    assert "Quản trị" not in re.findall(r'value="([^"]+)"', page)  # not grantable
    response = client.post(ADD_MEMBER, member_form())
    assert response.status_code == 302
    user = User.objects.get(username="thuha")
    assert user.is_staff and user.is_active
    assert user.get_full_name() == "Nguyễn Thị Thu Hà"
    assert list(user.groups.values_list("name", flat=True)) == ["Phóng viên"]
    client.logout()
    response = client.post(
        "/quan-tri/login/?next=/quan-tri/",
        {"username": "thuha", "password": "Mua-xuan-tren-nui-2026"},
    )
    assert response.status_code == 302
    assert client.get("/quan-tri/").status_code == 200


def test_new_member_with_a_link_sets_a_password_then_logs_in(client, chief_admin):
    response = client.post(
        ADD_MEMBER, member_form(password_mode="link", password1="", password2="")
    )
    assert response.status_code == 302
    user = User.objects.get(username="thuha")
    assert not user.has_usable_password()
    (message,) = mail.outbox
    link = re.search(r"http://testserver(\S+)", message.body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Song-Da-mua-lu-2026",
            "new_password2": "Song-Da-mua-lu-2026",
        },
    )
    user.refresh_from_db()
    assert user.check_password("Song-Da-mua-lu-2026")
    # Used once: the link no longer works.
    assert "Song-Da" not in client.get(link, follow=True).content.decode()


def test_roles_are_limited_to_those_the_actor_may_grant(client, newsroom_groups):
    site_admin = User.objects.create_user("quantri", password="x", is_staff=True)
    site_admin.groups.add(Group.objects.get(name="Quản trị"))
    client.force_login(site_admin)
    page = client.get(ADD_MEMBER).content.decode()
    assert "không thể thêm thành viên" in page
    client.post(ADD_MEMBER, member_form(role="Trưởng Ban biên tập"))
    assert not User.objects.filter(username="thuha").exists()


def test_bad_input_is_refused_in_vietnamese(client, chief_admin):
    User.objects.create_user("thuha")
    response = client.post(
        ADD_MEMBER, member_form(password2="khac", email="", password_mode="password")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập này đã có người dùng" in html
    response = client.post(
        ADD_MEMBER, member_form(username="moi", password_mode="link", email="")
    )
    assert "hãy điền vào" in response.content.decode()


def test_giving_a_role_in_the_user_form_makes_staff(client, newsroom_groups):
    client.force_login(make_superuser())
    reporter = User.objects.create_user("phongvien-moi", password="x")
    group = Group.objects.get(name="Phóng viên")
    response = client.post(
        reverse("admin:auth_user_change", args=[reporter.pk]),
        {
            "username": "phongvien-moi",
            "is_active": "on",
            "groups": [group.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "21/11/2026",
            "date_joined_1": "08:00",
        },
    )
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.is_staff
