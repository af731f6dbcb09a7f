from django.core.management.base import BaseCommand

from analytics import conf, store
from analytics.services import counts_flush, housekeeping_run


class Command(BaseCommand):
    help = "Move visitor counts waiting in Redis into the database."

    def handle(self, *args, **options):
        if not conf.get("ANALYTICS_REDIS_URL"):
            self.stdout.write(
                "No Redis configured: counts are already in the database."
            )
        elif store.client() is None:
            self.stderr.write("Redis is unavailable; nothing flushed.")
        else:
            batches = counts_flush()
            self.stdout.write(f"Flushed {batches} batch(es).")
        housekeeping_run()
