"""The newsroom's roles: their Vietnamese group names, their order, and what each
may do.

Phóng viên writes and submits; Biên tập viên edits any draft, sends back or
approves; Trưởng Ban biên tập publishes, schedules, withdraws, deletes and imports;
each of these holds everything the one before it holds. Quản trị looks after the
site profile, menus, polls, statistics and user accounts.

Who may hand out which role (``grantable``, ``may_manage``; enforced by the user
admin, portal/admin.py): a user grants only the newsroom roles at or below the
highest one they hold, never changes their own groups, and edits (or resets the
password of) only users whose groups they could all have granted. Quản trị is
managed by superusers alone. So an account holding Quản trị only manages staff
without a role; a Quản trị who is also Trưởng Ban biên tập appoints the whole
newsroom.

Each app declares, from its ``ready()``, the permissions a role needs on its own
models (``grant``). ``sync_groups`` runs after every ``migrate``: it creates the
groups that are missing and adds the permissions they lack. It never removes a
permission, so what an administrator added by hand in the admin stays.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
HEAD = "Trưởng Ban biên tập"
ADMINISTRATOR = "Quản trị"

# The newsroom chain, lowest first: each role holds the ones before it.
NEWSROOM = (REPORTER, EDITOR, HEAD)
ROLES = (*NEWSROOM, ADMINISTRATOR)

CRUD = ("view", "add", "change", "delete")

_grants = {role: [] for role in ROLES}


def crud(app_label, model_name, actions=CRUD):
    return [f"{app_label}.{action}_{model_name}" for action in actions]


def grant(role, *permissions):
    """Give ``role`` these permissions (``"app_label.codename"``)."""
    for permission in permissions:
        if permission not in _grants[role]:
            _grants[role].append(permission)


def permissions(role):
    """Every permission of ``role``, those held through the chain included."""
    held = []
    chain = NEWSROOM[: NEWSROOM.index(role) + 1] if role in NEWSROOM else (role,)
    for each in chain:
        held.extend(p for p in _grants[each] if p not in held)
    return held


def held(user):
    """The role names ``user`` holds, the lower newsroom roles of a higher one
    included (a Trưởng Ban biên tập holds Biên tập viên and Phóng viên)."""
    names = set(user.groups.values_list("name", flat=True))
    ranks = [NEWSROOM.index(name) for name in names if name in NEWSROOM]
    if ranks:
        names.update(NEWSROOM[: max(ranks) + 1])
    return names


def grantable(user):
    """The group names ``user`` may give or take away: every role for a superuser,
    else the newsroom roles at or below their highest one (never Quản trị)."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return set(ROLES)
    return {name for name in held(user) if name in NEWSROOM}


def may_manage(actor, target):
    """May ``actor`` change ``target``'s account or password?

    A superuser may change anyone; nobody else changes a superuser or a user
    holding a group ``actor`` could not grant (Quản trị among them). ``actor``'s
    own account is theirs to edit, without its groups and powers (the admin makes
    those read-only).
    """
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    if target.pk == actor.pk:
        return True
    names = set(target.groups.values_list("name", flat=True))
    return names <= grantable(actor)


def sync_groups(**kwargs):
    """Create the role groups and add the permissions they are missing."""
    app_config = kwargs.get("app_config")
    configs = list(apps.get_app_configs())
    if app_config is not None and app_config is not configs[-1]:
        return  # once per migrate, after every app's own post_migrate work
    for config in configs:
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = {tuple(p.split(".", 1)) for p in permissions(role)}
        found = [
            perm
            for perm in Permission.objects.select_related("content_type").filter(
                codename__in={codename for _label, codename in wanted}
            )
            if (perm.content_type.app_label, perm.codename) in wanted
        ]
        group.permissions.add(*found)


def connect():
    post_migrate.connect(sync_groups, dispatch_uid="portal.roles.sync_groups")
