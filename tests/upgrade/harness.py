"""Build a database with an earlier release of this project, then upgrade it.

``old_database(commit, url)`` checks the release out of this repository's history
(``git archive``) into a temporary folder, and runs its own ``migrate`` and
``seed_demo`` against ``url``, plus a script that writes the rows a working site
collects that the demo does not (workflow steps, revisions, admin history,
moderated feedback, logins). ``upgrade(url)`` then runs today's ``migrate``.
``rows(url)`` reads every row of every table with the database driver itself, so the
comparison does not go through either version's models.

The releases run with this checkout's virtual environment: an upgrade test is
about the data, and a release that needs other packages is a different test.
"""

import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[2]

# Rows a real site has that seed_demo does not make, written with the old code.
WORK_SCRIPT = """
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
import reversion

from analytics.models import Visitor
from bulletins.models import Article

head = User.objects.create_user("truongban_cu", password="x", is_staff=True)
head.groups.add(Group.objects.get(name="Trưởng Ban biên tập"))
reporter = User.objects.create_user("phongvien_cu", password="x", is_staff=True)
reporter.groups.add(Group.objects.get(name="Phóng viên"))
article = Article.objects.order_by("pk").first()
with reversion.create_revision():
    reversion.set_user(head)
    reversion.set_comment("Sửa tít")
    article.title = article.title + " (đã sửa)"
    article.save()
LogEntry.objects.log_action(
    user_id=head.pk,
    content_type_id=ContentType.objects.get_for_model(Article).pk,
    object_id=article.pk,
    object_repr=str(article),
    action_flag=CHANGE,
    change_message="Đã sửa tít",
)
Visitor.objects.create(key="f" * 32, last_seen=1_763_600_000_000, prev_seen=None)
"""


def _env(url, cwd):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DJANGO_VAR_DIR=str(Path(cwd) / "var"),
        DJANGO_PAGE_CACHE="0",
        MEDIA_ROOT=str(Path(cwd) / "media"),
        PYTHONPATH=str(cwd),
    )
    env.pop("REDIS_URL", None)
    return env


def manage(cwd, url, *args, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=_env(url, cwd),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed in {cwd}:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def checkout(commit, into):
    """The project as it was at ``commit`` (needs this repository's history)."""
    result = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit],
        capture_output=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"git archive {commit} failed: {result.stderr.decode()!r}. The upgrade "
            "test needs the repository's history (a clone that is not shallow)."
        )
    with tarfile.open(fileobj=BytesIO(result.stdout)) as archive:
        archive.extractall(into, filter="data")
    return Path(into)


def old_database(commit, url):
    with tempfile.TemporaryDirectory(prefix="upgrade-") as folder:
        old = checkout(commit, folder)
        manage(old, url, "migrate", "--noinput")
        manage(old, url, "seed_demo")
        manage(old, url, "shell", stdin=WORK_SCRIPT)


def upgrade(url):
    return manage(ROOT, url, "migrate", "--noinput")


# --- reading every row --------------------------------------------------------


def _sqlite_rows(path):
    with sqlite3.connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [column[0] for column in cursor.description]
            found[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
        return found


def _postgres_rows(url):
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [name for (name,) in cursor.fetchall()]
        found = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = [column[0] for column in cursor.description]
            found[table] = [
                dict(zip(columns, row, strict=True)) for row in cursor.fetchall()
            ]
        return found


def rows(url):
    """{table: [row as {column: value}]} of every table in the database at ``url``."""
    if url.startswith("sqlite"):
        return _sqlite_rows(urlsplit(url).path)
    return _postgres_rows(url)


def same_rows(old, new):
    """``new`` holds exactly the rows of ``old``, read through ``old``'s columns
    (columns added since may hold anything)."""
    if not old:
        return not new
    columns = list(old[0])

    def key(row):
        return tuple(repr(row.get(column)) for column in columns)

    return sorted(map(key, old)) == sorted(map(key, new))
