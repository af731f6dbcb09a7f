"""The publish storm of bench/run.sh: publish a new article every few seconds.

    python bench/publish_storm.py --seconds 7 --every 2

Each new article is a copy of the latest published one under a new title and
slug, saved the way the newsroom's publish step saves it (``Article.save``), so
every cached page becomes stale at once (the content generation is bumped on
commit), as after a real publication.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from bulletins.models import Article  # noqa: E402


def publish_one(n):
    article = Article.objects.published().order_by("-published_at").first()
    article.pk = None
    article.id = None
    article._state.adding = True
    article.title = f"Tin mới số {n} lúc {time.strftime('%H:%M:%S')}"
    article.slug = f"storm-{int(time.time() * 1000)}-{n}"
    article.published_at = timezone.now()
    article.save()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--every", type=float, default=2)
    parser.add_argument("--ready", help="file created once set up")
    args = parser.parse_args()
    Article.objects.published().exists()  # connect before the storm
    if args.ready:
        Path(args.ready).touch()
    time.sleep(1)  # let wrk start
    end = time.monotonic() + args.seconds - 1
    n = 0
    while time.monotonic() < end:
        n += 1
        publish_one(n)
        time.sleep(args.every)
    print(f"published {n} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
