"""Newsroom members: a role makes a staff account, and one write adds a member.

Holding a role group (``portal.roles``: Phóng viên, Biên tập viên, Trưởng Ban biên
tập, Quản trị) is what makes someone newsroom staff, so it is what lets them into
the admin: whoever gives a role through the user admin or the "add a member" page
need not tick "staff status" by hand (a reporter whose box was left unticked was
told at login that the password was wrong). Leaving every role does not take the
status away; an administrator does that, or deactivates the account.

``member_add`` is the one way the "add a newsroom member" page writes: the role
must be one the actor may grant (``roles.grantable``), and the new account either
gets the initial password typed by the administrator or none at all, with a
single-use link to set one (Django's password reset tokens: the link dies once
used, when the password changes, or after ``PASSWORD_RESET_TIMEOUT``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import roles
from .site_models import SiteMembership
from .text import nfc


def member_staff_sync(*, user) -> bool:
    """Make ``user`` staff if they hold a role; True when it changed."""
    if user.is_staff or not user.groups.filter(name__in=roles.ROLES).exists():
        return False
    type(user).objects.filter(pk=user.pk).update(is_staff=True)
    user.is_staff = True
    return True


@transaction.atomic
def member_add(
    *,
    actor,
    username: str,
    full_name: str,
    email: str,
    role: str,
    password: str | None,
    site=None,
):
    """Create an active staff account holding ``role`` (on ``site``, the site
    the administrator works on, when there is one).

    ``password`` None leaves the account without a usable password until the
    member follows the link made by ``member_password_link``.
    """
    if role not in roles.grantable(actor):
        raise PermissionDenied(role)
    user = get_user_model()(
        username=username,
        # The name as it is said, family name first ("Nguyễn Thị Thu Hà"): kept
        # whole in first_name so get_full_name() reads it in that order.
        first_name=nfc(full_name).strip(),
        last_name="",
        email=email,
        is_staff=True,
        is_active=True,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    if site is not None:
        SiteMembership.objects.create(user=user, site=site, role=role)
    return user


def member_password_link(*, user) -> tuple[str, str]:
    """The (uidb64, token) pair of the member's set-password address."""
    return (
        urlsafe_base64_encode(force_bytes(user.pk)),
        default_token_generator.make_token(user),
    )
