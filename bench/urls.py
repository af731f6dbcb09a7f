"""The site's URLs plus /bench/bare/: a plain Django view rendering a small template.

The baseline is what Django itself costs on this machine with our middleware stack
(page cache and visitor counting skip it), the yardstick for the real pages.
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as site_urlpatterns

BARE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
    "<title>{{ title }}</title></head><body><h1>{{ title }}</h1>"
    "<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body></html>"
)


def bare(request):
    context = {"title": "Trang thử", "items": [f"Mục {n}" for n in range(10)]}
    return HttpResponse(BARE.render(context))


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
