"""Production settings pass ``check --deploy`` and switch HSTS and HTTPS on."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_HTTPS="1",
        DJANGO_ALLOWED_HOSTS="example.gov.vn",
        DJANGO_VAR_DIR=str(tmp_path),
    )
    return env


def test_check_deploy_reports_no_issues_and_silences_nothing(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output


def test_production_settings_send_hsts_and_redirect_to_https(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='example.gov.vn');"
        "r = c.get('/healthz', secure=True);"
        "print('HSTS', r.get('Strict-Transport-Security'));"
        "print('CSP', r.get('Content-Security-Policy'));"
        "r = c.get('/healthz');"
        "print('PLAIN', r.status_code, r.get('Location'));"
        "from django.conf import settings;"
        "print('COOKIES', settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["HSTS"] == "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in lines["CSP"]
    assert lines["PLAIN"] == "301 https://example.gov.vn/healthz"
    assert lines["COOKIES"] == "True True"


def test_django_is_the_newest_52_patch_release_we_pin():
    pinned = next(
        line.split("==", 1)[1].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.lower().startswith("django==")
    )
    assert django.get_version() == pinned
    assert pinned.startswith("5.2.")
    # 5.2.19 was the newest 5.2.x on the package index when this was written
    # (`pip index versions Django`); never go back below it.
    assert tuple(int(p) for p in pinned.split(".")) >= (5, 2, 19)
