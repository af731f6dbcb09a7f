"""What a new server process loads before its first request, not during it.

Django loads the URLconf, builds its reverse lookup tables and reads the
translation catalogues on first use. In a worker that serves pages from the page
cache nothing else needs them, so the first reader who did (the visitor counter's
first page view, the first page rendered) waited for all of it: 80-160 ms on
a loaded two-core server, after every deploy and every max-requests restart
(docs/performance.md, "2g"). ``portal/wsgi.py`` calls ``warm_up`` once the
application is loaded, before the server hands the process any request.
"""

import logging
import time

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from portal import registry

logger = logging.getLogger(__name__)


def warm_up():
    started = time.perf_counter()
    try:
        # The first reverse() imports every view module and fills the lookup
        # tables of the root URLconf and of every namespace on the way.
        reverse("admin:index")
    except NoReverseMatch:
        pass
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Trang chủ")
    for function in registry.warm_ups:
        function()
    logger.debug("warmed up in %.0f ms", (time.perf_counter() - started) * 1000)
