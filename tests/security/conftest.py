import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user(
        "bientap", password="mat-khau-thu-nghiem", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@pytest.fixture
def plain_user_client(client, db):
    user = get_user_model().objects.create_user(
        "bandoc", password="mat-khau-thu-nghiem", is_staff=False
    )
    client.force_login(user)
    return client
