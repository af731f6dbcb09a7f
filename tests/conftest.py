import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from hypothesis import settings as hypothesis_settings

from portal.memo import forget_all as forget_memos
from portal.site_models import forget_sites

# Property tests judge results, not speed: a loaded test machine (two workers,
# browsers, other suites) must not turn a slow example into a failure.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Every test writes uploads to its own folder and starts with empty caches
    (the shared one, the page cache's own and each process's memos)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    forget_sites()
    caches[settings.PAGE_CACHE_ALIAS].clear()
    forget_memos()
    yield
    cache.clear()
    forget_memos()


@pytest.fixture
def one_rate_window():
    """Start the test early in a clock minute: the counter's rate limit counts per
    minute (and its new-visitor cap per hour), so requests spread over a minute's
    end would be judged in two windows and the limit would let twice as many in."""
    left = 60 - time.time() % 60
    if left < 20:
        time.sleep(left + 0.1)


@pytest.fixture
def requires_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


@pytest.fixture
def newsroom_groups(db):
    """The role groups the 0004 migration creates.

    A transactional test empties every table, so tests that run after one would not
    find the groups; this puts them back exactly as the migration defines them.
    """
    import importlib

    from django.contrib.auth.models import Group, Permission

    groups = importlib.import_module("bulletins.migrations.0004_newsroom_groups").GROUPS
    for name, perms in groups.items():
        group, created = Group.objects.get_or_create(name=name)
        if not created:
            continue
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
    return groups


def count_queries(action):
    """How many queries ``action()`` makes (for "at most n, and the same n at two
    data sizes" budgets)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)
