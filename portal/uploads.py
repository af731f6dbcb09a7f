"""Safe stored file names for every upload, whatever the client sends."""

import os
import secrets

from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .storage import AtomicFileSystemStorage
from .text import vn_slugify


def safe_filename(name, *, default="tep"):
    """A file name made of [a-z0-9-] and a known extension: no paths, no tricks."""
    base, ext = os.path.splitext(os.path.basename((name or "").replace("\\", "/")))
    ext = ext.lower().lstrip(".")
    ext = "".join(ch for ch in ext if ch.isalnum())[:5]
    stem = vn_slugify(base, max_length=60) or default
    token = secrets.token_hex(4)
    return f"{stem}-{token}.{ext}" if ext else f"{stem}-{token}"


@deconstructible
class UploadTo:
    """``upload_to`` callable: ``<prefix>/<yyyy>/<mm>/<safe-name>``."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        now = timezone.localtime()
        return f"{self.prefix}/{now:%Y/%m}/{safe_filename(filename)}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.prefix == self.prefix


class EditorImageStorage(AtomicFileSystemStorage):
    """Storage for images uploaded from CKEditor: dated folders, safe names.

    Written under a temporary name and renamed when complete, so a full disk
    leaves no half-written image behind.
    """

    def get_available_name(self, name, max_length=None):
        now = timezone.localtime()
        name = f"editor/{now:%Y/%m}/{safe_filename(name)}"
        return super().get_available_name(name, max_length=max_length)
