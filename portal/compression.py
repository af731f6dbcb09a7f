"""Gzip for pages, JSON and feeds when no web server in front compresses them.

``make run`` and ``make serve`` have nothing in front of the app; behind nginx the
pages arrive at nginx already compressed and it passes them on. Only text is
compressed: photos, audio, video and PDFs are compressed already, and a gzipped
stream would lose its length (and byte ranges).

Place the middleware first (outermost) in ``MIDDLEWARE``:

- above the page cache, which stores the uncompressed page (it refuses to store a
  response with ``Content-Encoding``) and is compressed on the way out of every
  hit, for each reader according to ``Accept-Encoding``;
- above ``ListingConditionalGetMiddleware``, so the ETag is worked out on the
  uncompressed page, is the same for every reader, and is only made weak here.

Django's middleware pads each compressed answer with random bytes, so a secret in
a page (a CSRF token) cannot be guessed from its compressed length (BREACH).
"""

from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware

COMPRESSIBLE_TYPES = frozenset(
    {
        "text/html",
        "text/plain",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
    }
)


def is_compressible(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in COMPRESSIBLE_TYPES


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's gzip, for text answers only."""

    def process_response(self, request, response):
        if not is_compressible(response):
            return response
        return super().process_response(request, response)
