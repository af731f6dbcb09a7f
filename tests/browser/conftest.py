"""Live server + Chromium (Playwright) fixtures for the tests marked ``browser``.

The demo content (``seed_demo``) is created once per session in the test database
and served by a live server thread; tests that write (votes, page views, an
article) check differences, never absolute numbers, so their order does not matter.
Every browser context blocks requests that leave the live server and fails the test
on a JavaScript error, a Content-Security-Policy violation or a broken sub-resource.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import testcases
from django.test.utils import override_settings
from pytest_django.live_server_helper import LiveServer

from portal.site_models import forget_sites

from .support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, Contexts

# Playwright's sync API runs an event loop in the test thread; Django's ORM would
# otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, also when no test in the session asks for ``db``.

    pytest-django creates test databases only for tests that use its database
    fixtures; these tests reach the database through the live server (and
    pytest-django's ``live_server`` would empty it after every test).
    """
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    test_name = connection.creation._get_test_db_name()
    if connection.settings_dict["NAME"] == test_name:
        yield
        return
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def browser_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("browser-media")


@pytest.fixture(scope="session")
def site_data(django_db_setup, django_db_blocker, browser_media_root):
    """Demo content, seeded once; the database stays open to the live server."""
    overrides = override_settings(
        MEDIA_ROOT=browser_media_root,
        ROOT_URLCONF="tests.browser.urls",
        # As in production: anonymous pages come from the shared page cache, so
        # per-visitor state (votes, counters) must not be baked into them.
        PAGE_CACHE_ENABLED=True,
    )
    overrides.enable()
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=StringIO())
        yield
    overrides.disable()


def _site_serves_media(application):
    """In place of Django's test media handler: the site itself (tests/browser/urls.py
    routes /media/ to ``portal.security.serve_media``)."""
    return application


@pytest.fixture(scope="session")
def server(site_data):
    """The site served by a live test server thread on a free port.

    pytest-django's ``live_server`` would wrap every test in ``transactional_db``,
    which empties the database after each test; this one keeps the session's data.
    """
    # Django's live server answers /media/ itself, without the site's middleware
    # or views; uploads must come from the site's own serve_media (its sandbox
    # headers, PDFs inline), as in `make run`.
    media_handler = testcases._MediaFilesHandler
    testcases._MediaFilesHandler = _site_serves_media
    try:
        live = LiveServer("localhost")
    finally:
        testcases._MediaFilesHandler = media_handler
    live._live_server_modified_settings.enable()
    yield live.url
    live._live_server_modified_settings.disable()
    live.stop()


@pytest.fixture(autouse=True)
def _isolated_media_and_cache():
    """Replaces the per-test media folder of tests/conftest.py: the demo photos live
    in one folder for the whole session. The cache still starts empty."""
    cache.clear()
    forget_sites()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: apt-get install -y chromium "
            "(or set CHROMIUM_PATH)"
        )
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser, server):
    """Factory for browser contexts; the test fails on any problem they saw."""
    contexts = Contexts(browser, server)
    yield contexts
    contexts.close()
    problems = contexts.take_problems()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_context):
    return new_context(DESKTOP).new_page()


@pytest.fixture
def phone_page(new_context):
    return new_context(PHONE).new_page()
