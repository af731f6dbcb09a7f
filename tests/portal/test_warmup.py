"""A new server process loads the URL patterns, their reverse lookup tables and
the translations before its first request (portal/warmup.py, called by
portal/wsgi.py and portal/asgi.py), so no reader's page waits for them."""

import pytest

from tests.processes import run_python

SCRIPT = """
import {module}
from django.urls import get_resolver
from django.utils.translation import trans_real
from analytics import visitors
print(get_resolver()._populated, None in visitors._prefixes,
      sorted(trans_real._translations))
"""


@pytest.mark.parametrize("module", ["portal.wsgi", "portal.asgi"])
def test_the_application_is_warm_before_its_first_request(tmp_path, module):
    result = run_python(
        SCRIPT.format(module=module),
        tmp_path,
        DJANGO_SETTINGS_MODULE="portal.settings.test",
    )
    assert result.returncode == 0, result.stderr
    # The counter's excluded prefixes (a reverse lookup of the admin) are known
    # too: a page served from the cache needs nothing more.
    assert result.stdout.split() == ["True", "True", "['en',", "'vi']"]
