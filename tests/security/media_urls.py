"""The site's URLs with /media/ served by Django, as with DJANGO_SERVE_MEDIA=1."""

from django.urls import re_path

from portal.security import serve_media
from portal.urls import (  # noqa: F401
    handler400,
    handler403,
    handler404,
    handler500,
)
from portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [re_path(r"^media/(?P<path>.+)$", serve_media), *site_urlpatterns]
