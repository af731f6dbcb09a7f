"""Resized renditions of uploaded photos, made once with Pillow and stored.

A rendition is stored beside the media files under ``renditions/<spec>/`` with a
name derived from the original, so any process (or machine sharing the media
volume) finds it again without a database row. Its size is computed from the
original's stored width and height, so templates emit ``width``/``height``
attributes without opening any file.
"""

import html
import posixpath
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.text import fold


@dataclass(frozen=True)
class Spec:
    width: int
    height: int | None = None  # None: keep the aspect ratio; else crop to fill
    quality: int = 82


SPECS = {
    "thumb": Spec(360),  # lists and home page blocks
    "column": Spec(820),  # the article column
    "share": Spec(1200, 630),  # social share card
}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def _original_size(fieldfile):
    field = fieldfile.field
    instance = fieldfile.instance
    width = getattr(instance, field.width_field, None) if field.width_field else None
    height = getattr(instance, field.height_field, None) if field.height_field else None
    if width and height:
        return width, height
    try:
        return fieldfile.width, fieldfile.height
    except (OSError, ValueError, UnidentifiedImageError):
        return None


def target_size(spec, size):
    """Size of the rendition of an image of ``size`` (never upscaled)."""
    width, height = size
    if spec.height:
        return spec.width, spec.height
    if width <= spec.width:
        return width, height
    return spec.width, max(1, round(height * spec.width / width))


def rendition_name(name, spec_name):
    stem, _ext = posixpath.splitext(name)
    return f"renditions/{spec_name}/{stem}.jpg"


def _make(source_name, target_name, spec, size, storage):
    with storage.open(source_name, "rb") as handle, Image.open(handle) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.split()[-1])
            image = background
        else:
            image = image.convert("RGB")
        if spec.height:
            image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
        elif image.size != size:
            image = image.resize(size, Image.Resampling.LANCZOS)
        out = ContentFile(b"")
        image.save(out, "JPEG", quality=spec.quality, optimize=True, progressive=True)
    out.seek(0)
    if storage.exists(target_name):
        return
    storage.save(target_name, out)


def rendition_for_name(name, spec_name, size, storage=None):
    """The rendition of the stored file ``name`` of pixel ``size``; made if missing."""
    storage = storage or default_storage
    spec = SPECS[spec_name]
    width, height = target_size(spec, size)
    target = rendition_name(name, spec_name)
    if not storage.exists(target):
        try:
            _make(name, target, spec, (width, height), storage)
        except (
            OSError,
            ValueError,
            UnidentifiedImageError,
            Image.DecompressionBombError,
        ):
            return None
    return Rendition(storage.url(target), width, height)


def rendition(fieldfile, spec_name):
    """A :class:`Rendition` of an ImageField file, or None when there is no image."""
    if not fieldfile:
        return None
    size = _original_size(fieldfile)
    if not size:
        return None
    return rendition_for_name(fieldfile.name, spec_name, size, fieldfile.storage)


def original(fieldfile):
    """The original file as a Rendition (for "open full size" links)."""
    if not fieldfile:
        return None
    size = _original_size(fieldfile)
    if not size:
        return None
    return Rendition(fieldfile.url, *size)


# --- Inline images of the article body -------------------------------------------

_FIGURE_RE = re.compile(r"<figure\b[^>]*>.*?</figure>", re.S)
_IMG_RE = re.compile(r"<img\b[^>]*>")
_ATTR_RE = re.compile(r'([a-z-]+)="([^"]*)"')
_CAPTION_RE = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")


def _local_name(src):
    media_url = settings.MEDIA_URL
    if not src.startswith(media_url):
        return None
    name = src[len(media_url) :]
    if not name or ".." in name.split("/") or name.startswith("renditions/"):
        return None
    return name


def _image_size(name, storage):
    """Pixel size of a stored body image, remembered in the cache (files never change:
    every upload gets a new name)."""
    key = f"bulletins:imgsize:{name}"
    size = cache.get(key)
    if size is not None:
        return tuple(size) or None
    try:
        with storage.open(name, "rb") as handle, Image.open(handle) as image:
            size = image.size
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        size = ()
    cache.set(key, list(size), 24 * 3600)
    return tuple(size) or None


def _rewrite_img(tag, caption_text, storage):
    attrs = dict(_ATTR_RE.findall(tag))
    src = html.unescape(attrs.get("src", ""))
    alt = html.unescape(attrs.get("alt", ""))
    if caption_text and fold(alt) == fold(caption_text):
        # The caption is read right below the photo: never say it twice.
        alt = ""
    out = {"src": src, "alt": alt}
    link = None
    name = _local_name(src)
    if name:
        size = _image_size(name, storage)
        if size:
            column = rendition_for_name(name, "column", size, storage)
            if column:
                out.update(src=column.url, width=column.width, height=column.height)
                if column.width < size[0]:
                    link = src
    else:
        for key in ("width", "height"):
            if key in attrs:
                out[key] = attrs[key]
    out["loading"] = "lazy"
    out["decoding"] = "async"
    rendered = (
        "<img "
        + " ".join(
            f'{key}="{html.escape(str(value), quote=True)}"'
            for key, value in out.items()
        )
        + ">"
    )
    if link:
        rendered = (
            f'<a href="{html.escape(link, quote=True)}" '
            f'title="Xem ảnh kích thước đầy đủ">{rendered}</a>'
        )
    return rendered


def render_body_images(body, storage=None):
    """Body HTML with each image resized for the column, lazy, captions said once.

    ``body`` is already sanitized by nh3 (attributes double-quoted), so a small
    regular rewrite of the ``<img>`` tags is enough.
    """
    storage = storage or default_storage

    def figure(match):
        block = match.group(0)
        caption = _CAPTION_RE.search(block)
        caption_text = (
            html.unescape(_TAG_RE.sub("", caption.group(1))) if caption else ""
        )
        return _IMG_RE.sub(
            lambda m: _rewrite_img(m.group(0), caption_text, storage), block
        )

    parts = []
    last = 0
    for match in _FIGURE_RE.finditer(body or ""):
        parts.append(
            _IMG_RE.sub(
                lambda m: _rewrite_img(m.group(0), "", storage),
                body[last : match.start()],
            )
        )
        parts.append(figure(match))
        last = match.end()
    parts.append(
        _IMG_RE.sub(
            lambda m: _rewrite_img(m.group(0), "", storage), (body or "")[last:]
        )
    )
    return "".join(parts)
