import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse


class Command(BaseCommand):
    help = (
        "Create the administrator account if missing and print its credentials. "
        "User name and password come from DJANGO_ADMIN_USER / DJANGO_ADMIN_PASSWORD, "
        "or a random password is made once and kept in var/admin-password."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_ADMIN_USER", "admin")
        password = os.environ.get("DJANGO_ADMIN_PASSWORD", "")
        stored = settings.VAR_DIR / "admin-password"
        if not password:
            if stored.exists():
                password = stored.read_text().strip()
            else:
                password = secrets.token_urlsafe(12)
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_text(password)
                stored.chmod(0o600)
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created or not user.check_password(password):
            user.is_staff = True
            user.is_superuser = True
            user.set_password(password)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account: user '{username}', password '{password}' "
                f"(admin pages under {reverse('admin:index')})"
            )
        )
