"""Images uploaded through the rich-text editor stay private until a page readers
may see shows them.

An editor upload is stored under ``MEDIA_ROOT/editor/`` (``portal.uploads``) and
its renditions under ``renditions/<spec>/editor/``. Neither folder is served
straight from the disk: nginx hands ``/media/editor/…`` and
``/media/renditions/<spec>/editor/…`` to the site (``deploy/nginx/portal.conf``),
and ``editor_image`` answers:

- staff who may write rich text: always, marked private;
- anyone else: only when the image appears in a rich-text field of a row that
  readers may see now, by each model's own publication rule
  (``objects.published()``, the fields declared with ``registry.rich_text``). An
  image of a draft, of an article scheduled for tomorrow or of a withdrawn page is
  a 404, as the page itself is;
- everything else: a 404.

The decision is kept in the cache per image and content generation (any save of
page content starts a new one), for a few minutes when the image is public and a
few seconds when not, so a scheduled article's images appear with it. The bytes
go out through nginx (``X-Accel-Redirect`` to an internal location,
``MEDIA_ACCEL_PREFIX``) or, without it, from Django with the same headers as any
upload (``portal.security.media_headers``).
"""

import hashlib
import mimetypes
import posixpath

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

from . import registry
from .current_site import activate
from .pagecache.generation import current_generation
from .security import media_headers
from .site_admin import staff_site

EDITOR_FOLDER = "editor"
PUBLIC_SECONDS = 300
HIDDEN_SECONDS = 10
# How long browsers may keep a public editor image.
BROWSER_SECONDS = 600


def may_write_rich_text(user):
    """Staff who may add or change a model with rich text (``registry.rich_text``)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    for model in registry.rich_text_models:
        label, name = model._meta.app_label, model._meta.model_name
        if user.has_perm(f"{label}.add_{name}") or user.has_perm(
            f"{label}.change_{name}"
        ):
            return True
    return False


def _shown_by(model, fields, needle):
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__contains": needle})
    return model._default_manager.published().filter(condition).exists()


def is_public(stem):
    """Does a row readers may see now show the upload ``editor/…/<stem>.*``?"""
    digest = hashlib.sha256(stem.encode()).hexdigest()[:32]
    key = f"editor-media:{current_generation()}:{digest}"
    found = cache.get(key)
    if found is None:
        # The body keeps the original's address; renditions are made from it.
        needle = f"{settings.MEDIA_URL}{stem}."
        found = any(
            _shown_by(model, fields, needle)
            for model, fields in registry.rich_text_models.items()
        )
        cache.set(key, found, PUBLIC_SECONDS if found else HIDDEN_SECONDS)
    return found


def _safe(path):
    return (
        path
        and not any(ord(ch) < 32 or ch == "\x7f" for ch in path)
        and "\\" not in path
        and not any(part in {"", ".", ".."} for part in path.split("/"))
    )


@require_safe
def editor_image(request, path, spec=None):
    """An editor upload (``spec`` None) or one of its renditions, by the rules above."""
    if not _safe(path) or (spec is not None and not _safe(spec)):
        raise Http404("not an editor image")
    original = f"{EDITOR_FOLDER}/{path}"
    stored = f"renditions/{spec}/{original}" if spec else original
    with activate(staff_site(request)):
        staff = may_write_rich_text(request.user)
    if not staff and not is_public(posixpath.splitext(original)[0]):
        raise Http404("not shown on any public page")
    prefix = getattr(settings, "MEDIA_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse(
            content_type=mimetypes.guess_type(stored)[0] or "application/octet-stream"
        )
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + stored
    else:
        response = serve(request, stored, document_root=settings.MEDIA_ROOT)
    media_headers(response, stored)
    if staff:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    return response
