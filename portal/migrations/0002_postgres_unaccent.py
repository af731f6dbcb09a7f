"""The PostgreSQL ``unaccent`` extension used by site search (portal/search.py).

``UnaccentExtension`` does nothing on other databases (SQLite searches a folded
column instead), so this migration is harmless there.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [UnaccentExtension()]
