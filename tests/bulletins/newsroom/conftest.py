from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from tests.factories import make_staff

GROUP_NAMES = {
    "reporter": "Phóng viên",
    "reporter2": "Phóng viên",
    "editor": "Biên tập viên",
    "head": "Trưởng Ban biên tập",
    "admin": "Quản trị",
}


@pytest.fixture
def roles(newsroom_groups):
    """One staff user per newsroom group (the groups come from the migration)."""
    users = {}
    for key, group in GROUP_NAMES.items():
        user = make_staff(f"nv-{key}")
        user.groups.add(Group.objects.get(name=group))
        users[key] = user
    return SimpleNamespace(**users)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
