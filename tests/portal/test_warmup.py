"""A new server process loads the URL patterns, their reverse lookup tables and
the translations before its first request (portal/warmup.py, called by
portal/wsgi.py), so no reader's page waits for them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import portal.wsgi
from django.urls import get_resolver
from django.utils.translation import trans_real
from analytics import visitors
print(get_resolver()._populated, None in visitors._prefixes,
      sorted(trans_real._translations))
"""


def test_the_wsgi_application_is_warm_before_its_first_request(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test", DJANGO_VAR_DIR=str(tmp_path)
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # The counter's excluded prefixes (a reverse lookup of the admin) are known
    # too: a page served from the cache needs nothing more.
    assert result.stdout.split() == ["True", "True", "['en',", "'vi']"]
