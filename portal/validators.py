"""Upload validation by content, with Vietnamese messages."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Formats Pillow must recognise in the bytes; the file name is never trusted.
ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
EXTENSION_OF_FORMAT = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def validate_image_upload(upload):
    """Accept only a real raster image within the size and pixel limits.

    Refuses SVG and any other non-image, truncated files and decompression bombs,
    always with a ValidationError (never an exception that would become a 500).

    A file already in storage (a row saved before, or a spreadsheet import naming
    a stored photo) was checked when it was uploaded and is not read again: its
    file may be closed, and reading every stored photo on every save of its row
    would only cost time.
    """
    if getattr(upload, "_committed", False) and isinstance(upload, FieldFile):
        return
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    max_pixels = settings.IMAGE_UPLOAD_MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s; the largest accepted is %(max)s."),
            code="image_too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if image_format not in ALLOWED_IMAGE_FORMATS:
                    raise ValidationError(
                        _("Only JPEG, PNG, GIF or WebP photos are accepted."),
                        code="image_format",
                    )
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The image is %(w)s×%(h)s pixels, too large to process."),
                        code="image_pixels",
                        params={"w": width, "h": height},
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels to process safely."), code="image_bomb"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The file is not a valid image (JPEG, PNG, GIF or WebP)."),
            code="image_invalid",
        ) from None
    finally:
        if hasattr(upload, "seek"):
            upload.seek(position)
    upload.image_format = image_format
    return upload


def name_with_detected_extension(upload):
    """The upload's name with the extension of its real format ("anh.php" -> "anh.png").

    Call after :func:`validate_image_upload`; the client's extension is never kept.
    """
    stem = (upload.name or "anh").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "anh"
    return f"{stem}.{EXTENSION_OF_FORMAT[upload.image_format]}"
