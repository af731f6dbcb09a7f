"""The upload limits are stated once, in the settings, and the front proxy agrees:
deploy/nginx/portal.conf takes request bodies as large as the biggest upload on the
admin, an image on the editor's upload, and no more than a public form needs
elsewhere."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from congress import filechecks
from portal import validators

NGINX = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "portal.conf"
UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def nginx_sizes():
    """{location ("" for the server): client_max_body_size in bytes}."""
    sizes, location, depth = {}, "", 0
    for line in NGINX.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        opening = re.match(r"location\s+(\S+)\s*\{", line)
        if opening and depth == 1:
            location = opening.group(1)
        size = re.match(r"client_max_body_size\s+(\d+)([kmgKMG]?);", line)
        if size:
            sizes[location] = int(size.group(1)) * UNITS[size.group(2).lower()]
        depth += line.count("{") - line.count("}")
        if depth == 1:
            location = ""
    return sizes


def test_nginx_takes_the_largest_upload_on_the_admin():
    sizes = nginx_sizes()
    admin = "/" + settings.ADMIN_PATH
    assert sizes[admin] >= settings.ADMIN_MAX_BODY_BYTES
    assert settings.ADMIN_MAX_BODY_BYTES > max(
        settings.MEDIA_UPLOAD_MAX_BYTES,
        settings.DOCUMENT_UPLOAD_MAX_BYTES,
        settings.IMAGE_UPLOAD_MAX_BYTES,
    )


def test_nginx_takes_an_image_on_the_editor_upload():
    assert nginx_sizes()["/ckeditor5/"] >= settings.EDITOR_MAX_BODY_BYTES


def test_public_forms_are_kept_small():
    assert nginx_sizes()[""] <= settings.PUBLIC_MAX_BODY_BYTES


def test_the_limits_of_the_issue():
    # Documents 20 MB and media 300 MB, as docs/congress.md says.
    assert settings.DOCUMENT_UPLOAD_MAX_BYTES == 20 * 1024**2
    assert settings.MEDIA_UPLOAD_MAX_BYTES == 300 * 1024**2
    assert nginx_sizes()["/" + settings.ADMIN_PATH] >= 300 * 1024**2


@pytest.mark.parametrize(
    "check",
    [
        filechecks.validate_document_file,
        filechecks.validate_media_file,
        validators.validate_image_upload,
    ],
)
def test_the_validators_read_the_settings(settings, check):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 10
    settings.MEDIA_UPLOAD_MAX_BYTES = 10
    settings.IMAGE_UPLOAD_MAX_BYTES = 10
    upload = SimpleUploadedFile("tep.pdf", b"%PDF-" + b"x" * 20)
    with pytest.raises(ValidationError) as refused:
        check(upload)
    assert refused.value.code.endswith("too_large")
