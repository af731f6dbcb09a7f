"""Response headers and failure handling that protect every page.

- ``PortalCSPMiddleware``: django-csp with the site-wide policy from
  ``CONTENT_SECURITY_POLICY``, relaxed only for the admin and the editor upload
  endpoint, where CKEditor 5 injects ``<style>`` elements and previews images from
  ``blob:``/``data:`` URLs.
- ``PermissionsPolicyMiddleware``: turns off browser features the site never uses.
- ``PublicErrorsMiddleware``: a database that is restarting or unreachable gives a
  short Vietnamese 503 page with ``Retry-After`` instead of a 500, and bodyless
  4xx answers (405 for PUT/DELETE...) get the Vietnamese error page.
- ``serve_media``: serves uploads (unless ``DJANGO_SERVE_MEDIA=0``) with the same
  headers nginx sets in production: nothing under /media/ can run script in our
  origin; photos, audio, video and PDFs open in the browser, other documents are
  downloads (``media_disposition``).
"""

import logging
import mimetypes
import posixpath

from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views.static import serve

# Features no page of the site uses; "fullscreen" stays for our own video player.
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=()",
        "display-capture=()",
        "encrypted-media=()",
        "fullscreen=(self)",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "picture-in-picture=()",
        "publickey-credentials-get=()",
        "screen-wake-lock=()",
        "serial=()",
        "sync-xhr=()",
        "usb=()",
        "xr-spatial-tracking=()",
    ]
)

# What the admin and CKEditor 5 need on top of the public policy. Scripts stay
# 'self' everywhere: no unsafe-inline, no unsafe-eval.
EDITOR_CSP_UPDATE = {
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}

# Only these media types are shown inline from /media/; anything else (Word,
# HTML, SVG, archives...) is sent as a download. See media_disposition().
INLINE_MEDIA_TYPES = {
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
    "audio/wav",
    "audio/x-wav",
    "video/mp4",
    "video/webm",
    "video/ogg",
}
# Opened in the browser's own viewer, still under MEDIA_CSP (a PDF's scripts run
# in the viewer, never in our origin); a phone without a viewer downloads it.
VIEWER_MEDIA_TYPES = {"application/pdf"}
MEDIA_CSP = "default-src 'none'; sandbox"

RETRY_AFTER_SECONDS = 5

logger = logging.getLogger("portal.security")


def editor_path_prefixes():
    return tuple(getattr(settings, "PORTAL_CSP_EDITOR_PATH_PREFIXES", ()))


# Response attributes set by django-csp's decorators: a response carrying one of
# them gets its own policy, built by django-csp for that response.
_CSP_RESPONSE_OVERRIDES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)
_CSP_HEADERS = (CSP_HEADER, CSP_HEADER_REPORT_ONLY)
_built_policies = {}


@receiver(setting_changed)
def _forget_built_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting.startswith(
        "PORTAL_CSP"
    ):
        _built_policies.clear()


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with a per-path relaxation for the editor screens.

    Without a nonce or a per-view override the policy depends only on the settings
    and on whether the path is an editor screen, so those two headers are built once
    per process instead of on every response (a cached page is otherwise mostly
    this work).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.update is None and request.path_info.startswith(
            editor_path_prefixes()
        ):
            parts.update = EDITOR_CSP_UPDATE
        return parts

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) for name in _CSP_RESPONSE_OVERRIDES)
            or any(header in response for header in _CSP_HEADERS)
        ):
            return super().process_response(request, response)
        key = request.path_info.startswith(editor_path_prefixes())
        headers = _built_policies.get(key)
        if headers is None:
            response = super().process_response(request, response)
            _built_policies[key] = {
                header: response[header]
                for header in _CSP_HEADERS
                if header in response
            }
            return response
        for header, value in headers.items():
            response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (and keeps one a view already set)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


DATABASE_MESSAGE = (
    "Máy chủ dữ liệu đang được khởi động lại. Vui lòng tải lại trang sau vài giây."
)
STORAGE_MESSAGE = (
    "Máy chủ tạm thời không lưu được tệp tải lên, nên chưa có gì được lưu. "
    "Vui lòng thử lại sau hoặc báo cho quản trị hệ thống."
)


def service_unavailable_response(message=DATABASE_MESSAGE, retry_after=True):
    """The 503 page; rendered without context processors (the database may be down)."""
    response = HttpResponse(
        loader.get_template("503.html").render({"message": message}), status=503
    )
    if retry_after:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


# Bodyless client errors (Django's 405, a bare HttpResponseBadRequest...) get the
# matching Vietnamese page; JSON answers and pages with a body are left alone.
ERROR_TEMPLATES = {
    400: "400.html",
    403: "403.html",
    404: "404.html",
    405: "405.html",
}


# No page of the site takes PUT, PATCH, DELETE or anything more exotic.
SERVED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class PublicErrorsMiddleware:
    """Vietnamese pages for every public error.

    - A lost or refused database connection is a 503 the client may retry;
      Django's ``CONN_HEALTH_CHECKS`` replaces the broken connection on the next
      request, so the site recovers by itself once the database is back.
    - An upload the disk refuses (``OSError`` while saving a POST with files) is a
      503 saying nothing was stored.
    - A 4xx answer without a body is given the site's error page for its code.
    - Methods no page takes (PUT, PATCH, DELETE, TRACE...) are a 405 everywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SERVED_METHODS:
            response = render(request, "405.html", status=405)
            response["Allow"] = ", ".join(SERVED_METHODS)
            return response
        response = self.get_response(request)
        template_name = ERROR_TEMPLATES.get(response.status_code)
        if (
            template_name
            and not response.streaming
            and not response.content
            and response.get("Content-Type", "").startswith("text/html")
        ):
            page = render(request, template_name, status=response.status_code)
            for header in ("Allow", "Vary", "Cache-Control"):
                if header in response:
                    page[header] = response[header]
            return page
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            # Logged with its traceback: a 503 must not hide a real fault.
            logger.error(
                "Database unavailable for %s %s",
                request.method,
                request.path,
                exc_info=exception,
            )
            return service_unavailable_response()
        if (
            isinstance(exception, OSError)
            and request.method == "POST"
            and request.FILES
        ):
            # The disk refused an upload (full, read-only, failing). The storage has
            # removed its partial file and the admin's transaction rolls back.
            logger.error(
                "Upload could not be stored for %s", request.path, exc_info=exception
            )
            return service_unavailable_response(STORAGE_MESSAGE, retry_after=False)
        return None


def media_disposition(content_type, path):
    """The Content-Disposition of an upload of ``content_type``, or None.

    Photos, audio and video: none (shown in the page). PDFs: ``inline`` with their
    name, so a reader's browser opens them and saves them under that name.
    Anything else: a download (``attachment``).
    """
    if content_type in INLINE_MEDIA_TYPES:
        return None
    filename = posixpath.basename(path)
    if content_type in VIEWER_MEDIA_TYPES:
        return content_disposition_header(as_attachment=False, filename=filename)
    return content_disposition_header(as_attachment=True, filename=filename)


def media_headers(response, path):
    """Headers that keep an uploaded file from acting as a page of our site."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    response["Content-Security-Policy"] = MEDIA_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-site"
    disposition = media_disposition(content_type, path)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def serve_media(request, path):
    """Serve a file from MEDIA_ROOT with :func:`media_headers`.

    Paths with NUL or other control characters, backslashes, or dot segments are a
    plain 404: they never name a stored file.
    """
    if (
        not path
        or any(ord(ch) < 32 or ch == "\x7f" for ch in path)
        or "\\" in path
        or any(part in {"", ".", ".."} for part in path.split("/"))
    ):
        raise Http404("not a media path")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        guessed, _encoding = mimetypes.guess_type(path)
        if guessed is None:
            response["Content-Type"] = "application/octet-stream"
    return media_headers(response, path)
