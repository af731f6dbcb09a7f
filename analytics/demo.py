"""Demo statistics: 400 days of plausible daily numbers and the counter settings."""

from datetime import timedelta

from django.utils import timezone

from portal.models import SiteProfile

from .models import CounterSettings, DailyStat

DAYS = 400


def seed(stdout=None):
    """Idempotent: a second run rewrites the same rows."""
    profile = SiteProfile.objects.current()
    CounterSettings.objects.update_or_create(
        profile_id=profile.pk,
        defaults={"initial_visits": 51_234, "initial_views": 1_874_120},
    )
    today = timezone.localdate()
    rows = []
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        # A weekly rhythm (fewer readers at the weekend) and slow growth.
        visits = 300 + (DAYS - back) // 2 + (0 if day.weekday() < 5 else -120)
        visits += (day.toordinal() * 37) % 90
        rows.append(
            DailyStat(
                site_id=profile.site_id,
                day=day,
                shard=0,
                visits=visits,
                views=visits * 3 + 17,
            )
        )
    DailyStat.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["site", "day", "shard"],
        update_fields=["views", "visits"],
    )
    if stdout is not None:
        stdout.write(f"analytics: {DAYS} days of statistics\n")
