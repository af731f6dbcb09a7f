"""A database made by the release before the congress and search apps existed
(commit 78d6802) upgrades to today's code without losing or changing a row.

The congress section's tables keep their names, so every row of every table must
read back the same after ``migrate`` (but the site profile's licence, whose
repeated "Giấy phép số" label portal 0003 drops); only the content types of the
moved models change their app label (keeping their ids, so permissions, groups, admin history
and revisions still point at them). Runs on the database of the test run: SQLite,
or PostgreSQL when DATABASE_URL points there.
"""

import os

import psycopg2
import pytest
from django.conf import settings

from portal.models import licence_number

from .harness import ROOT, manage, old_database, rows, same_rows, upgrade

BASE = "78d6802"
MOVED = {
    "congress",
    "document",
    "documentfile",
    "feedback",
    "media",
    "person",
    "photoreport",
    "photoreportimage",
}


@pytest.fixture
def database_url(tmp_path):
    """An empty database of the run's kind, apart from the test database."""
    config = settings.DATABASES["default"]
    if config["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    name = f"{config['NAME']}_upgrade{os.environ.get('TEST_DB_SUFFIX', '')}"
    server = (
        f"postgres://{config['USER']}:{config['PASSWORD'] or ''}@"
        f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    )

    def admin(sql):
        conn = psycopg2.connect(f"{server}/postgres")
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
        conn.close()

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


READ_BACK = """
from congress.models import Congress, Document, Feedback
from django.contrib.auth.models import Group

editor = Group.objects.get(name="Biên tập viên")
print(
    Congress.objects.count(),
    Document.objects.count(),
    Feedback.objects.approved().count(),
    editor.permissions.filter(
        content_type__app_label="congress", codename="change_document"
    ).count(),
)
"""


def test_every_row_reads_back_the_same_after_the_upgrade(database_url):
    old_database(BASE, database_url)
    before = rows(database_url)
    assert len(before["bulletins_congress"]) == 2  # the demo was really loaded
    assert before["bulletins_feedback"] and before["reversion_version"]
    # The counter's days and visitors, checked below to land in the first site.
    assert before["analytics_dailystat"] and before["analytics_visitor"]

    upgrade(database_url)
    after = rows(database_url)

    assert set(before) <= set(after), set(before) - set(after)
    for table, old_rows in before.items():
        if table == "django_migrations":
            names = {(row["app"], row["name"]) for row in after[table]}
            assert {(row["app"], row["name"]) for row in old_rows} <= names
        elif table == "django_content_type":
            moved = [
                {**row, "app_label": "congress"}
                if row["app_label"] == "bulletins" and row["model"] in MOVED
                else row
                for row in old_rows
            ]
            kept = [
                row for row in after[table] if row["id"] in {r["id"] for r in old_rows}
            ]
            assert same_rows(moved, kept)
        elif table == "portal_siteprofile":
            # portal 0003 drops a "Giấy phép số" typed before the licence number
            # (the footer says it already); nothing else of the profile changes.
            expected = [
                {**row, "licence": licence_number(row["licence"])} for row in old_rows
            ]
            assert same_rows(expected, after[table]), table
            assert all(
                not row["licence"].lower().startswith("giấy phép")
                for row in after[table]
            )
        elif table in ("auth_permission", "auth_group_permissions"):
            # New models bring new permissions; every old one is still there.
            ids = {row["id"] for row in old_rows}
            assert same_rows(
                old_rows, [row for row in after[table] if row["id"] in ids]
            )
        else:
            assert same_rows(old_rows, after[table]), table

    # Everything is in the first site, made from the profile; each member of a
    # role group holds that role on it (portal 0007, portal/site_migrations.py).
    (site,) = after["portal_site"]
    assert site["is_default"] in (True, 1)
    assert site["name"] == before["portal_siteprofile"][0]["site_name"]
    for table, new_rows in after.items():
        if new_rows and "site_id" in new_rows[0] and table != "portal_sitemembership":
            assert {row["site_id"] for row in new_rows} == {site["id"]}, table
    groups = {row["id"]: row["name"] for row in after["auth_group"]}
    expected = {
        (row["user_id"], groups[row["group_id"]]) for row in before["auth_user_groups"]
    }
    assert expected
    assert {
        (row["user_id"], row["role"]) for row in after["portal_sitemembership"]
    } == expected

    # Today's models read the same rows, and the roles kept their rights.
    output = manage(ROOT, database_url, "shell", "-c", READ_BACK)
    congresses, documents, approved, editor_may_edit = map(int, output.split()[-4:])
    assert congresses == len(before["bulletins_congress"])
    assert documents == len(before["bulletins_document"])
    assert approved > 0
    assert editor_may_edit == 1
