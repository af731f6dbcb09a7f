"""CPU of the request thread's part of counting a view, without Redis or threads.

    DJANGO_SETTINGS_MODULE=bench.settings_bench DATABASE_URL=postgres://... \
    .venv/bin/python bench/counting_decision.py

What the visitor counter does in the request for every counted page, on 3,000
requests from 3,000 addresses with a returning reader's cookie: is it a page view
(bots, prefixes, prefetch), who is the visitor (the signed cookie), and the keyed
hash of the address key for the rate limit. Caches are warm, as in a running
server. ``bench/counting_cpu.py`` measures the whole cost, sender thread and Redis
included, but on a busy machine its spread (±0.1 ms) hides differences of a few
microseconds; this one does not.
"""

import io
import os
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIRequest  # noqa: E402
from django.http import HttpResponse  # noqa: E402

from analytics import middleware, services, visitors  # noqa: E402
from portal import visitor  # noqa: E402
from portal.current_site import activate  # noqa: E402
from portal.net import address_key  # noqa: E402
from portal.site_models import Site  # noqa: E402

UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Safari/537.36"
)
COOKIE = "pv=" + visitor.cookie_value("0123456789abcdef0123456789abcdef")


def request(n):
    return WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/tin-tuc/bai-viet/",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_USER_AGENT": UA,
            "HTTP_COOKIE": COOKIE,
            "REMOTE_ADDR": f"10.0.{(n // 250) % 250}.{n % 250}",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
        }
    )


def decide(request, response):
    visitors.is_page_view(request, response)
    visitor.identify(request)
    middleware._rate_id(address_key(request), settings.SECRET_KEY)


def main():
    # The request's site, as SiteMiddleware sets it: without one, every view
    # would look up the default site in the database.
    with activate(Site.objects.order_by("pk").first()):
        run()


def run():
    requests = [request(n) for n in range(3000)]
    response = HttpResponse("<html></html>")
    for each in requests:  # warm, as a running server is
        decide(each, response)
    timings = []
    for _ in range(15):
        start = time.process_time()
        for each in requests:
            decide(each, response)
        timings.append((time.process_time() - start) / len(requests))
    print(f"{min(timings) * 1e6:.2f} µs per counted view (best of 15 × 3000)")

    # The whole request part: the decision plus CounterMiddleware.count (the page
    # view queued for the sender thread). Only this thread's CPU is measured
    # (time.thread_time): the sender's batches run in their own thread.
    counter = middleware.CounterMiddleware(lambda request: response)
    timings = []
    for _ in range(15):
        start = time.thread_time()
        for each in requests:
            counter(each)
        timings.append((time.thread_time() - start) / len(requests))
        services.pageviews_drain()
    print(
        f"{min(timings) * 1e6:.2f} µs per counted view in the request, queueing "
        "included (best of 15 × 3000)"
    )


if __name__ == "__main__":
    main()
