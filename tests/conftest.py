import pytest
from django.core.cache import cache
from django.db import connection


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Every test writes uploads to its own folder and starts with an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def requires_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")
