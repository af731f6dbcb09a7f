"""Hostile and broken image files built in memory for upload tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(width=8, height=6, color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb_bytes(width=50000, height=50000):
    """A tiny PNG whose header claims width x height pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def truncated_png_bytes():
    data = png_bytes(64, 64)
    return data[: len(data) // 2]


SVG_BYTES = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script></svg>'
)
HTML_BYTES = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def polyglot_png_bytes():
    """A real PNG with HTML and script appended after IEND."""
    return png_bytes() + b"<html><script>alert(document.cookie)</script></html>"


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)
