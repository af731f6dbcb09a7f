"""Privilege escalation through user management, for every pair of roles, through
real admin POSTs: the change form, the password form, granting a role, one's own
groups and the bulk delete (portal/roles.py, portal/admin.py StaffUserAdmin).

The expected answers come from the rule as the issue states it, written out here
on its own: a user grants only the newsroom roles at or below their own, never
changes their own groups, and edits (or resets the password of) only users
holding nothing more; only superusers manage Quản trị.
"""

import pytest
from django.contrib.auth.models import Group, User

from portal import roles

from .forms import form_data

pytestmark = pytest.mark.django_db

PV, BTV, TBBT, QT = roles.REPORTER, roles.EDITOR, roles.HEAD, roles.ADMINISTRATOR
ACTORS = {
    "phong-vien": [PV],
    "bien-tap-vien": [BTV],
    "truong-ban": [TBBT],
    "quan-tri": [QT],
    "quan-tri+phong-vien": [QT, PV],
    "quan-tri+bien-tap-vien": [QT, BTV],
    "quan-tri+truong-ban": [QT, TBBT],
    "sieu-nguoi-dung": "superuser",
}
TARGETS = {
    "khong-vai-tro": [],
    "phong-vien": [PV],
    "bien-tap-vien": [BTV],
    "truong-ban": [TBBT],
    "quan-tri": [QT],
    "quan-tri+phong-vien": [QT, PV],
}
PASSWORD = "mat-khau-thu-nghiem-9"


def may_use_user_admin(actor):
    return actor == "superuser" or QT in actor


def may_grant(actor):
    """What the issue says each actor may hand out."""
    if actor == "superuser":
        return {PV, BTV, TBBT, QT}
    if not may_use_user_admin(actor):
        return set()
    chain = [PV, BTV, TBBT]
    ranks = [chain.index(role) for role in actor if role in chain]
    return set(chain[: max(ranks) + 1]) if ranks else set()


def may_edit(actor, target):
    if not may_use_user_admin(actor):
        return False
    return actor == "superuser" or set(target) <= may_grant(actor)


@pytest.fixture
def groups(db):
    roles.sync_groups()
    return {group.name: group for group in Group.objects.filter(name__in=roles.ROLES)}


def make_user(username, role_names, groups):
    if role_names == "superuser":
        return User.objects.create_superuser(username, password=PASSWORD)
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.set([groups[name] for name in role_names])
    return user


def change_url(user):
    return f"/quan-tri/auth/user/{user.pk}/change/"


PAIRS = [(a, t) for a in ACTORS for t in TARGETS]


@pytest.mark.parametrize(("actor_key", "target_key"), PAIRS)
def test_editing_a_user(client, groups, actor_key, target_key):
    actor = make_user("nguoi-sua", ACTORS[actor_key], groups)
    target = make_user("nguoi-bi-sua", TARGETS[target_key], groups)
    client.force_login(actor)
    page = client.get(change_url(target))
    if not may_use_user_admin(ACTORS[actor_key]):
        assert page.status_code == 403
        return
    assert page.status_code == 200
    data = form_data(page.content.decode(), "user_form")
    data["first_name"] = "Đã sửa"
    response = client.post(change_url(target), data)
    target.refresh_from_db()
    if may_edit(ACTORS[actor_key], TARGETS[target_key]):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert target.first_name == "Đã sửa"
        assert set(target.groups.values_list("name", flat=True)) == set(
            TARGETS[target_key]
        )
    else:
        assert response.status_code == 403
        assert target.first_name == ""


@pytest.mark.parametrize(("actor_key", "target_key"), PAIRS)
def test_resetting_a_password(client, groups, actor_key, target_key):
    actor = make_user("nguoi-sua", ACTORS[actor_key], groups)
    target = make_user("nguoi-bi-sua", TARGETS[target_key], groups)
    client.force_login(actor)
    response = client.post(
        f"/quan-tri/auth/user/{target.pk}/password/",
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"},
    )
    target.refresh_from_db()
    if may_edit(ACTORS[actor_key], TARGETS[target_key]):
        assert response.status_code == 302
        assert target.check_password("Mat-khau-moi-2026")
    else:
        assert response.status_code == 403
        assert target.check_password(PASSWORD)


@pytest.mark.parametrize("actor_key", list(ACTORS))
@pytest.mark.parametrize("role", list(roles.ROLES))
def test_granting_a_role(client, groups, actor_key, role):
    actor = make_user("nguoi-sua", ACTORS[actor_key], groups)
    target = make_user("nguoi-moi", [], groups)
    client.force_login(actor)
    page = client.get(change_url(target))
    if not may_use_user_admin(ACTORS[actor_key]):
        assert page.status_code == 403
        return
    data = form_data(page.content.decode(), "user_form")
    data["groups"] = [str(groups[role].pk)]
    response = client.post(change_url(target), data)
    held = set(target.groups.values_list("name", flat=True))
    if role in may_grant(ACTORS[actor_key]):
        assert response.status_code == 302
        assert held == {role}
    else:
        assert response.status_code == 200  # the form, with the choice refused
        assert held == set()


@pytest.mark.parametrize("actor_key", [k for k in ACTORS if QT in ACTORS[k]])
def test_nobody_changes_their_own_groups(client, groups, actor_key):
    """The finding: Quản trị made itself Trưởng Ban biên tập, then published."""
    actor = make_user("nguoi-sua", ACTORS[actor_key], groups)
    client.force_login(actor)
    page = client.get(change_url(actor))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="groups"' not in html
    data = form_data(html, "user_form")
    data.update(
        {
            "groups": [str(groups[TBBT].pk), str(groups[QT].pk)],
            "is_superuser": "on",
            "first_name": "Tự sửa",
        }
    )
    response = client.post(change_url(actor), data)
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.first_name == "Tự sửa"  # their own name, yes
    assert set(actor.groups.values_list("name", flat=True)) == set(ACTORS[actor_key])
    assert not actor.is_superuser
    assert not actor.has_perm("bulletins.publish_article") or TBBT in ACTORS[actor_key]


def test_administrator_cannot_reset_the_editor_in_chiefs_password(client, groups):
    """The finding's second half, as it was reported."""
    admin_user = make_user("quan-tri", [QT], groups)
    head = make_user("truong-ban", [TBBT], groups)
    client.force_login(admin_user)
    page = client.get(f"/quan-tri/auth/user/{head.pk}/password/")
    assert page.status_code == 403
    head.refresh_from_db()
    assert head.check_password(PASSWORD)


def test_bulk_delete_of_a_higher_role_is_refused(client, groups):
    admin_user = make_user("quan-tri", [QT, BTV], groups)
    head = make_user("truong-ban", [TBBT], groups)
    reporter = make_user("phong-vien", [PV], groups)
    client.force_login(admin_user)
    response = client.post(
        "/quan-tri/auth/user/",
        {
            "action": "delete_selected",
            "_selected_action": [head.pk, reporter.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert User.objects.filter(pk__in=[head.pk, reporter.pk]).count() == 2
    # A user they could have appointed can be deleted, one or in bulk.
    response = client.post(
        "/quan-tri/auth/user/",
        {"action": "delete_selected", "_selected_action": [reporter.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=reporter.pk).exists()


def test_nobody_deletes_their_own_account(client, groups):
    admin_user = make_user("quan-tri", [QT], groups)
    client.force_login(admin_user)
    response = client.post(
        f"/quan-tri/auth/user/{admin_user.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=admin_user.pk).exists()
