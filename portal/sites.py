"""Which committee's site a request is for (``SiteMiddleware``).

Decided once per request, before anything that depends on the site (the visitor
counter, the page cache, every view), from the sites cached by
``Site.objects.cached()`` (no query on a warm cache):

1. a site whose path prefix starts the path, on its own host or on any host when
   it has none; the longest prefix wins. The prefix becomes the script prefix, so
   ``reverse()`` and ``{% url %}`` write it, and is taken off ``path_info``, so
   the URLconf is the same for every site;
2. else the site whose host name is the request's host;
3. else the default site: the only site, or the one marked "answers unknown
   addresses".

Otherwise the answer is the Vietnamese 404 of ``portal/unknown_site.html``,
rendered without any site's chrome: an unknown host or prefix never shows another
committee's page. The admin, static and media files are under the installation's
own paths on every host and are never refused here: the admin takes the host's
(or the default) site for its header, files take no site.
"""

from django.conf import settings
from django.http import HttpResponseNotFound
from django.template import loader
from django.urls import get_script_prefix, set_script_prefix

from .current_site import activate
from .site_models import Site, default_site_id, forget_sites


def _admin_path():
    return f"/{settings.ADMIN_PATH.strip('/')}/"


def _file_paths():
    # Files and the load balancer's health check: the installation's, no site's.
    return (settings.STATIC_URL, settings.MEDIA_URL, "/healthz")


def _host(request):
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    host = host.strip().lower()
    if host.startswith("["):  # IPv6 literal
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host.rstrip(".")


def resolve_site(host, path):
    """``(site, prefix)`` for a request to ``host`` and ``path`` (``prefix`` is the
    matched path prefix, "" when none), or ``(None, "")``."""
    sites = Site.objects.cached()
    if not sites and not Site.objects.exists():
        # An installation with no site yet (its tables emptied): the first
        # site is made, as for a new row (portal.site_models.default_site_id).
        default_site_id()
        forget_sites()
        sites = Site.objects.cached()
    best = None
    for site in sites:
        prefix = site.path_prefix
        if not prefix or (site.domain and site.domain != host):
            continue
        if path == f"/{prefix}" or path.startswith(f"/{prefix}/"):
            if best is None or len(prefix) > len(best.path_prefix):
                best = site
    if best is not None:
        return best, best.path_prefix
    for site in sites:
        if site.domain == host and not site.path_prefix:
            return site, ""
    if len(sites) == 1:
        return sites[0], ""
    for site in sites:
        if site.is_default:
            return site, ""
    return None, ""


def unknown_site(request):
    return HttpResponseNotFound(loader.render_to_string("portal/unknown_site.html"))


class SiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        # No site claims these paths (Site.clean refuses such a prefix). Files
        # are the installation's: no site is active while they are answered (an
        # editor's image is public when a published row of any site shows it).
        # Decided before any query: /healthz answers while the database is down.
        if path.startswith(_file_paths()):
            request.site = None
            return self.get_response(request)
        site, prefix = resolve_site(_host(request), path)
        if path.startswith(_admin_path()):
            with activate(site):
                request.site = site
                return self.get_response(request)
        if site is None:
            return unknown_site(request)
        request.site = site
        if not prefix:
            with activate(site):
                return self.get_response(request)
        if path == f"/{prefix}":
            # /dang-bo/x -> /dang-bo/x/ (the site's home)
            request.path_info = "/"
        else:
            request.path_info = path[len(prefix) + 1 :]
        outer = get_script_prefix()
        set_script_prefix(f"{outer.rstrip('/')}/{prefix}/")
        try:
            with activate(site):
                return self.get_response(request)
        finally:
            set_script_prefix(outer)
