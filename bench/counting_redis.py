"""Cost of counting page views outside the request: Redis time and sender CPU.

    DJANGO_SETTINGS_MODULE=portal.settings.base DJANGO_SECRET_KEY=x \
    .venv/bin/python bench/counting_redis.py [--readers 5000] [--addresses 5000] \
        [--batches 200] [--redis redis://127.0.0.1:6379/13]

Sends ``--batches`` batches of 500 page views (the sender thread's largest) of
``--readers`` returning readers from ``--addresses`` client addresses, each batch
half a second after the last, through ``analytics.services._send_events``: what
the sender thread does with a batch. Prints the script's time in Redis per page
view (Redis's own ``INFO commandstats``, which excludes the network) and the
sender's CPU per page view (building the batch, JSON, the call). The Redis
database given is emptied first: use one nothing else uses.
"""

import argparse
import os
import sys
import time
import uuid

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-counting-redis-not-secret")
django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402

from analytics import conf, services, store  # noqa: E402

BATCH = 500


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=5000)
    parser.add_argument("--addresses", type=int, default=5000)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()

    settings.ANALYTICS_REDIS_URL = args.redis
    settings.ANALYTICS_RATE_LIMIT = 10**9  # every view counted in full
    conf.reset()
    store.reset()
    conn = redis.Redis.from_url(args.redis)
    conn.flushdb()

    readers = [uuid.uuid4().hex for _ in range(args.readers)]
    # Client addresses as the request queues them (REMOTE_ADDR): the sender
    # works out each one's rate id.
    addresses = [
        f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}" for i in range(args.addresses)
    ]
    start = time.time()
    batches = []
    for b in range(args.batches):
        batch = []
        for i in range(BATCH):
            n = b * BATCH + i
            # What ``services.pageview_submit`` queues: time, site, visitor,
            # whether the cookie is new, article, REMOTE_ADDR, X-Forwarded-For.
            batch.append(
                (
                    start + b * 0.5 + i / (2 * BATCH),
                    1,
                    readers[n % len(readers)],
                    False,
                    5,
                    addresses[n % len(addresses)],
                    "",
                )
            )
        batches.append(batch)

    conn.config_resetstat()
    cpu = time.process_time()
    for batch in batches:
        services._send_events(batch)
    cpu = time.process_time() - cpu
    views = args.batches * BATCH
    stats = conn.info("commandstats")
    calls = stats.get("cmdstat_evalsha") or stats.get("cmdstat_eval")
    print(
        f"{args.readers} readers, {args.addresses} addresses, {views} views in "
        f"batches of {BATCH}"
    )
    print(f"Redis, script time per view: {calls['usec'] / views:.2f} µs")
    print(f"sender CPU per view:         {cpu / views * 1e6:.2f} µs")
    print(
        f"Redis keys: {conn.dbsize()}, memory {conn.info('memory')['used_memory_human']}"
    )
    conn.flushdb()


if __name__ == "__main__":
    main()
