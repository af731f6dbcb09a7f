"""Test-only views around the real URLconf, to pin the page cache's rules."""

import itertools
import threading

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import never_cache

from portal import registry
from portal.pagecache.keys import page_number
from portal.urls import urlpatterns as portal_urlpatterns

renders = itertools.count(1)


def page(request):
    return HttpResponse(f"<html><body>render {next(renders)}</body></html>")


def sets_cookie(request):
    response = page(request)
    response.set_cookie("tracker", "x")
    return response


def uses_csrf(request):
    return HttpResponse(f"<form>{get_token(request)} {next(renders)}</form>")


@never_cache
def private(request):
    return page(request)


def varies_on_agent(request):
    response = page(request)
    response["Vary"] = "User-Agent"
    return response


def json(request):
    return JsonResponse({"render": next(renders)})


def not_found(request):
    return HttpResponse(f"missing {next(renders)}", status=404)


urlpatterns = [
    path("t/page/", page, name="t-page"),
    path("t/cookie/", sets_cookie),
    path("t/csrf/", uses_csrf),
    path("t/private/", private),
    path("t/vary/", varies_on_agent),
    path("t/json/", json),
    path("t/missing/", not_found),
    *portal_urlpatterns,
]

handler404 = "portal.views.page_not_found"

# /t/page/ reads the page number, like the site's lists.
registry.page_query("t-page", params={"trang": page_number})


# /t/slow/ renders only once a test lets it (``slow_gate``): a render that takes
# as long as the test needs, to see what other readers get meanwhile.
slow_gate = threading.Event()
slow_renders = itertools.count(1)


def slow(request):
    number = next(slow_renders)
    slow_gate.wait(10)
    return HttpResponse(f"<html><body>slow render {number}</body></html>")


urlpatterns.insert(0, path("t/slow/", slow, name="t-slow"))
