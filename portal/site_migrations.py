"""Operations the apps' migrations use to put their rows in a site.

An installation from before sites upgrades into "the first site" (made by
``portal/migrations/0008_sites``): each content table gets a nullable ``site``,
every existing row is filled with the first site, then the column becomes
required (with ``portal.site_models.default_site_id`` as its default). Written
out once here so every app does it the same way, on SQLite and on PostgreSQL
(where the filling ``UPDATE`` must check its foreign keys before the table is
altered in the same transaction: ``SET CONSTRAINTS ALL IMMEDIATE``).
"""

from django.db import migrations, models

import portal.site_models


def first_site_id(apps):
    site = apps.get_model("portal", "Site")
    return site.objects.order_by("pk").values_list("pk", flat=True).first()


def _nullable(one_to_one):
    if one_to_one:
        return models.OneToOneField(
            null=True,
            on_delete=models.CASCADE,
            related_name="profile",
            to="portal.site",
            verbose_name="site",
        )
    return models.ForeignKey(
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        to="portal.site",
        verbose_name="site",
    )


def _required(one_to_one):
    if one_to_one:
        return models.OneToOneField(
            default=portal.site_models.default_site_id,
            on_delete=models.CASCADE,
            related_name="profile",
            to="portal.site",
            verbose_name="site",
        )
    return models.ForeignKey(
        default=portal.site_models.default_site_id,
        on_delete=models.PROTECT,
        related_name="+",
        to="portal.site",
        verbose_name="site",
    )


def add_site(app_label, *model_names, one_to_one=()):
    """Operations that give ``model_names`` a required ``site``, every existing
    row in the first site."""

    def fill(apps, schema_editor):
        site_id = first_site_id(apps)
        for name in model_names:
            model = apps.get_model(app_label, name)
            rows = model._base_manager.filter(site__isnull=True)
            if site_id is None:
                if rows.exists():
                    raise RuntimeError("no site to put the existing rows in")
                continue
            rows.update(site_id=site_id)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    return [
        *(
            migrations.AddField(
                model_name=name, name="site", field=_nullable(name in one_to_one)
            )
            for name in model_names
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name, name="site", field=_required(name in one_to_one)
            )
            for name in model_names
        ),
    ]
