"""Accounts holding a newsroom role are staff (portal/members.py): accounts put in
a role group before this rule, with "staff status" left unticked, could not log in."""

from django.db import migrations

ROLES = ("Phóng viên", "Biên tập viên", "Trưởng Ban biên tập", "Quản trị")


def role_holders_are_staff(apps, schema_editor):
    User = apps.get_model("auth", "User")
    User.objects.filter(groups__name__in=ROLES, is_staff=False).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_artwork_sizes"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(role_holders_are_staff, migrations.RunPython.noop),
    ]
