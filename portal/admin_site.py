"""The admin site: the site's own name in its header, and one guard on the query
string of every admin page.

Staff, or a link someone sends them, can put anything in an admin address. Every
view the admin serves (lists, forms, history, revisions, export, import, the
apps' own pages, all wrapped by ``admin_view``) answers these with our Vietnamese
400 page instead of a 500:

- control characters (NUL and the rest of C0, DEL) anywhere in the query string:
  PostgreSQL refuses NUL in a string, and no admin parameter ever needs one;
- lookups the list cannot apply on a page other than the list itself (the export
  builds the same list; the list page redirects with ``?e=1`` as Django does);
- dates in a filter that cannot be turned into a time the database holds
  (``?published_at__year=1``): converting them overflows.
"""

import functools

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import site_admin
from .current_site import activate
from .models import SiteProfile

CONTROL_CHARACTERS = frozenset(chr(n) for n in (*range(32), 127))
BAD_CHARACTERS = "Địa chỉ có ký tự điều khiển (như NUL), trang quản trị không nhận."
BAD_LOOKUP = (
    "Bộ lọc hoặc tham số trên địa chỉ không hợp lệ. Vui lòng bỏ bớt rồi thử lại."
)
BAD_DATE = "Ngày tháng trong bộ lọc phải nằm trong khoảng từ năm 1900 đến năm 2200."


def has_control_characters(request):
    return any(
        ch in CONTROL_CHARACTERS
        for key, values in request.GET.lists()
        for text in (key, *values)
        for ch in text
    )


def refuse(request, message):
    return render(request, "400.html", {"message": message}, status=400)


def guard_query(view):
    """``view`` answering hostile query strings with a Vietnamese 400."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if has_control_characters(request):
            return refuse(request, BAD_CHARACTERS)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                # Lists are read while the template renders: do it here.
                response.render()
        except IncorrectLookupParameters:
            return refuse(request, BAD_LOOKUP)
        except OverflowError:
            return refuse(request, BAD_DATE)
        return response

    return guarded


def on_editing_site(view):
    """``view`` run with the user's editing site active (portal/site_admin.py)."""

    @functools.wraps(view)
    def on_site(request, *args, **kwargs):
        site = site_admin.editing_site(request)
        request.editing_site = site
        with activate(site):
            return view(request, *args, **kwargs)

    return on_site


class PortalAdminSite(admin.AdminSite):
    """The Django admin with the site's own name in its header."""

    site_title = _("Site administration")
    index_title = _("Content management")
    # The left navigation column took a third of a 1366 px laptop from every
    # list (one word per line in the title column); the home page and the
    # breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def admin_view(self, view, cacheable=False):
        return super().admin_view(on_editing_site(guard_query(view)), cacheable)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model admin of a model that belongs to a site holds the editing
        # site's rows only (portal/site_admin.py).
        models = (
            [model_or_iterable]
            if isinstance(model_or_iterable, type)
            else list(model_or_iterable)
        )
        for model in models:
            scoped = site_admin.scoped_admin_class(
                model, admin_class or admin.ModelAdmin
            )
            super().register(model, scoped, **options)

    def get_urls(self):
        return [
            path(
                "chon-site/",
                self.admin_view(site_admin.choose_site_view),
                name="choose_site",
            ),
            *super().get_urls(),
        ]

    def each_context(self, request):
        context = super().each_context(request)
        profile = SiteProfile.objects.current()
        context["site_header"] = _("%(site)s — administration") % {
            "site": profile.site_name
        }
        context["site_title"] = profile.site_name
        context["site_profile"] = profile
        context["editing_site"] = getattr(request, "editing_site", None)
        context["editing_sites"] = site_admin.user_sites(request.user)
        return context
