from django.db.models import Sum

from analytics.models import DailyStat


def stored_totals():
    """(page views, visits) in the database, all days and shards."""
    row = DailyStat.objects.aggregate(
        views=Sum("views", default=0), visits=Sum("visits", default=0)
    )
    return row["views"], row["visits"]
