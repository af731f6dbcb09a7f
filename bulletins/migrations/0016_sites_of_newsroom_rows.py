"""The photo library belongs to a site like the articles: existing photos are put
in the first site."""

from django.db import migrations

from portal.site_migrations import add_site


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0015_proposed_to_parent"),
        ("portal", "0008_sites"),
    ]

    operations = [*add_site("bulletins", "libraryphoto")]
