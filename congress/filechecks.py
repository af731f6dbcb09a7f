"""Validation of uploaded document and media files by their CONTENT.

The file name a browser sends is never trusted: a program renamed ``.pdf`` is
refused because its bytes do not start with ``%PDF-``. Every refusal is a
``ValidationError`` with a message that the translation files put in Vietnamese.
"""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A real office document has a few hundred members at most; far more is a trap.
MAX_ZIP_MEMBERS = 5000


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOC = "doc", "DOC"
    DOCX = "docx", "DOCX"
    XLS = "xls", "XLS"
    XLSX = "xlsx", "XLSX"
    ODT = "odt", "ODT"


# Which extensions each detected content may carry (DOC and XLS share OLE2).
EXTENSIONS_FOR_CONTENT = {
    "pdf": {"pdf"},
    "ole2": {"doc", "xls"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "odt": {"odt"},
}
ALLOWED_EXTENSIONS = {ext for exts in EXTENSIONS_FOR_CONTENT.values() for ext in exts}

MEDIA_EXTENSIONS = {
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "wav": "audio/wav",
}


def _extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _read_head(upload, length=64):
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        return upload.read(length) or b""
    finally:
        upload.seek(position)


def _zip_kind(upload):
    """ "docx", "xlsx" or "odt" when the ZIP has the right members, else None."""
    position = upload.tell()
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return None
            names = {member.filename for member in members}
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200 and archive.read(info).strip() == ODT_MIMETYPE:
                    return "odt"
                return None
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return "docx"
                if any(name.startswith("xl/") for name in names):
                    return "xlsx"
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        return None
    finally:
        upload.seek(position)


def detect_document_content(upload):
    """The kind of content in ``upload`` ("pdf", "ole2", "docx", "xlsx", "odt") or None."""
    head = _read_head(upload, 8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def validate_document_file(upload):
    """Accept PDF, DOC, DOCX, XLS, XLSX or ODT whose bytes match the extension.

    Returns the file kind (a ``FileKind`` value).
    """
    max_bytes = settings.DOCUMENT_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(max)s."),
            code="document_too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    if not size:
        raise ValidationError(_("The file is empty."), code="document_empty")
    extension = _extension(getattr(upload, "name", ""))
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Only PDF, DOC, DOCX, XLS, XLSX or ODT files are accepted."),
            code="document_extension",
        )
    content = detect_document_content(upload)
    if content is None or extension not in EXTENSIONS_FOR_CONTENT[content]:
        raise ValidationError(
            _("Not a real %(ext)s file: it may be renamed or damaged."),
            code="document_content",
            params={"ext": extension.upper()},
        )
    return extension


def detect_media_content(upload):
    """ "video", "audio" or "either" (MP4/Ogg/WebM containers) from the bytes, or None."""
    head = _read_head(upload, 16)
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "either"
    if head.startswith(b"\x1a\x45\xdf\xa3") or head.startswith(b"OggS"):
        return "either"
    if head.startswith(b"ID3") or (
        len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
    ):
        return "audio"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio"
    return None


def validate_media_file(upload):
    """Accept a video or audio file the HTML5 player can play, checked by content."""
    max_bytes = settings.MEDIA_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(max)s."),
            code="media_too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    extension = _extension(getattr(upload, "name", ""))
    if extension not in MEDIA_EXTENSIONS or detect_media_content(upload) is None:
        raise ValidationError(
            _("Accepted: MP4, WebM, Ogg video; MP3, M4A, Ogg, WAV audio."),
            code="media_content",
        )
    return upload


CAPTIONS_MAX_BYTES = 1024 * 1024


def validate_captions_file(upload):
    """Accept a WebVTT captions file (.vtt, UTF-8, starting with "WEBVTT")."""
    size = getattr(upload, "size", None)
    if size is not None and size > CAPTIONS_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(max)s."),
            code="captions_too_large",
            params={
                "size": filesizeformat(size),
                "max": filesizeformat(CAPTIONS_MAX_BYTES),
            },
        )
    head = _read_head(upload, 16)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    extension = _extension(getattr(upload, "name", ""))
    if extension != "vtt" or not (
        head.startswith(b"WEBVTT") and (len(head) == 6 or head[6:7] in b" \t\r\n")
    ):
        raise ValidationError(
            _("Captions must be a WebVTT file (.vtt) starting with WEBVTT."),
            code="captions_format",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Captions must be written in UTF-8."), code="captions_encoding"
        ) from None
    finally:
        upload.seek(position)
    return upload


def media_mime_type(name):
    """The MIME type for the HTML5 ``<source type>`` of a stored media file."""
    return MEDIA_EXTENSIONS.get(_extension(name), "")
