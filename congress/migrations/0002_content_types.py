"""The congress models' content types follow them from bulletins to congress.

Permissions, the groups holding them, admin history and revisions refer to a
content type by id, so renaming the rows in place keeps every one of them. A
database where the congress content types already exist (nothing to move) is left
as it is.
"""

from django.db import migrations

MODELS = (
    "congress",
    "document",
    "documentfile",
    "feedback",
    "media",
    "person",
    "photoreport",
    "photoreportimage",
)


def move(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.filter(app_label=source, model=model).update(
            app_label=target
        )
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    move(apps, schema_editor, "bulletins", "congress")


def backwards(apps, schema_editor):
    move(apps, schema_editor, "congress", "bulletins")


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
