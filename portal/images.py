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
    format: str = "JPEG"  # PNG keeps transparency (logos)


# Widths a photo is offered in (``srcset``), so a browser never fetches more than
# about one and a half times the box it shows the photo in.
SPECS = {
    "small": Spec(180),  # list thumbnails (8-11 rem)
    "thumb": Spec(360),  # home page blocks, photo grids, the phone's column
    "medium": Spec(560),  # the home page's lead photo
    "column": Spec(820),  # the article column
    "share": Spec(1200, 630),  # social share card
    "portrait": Spec(120, 160),  # personnel (1x and 2x screens)
    "portrait2x": Spec(240, 320),
    "logo": Spec(64, format="PNG"),  # the header's logo (1x and 2x screens)
    "logo2x": Spec(128, format="PNG"),
    # The header banner, cropped to the header's shape: wide on a desktop, 2:1 on
    # a phone, where the header is taller than it is on the desktop.
    "banner": Spec(1600, 200, quality=70),
    "banner-md": Spec(960, 120, quality=70),
    "banner-phone": Spec(480, 240, quality=70),
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}


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
    extension = EXTENSIONS[SPECS[spec_name].format]
    return f"renditions/{spec_name}/{stem}.{extension}"


def _make(source_name, target_name, spec, size, storage):
    with storage.open(source_name, "rb") as handle, Image.open(handle) as image:
        image = ImageOps.exif_transpose(image)
        if spec.format == "PNG":
            image = image.convert("RGBA")
        elif image.mode not in ("RGB", "L"):
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
        if spec.format == "PNG":
            # A logo has few colours: a palette (transparency kept) is a third of
            # the size of full colour.
            image = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
            image.save(out, "PNG", optimize=True)
        else:
            image.save(
                out, "JPEG", quality=spec.quality, optimize=True, progressive=True
            )
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


def renditions(fieldfile, spec_names):
    """The renditions of ``fieldfile`` in ``spec_names`` that could be made, with
    those of the same width as a smaller one left out (small originals)."""
    found, widths = [], set()
    for spec_name in spec_names:
        made = rendition(fieldfile, spec_name)
        if made and made.width not in widths:
            found.append(made)
            widths.add(made.width)
    return found


def img_tag(
    offered,
    *,
    alt="",
    sizes="",
    css_class="",
    lazy=True,
    priority=False,
    density=False,
):
    """An ``<img>`` offering the renditions ``offered`` (smallest first) in
    ``srcset``: by width with ``sizes``, or by pixel density (1x, 2x) for a box of
    fixed size. ``src`` is the first, for browsers without ``srcset``."""
    if not offered:
        return ""
    first = offered[0]
    # The intrinsic size: the largest offered (the 1x one for pixel densities),
    # so the photo may fill a box up to that width; CSS scales it down.
    natural = first if density else offered[-1]
    attrs = [("src", first.url)]
    if len(offered) > 1:
        if density:
            srcset = ", ".join(
                f"{item.url} {round(item.width / first.width)}x" for item in offered
            )
        else:
            srcset = ", ".join(f"{item.url} {item.width}w" for item in offered)
            attrs.append(("sizes", sizes or "100vw"))
        attrs.append(("srcset", srcset))
    attrs += [("width", natural.width), ("height", natural.height), ("alt", alt)]
    if css_class:
        attrs.append(("class", css_class))
    if priority:
        attrs.append(("fetchpriority", "high"))
    elif lazy:
        attrs.append(("loading", "lazy"))
    attrs.append(("decoding", "async"))
    return (
        "<img "
        + " ".join(
            f'{name}="{html.escape(str(value), quote=True)}"' for name, value in attrs
        )
        + ">"
    )


def original(fieldfile):
    """The original file as a Rendition (for "open full size" links)."""
    if not fieldfile:
        return None
    size = _original_size(fieldfile)
    if not size:
        return None
    return Rendition(fieldfile.url, *size)


# --- Inline images of the article body -------------------------------------------

# How wide the article column is: the whole screen but its margins on a phone or a
# tablet (one column up to 900 px), at most 50 rem beside the sidebar.
COLUMN_SIZES = "(max-width: 56rem) calc(100vw - 2.5rem), 50rem"

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
            narrow = rendition_for_name(name, "thumb", size, storage)
            if column:
                out.update(src=column.url, width=column.width, height=column.height)
                if narrow and narrow.width < column.width:
                    out["srcset"] = (
                        f"{narrow.url} {narrow.width}w, {column.url} {column.width}w"
                    )
                    out["sizes"] = COLUMN_SIZES
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
