import sys

from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.generic import TemplateView
from django_ckeditor_5.storage_utils import handle_uploaded_file

from . import registry
from .context_processors import A11Y_COOKIE
from .current_site import activate
from .editor_media import may_write_rich_text
from .security import service_unavailable_response
from .site_admin import staff_site
from .validators import name_with_detected_extension, validate_image_upload

A11Y_COOKIE_AGE = 365 * 24 * 3600


class HomeView(TemplateView):
    template_name = "portal/home.html"


class ContactView(TemplateView):
    template_name = "portal/contact.html"


class EnglishView(TemplateView):
    template_name = "portal/english.html"


def safe_next(request, fallback="/"):
    """The ``next`` parameter when it points at this site, else ``fallback``."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_GET
@never_cache
def accessibility_toggle(request):
    """Switch accessibility mode on or off and go back; works without JavaScript."""
    wanted = request.GET.get("mode")
    if wanted not in {"on", "off"}:
        wanted = "off" if request.COOKIES.get(A11Y_COOKIE) == "1" else "on"
    response = HttpResponseRedirect(safe_next(request))
    if wanted == "on":
        response.set_cookie(
            A11Y_COOKIE, "1", max_age=A11Y_COOKIE_AGE, samesite="Lax", httponly=True
        )
    else:
        response.delete_cookie(A11Y_COOKIE, samesite="Lax")
    return response


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page; the 503 page when the database is what failed.

    A view's lost connection is answered by ``PublicErrorsMiddleware``; this
    covers the layers above it that read the database (which site, the session,
    the old Joomla addresses), so a database restart is a 503 the client may retry
    wherever the request met it.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable_response()
    # Rendered without context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /ckeditor5/",
        *(f"Disallow: {url}" for url in registry.crawler_excluded),
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_POST
def editor_image_upload(request):
    """CKEditor 5 image upload: writers of rich text only, CSRF-checked, real images.

    Replaces django-ckeditor-5's own view, whose check lets decompression bombs
    and unsupported formats through.
    """
    # Writers of rich text on the site they work on in the admin.
    with activate(staff_site(request)):
        allowed = may_write_rich_text(request.user)
    if not allowed:
        return JsonResponse(
            {"error": {"message": "Bạn không có quyền tải tệp lên."}}, status=403
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse(
            {"error": {"message": "Chưa chọn tệp ảnh để tải lên."}}, status=400
        )
    try:
        validate_image_upload(upload)
    except ValidationError as error:
        return JsonResponse(
            {"error": {"message": " ".join(error.messages)}}, status=400
        )
    upload.name = name_with_detected_extension(upload)
    return JsonResponse({"url": handle_uploaded_file(upload)})
