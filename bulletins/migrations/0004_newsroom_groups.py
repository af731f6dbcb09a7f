"""The newsroom's groups, with Vietnamese names, and their permissions.

Phóng viên writes and submits; Biên tập viên edits any draft, sends back or
approves; Trưởng Ban biên tập publishes, schedules, withdraws, deletes and imports;
Quản trị looks after the site profile, menus, polls, statistics and users.
Running it again (or after new permissions appear) only adds what is missing.
"""

from django.db import migrations

CRUD = ("view", "add", "change", "delete")

CONGRESS_MODELS = (
    "congress",
    "document",
    "documentfile",
    "person",
    "media",
    "photoreport",
    "photoreportimage",
)


def _crud(app, model, actions=CRUD):
    return [f"{app}.{action}_{model}" for action in actions]


REPORTER = [
    *_crud("bulletins", "article", ("view", "add", "change")),
    "bulletins.submit_article",
    *_crud("bulletins", "articlephoto"),
    "bulletins.view_category",
    *_crud("bulletins", "tag", ("view", "add")),
    "bulletins.view_slugredirect",
]

EDITOR = [
    *REPORTER,
    "bulletins.review_article",
    *_crud("bulletins", "tag", ("change",)),
    *_crud("bulletins", "slugredirect", ("add", "change")),
    *_crud("bulletins", "feedback", ("view", "change")),
    *[p for model in CONGRESS_MODELS for p in _crud("bulletins", model, CRUD[:3])],
]

HEAD = [
    *EDITOR,
    "bulletins.publish_article",
    "bulletins.import_article",
    "bulletins.import_category",
    "bulletins.delete_article",
    *_crud("bulletins", "category"),
    *_crud("bulletins", "tag"),
    *_crud("bulletins", "slugredirect"),
    *_crud("bulletins", "legacyredirect"),
    *_crud("bulletins", "feedback"),
    "bulletins.view_articletransition",
    *[p for model in CONGRESS_MODELS for p in _crud("bulletins", model)],
    "polls.view_pollresult",
    "analytics.view_dailystat",
    "analytics.view_trafficreport",
]

ADMINISTRATOR = [
    *_crud("portal", "siteprofile", ("view", "change")),
    *_crud("portal", "menuitem"),
    *_crud("portal", "websitelink"),
    *_crud("polls", "poll"),
    *_crud("polls", "choice"),
    "polls.view_pollresult",
    *_crud("analytics", "dailystat", ("view",)),
    "analytics.view_trafficreport",
    *_crud("analytics", "countersettings", ("view", "change")),
    *_crud("auth", "user"),
    "auth.view_group",
    *_crud("axes", "accessattempt", ("view", "delete")),
    *_crud("axes", "accesslog", ("view",)),
    *_crud("bulletins", "article", ("view", "add", "change")),
    *_crud("bulletins", "category", ("view", "add", "change")),
    "bulletins.import_article",
    "bulletins.import_category",
    *_crud("bulletins", "tag", ("view", "add")),
]

GROUPS = {
    "Phóng viên": REPORTER,
    "Biên tập viên": EDITOR,
    "Trưởng Ban biên tập": HEAD,
    "Quản trị": ADMINISTRATOR,
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = {tuple(p.split(".", 1)) for p in perms}
        found = [
            perm
            for perm in Permission.objects.select_related("content_type").filter(
                codename__in={codename for _, codename in wanted}
            )
            if (perm.content_type.app_label, perm.codename) in wanted
        ]
        group.permissions.add(*found)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0003_newsroom"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0002_postgres_unaccent"),
        ("polls", "0001_initial"),
        ("analytics", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
