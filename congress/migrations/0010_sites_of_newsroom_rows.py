"""Issuing bodies belong to a site: existing ones are put in the first site, and a
spelling is unique within its site instead of in the whole installation."""

from django.db import migrations, models

from portal.site_migrations import add_site


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0009_sites"),
        ("portal", "0008_sites"),
    ]

    operations = [
        *add_site("congress", "issuer"),
        migrations.AlterField(
            model_name="issuer",
            name="key",
            field=models.CharField(
                editable=False, max_length=200, verbose_name="folded name"
            ),
        ),
        migrations.AddConstraint(
            model_name="issuer",
            constraint=models.UniqueConstraint(
                fields=("site", "key"), name="issuer_site_key"
            ),
        ),
    ]
