"""URLs for the browser tests: the site's own URLs plus uploaded media.

The live test server runs with DEBUG off, as in production, where the web server
serves MEDIA_ROOT; here Django serves it (with the site's media headers) so photos
show up.
"""

from django.conf import settings
from django.urls import re_path

from portal.security import serve_media
from portal.urls import (  # noqa: F401
    handler400,
    handler403,
    handler404,
    handler500,
)
from portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media),
    *site_urlpatterns,
]
