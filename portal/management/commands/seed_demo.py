import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo module has ``seed(stdout)``; order matters (articles before
# congresses that link to them, content before statistics).
DEMO_MODULES = ["portal.demo", "bulletins.demo", "polls.demo", "analytics.demo"]


class Command(BaseCommand):
    help = "Fill the site with demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            module = importlib.import_module(name)
            with transaction.atomic():
                module.seed(stdout=self.stdout)
            self.stdout.write(f"  {name}: ok")
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
