from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Fill the site with demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        # Each app that has demo content says so with a ``seed_demo`` method on its
        # AppConfig; INSTALLED_APPS order puts articles before the congresses that
        # link to them and content before statistics.
        for config in apps.get_app_configs():
            seed = getattr(config, "seed_demo", None)
            if seed is None:
                continue
            with transaction.atomic():
                seed(self.stdout)
            self.stdout.write(f"  {config.name}: ok")
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
