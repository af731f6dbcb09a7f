"""Every upload path accepts only real images and stores them under safe names."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from portal.models import SiteProfile
from portal.uploads import UploadTo, safe_filename
from portal.validators import validate_image_upload

from .forms import form_data
from .images import (
    HTML_BYTES,
    SVG_BYTES,
    jpeg_bytes,
    png_bomb_bytes,
    png_bytes,
    polyglot_png_bytes,
    truncated_png_bytes,
    upload,
)

SAFE_NAME = re.compile(r"^[a-z0-9-]+-[0-9a-f]{8}(\.[a-z0-9]{1,5})?$")

NOT_AN_IMAGE = "Tệp không phải là ảnh hợp lệ"
REFUSED_IMAGES = [
    ("bomb.png", png_bomb_bytes(), "Ảnh có quá nhiều điểm ảnh"),
    ("hong.png", truncated_png_bytes(), NOT_AN_IMAGE),
    ("logo.png", SVG_BYTES, NOT_AN_IMAGE),
    ("trang.png", HTML_BYTES, NOT_AN_IMAGE),
    ("rong.png", b"", f"{NOT_AN_IMAGE}|rỗng|Chưa chọn"),
    ("chi-dau.png", b"\x89PNG\r\n\x1a\n", NOT_AN_IMAGE),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSED_IMAGES)
def test_validator_refuses_hostile_images_with_a_clear_message(name, data, message):
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(upload(name, data))
    assert re.search(message, " ".join(caught.value.messages), re.IGNORECASE)


def test_validator_refuses_a_huge_pixel_count_below_the_bomb_limit(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(upload("to.png", png_bytes(100, 100)))
    assert caught.value.code == "image_pixels"


def test_validator_refuses_a_file_over_the_byte_limit(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(upload("to.jpg", jpeg_bytes(300, 300)))
    assert caught.value.code == "image_too_large"


def test_validator_accepts_real_photos_and_leaves_the_file_readable():
    photo = upload("anh.jpg", jpeg_bytes(), "image/jpeg")
    assert validate_image_upload(photo) is photo
    assert photo.read(3) == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.png",
        "..\\..\\windows\\system32\\a.png",
        "/etc/cron.d/x.png",
        "ảnh\x00.php.png",
        "a" * 5000 + ".png",
        "Ảnh Đại hội Đảng bộ lần thứ XIV.PNG",
        ".htaccess",
        "anh.php%00.png",
        "con.png",
        "   .png",
        "<script>alert(1)</script>.png",
        "anh.png.exe",
        "\u202eGNP.exe",
    ],
)
def test_stored_names_are_safe_whatever_the_client_sends(name):
    stored = safe_filename(name)
    assert SAFE_NAME.match(stored), stored
    assert len(stored) <= 80
    path = UploadTo("anh")(None, name)
    assert path.startswith("anh/")
    assert ".." not in path and "\\" not in path and "\x00" not in path


def test_vietnamese_names_become_readable_ascii():
    assert safe_filename("Ảnh Đại hội Đảng bộ.JPG").startswith("anh-dai-hoi-dang-bo-")
    assert safe_filename("Ảnh Đại hội Đảng bộ.JPG").endswith(".jpg")


# --- the editor's upload endpoint -------------------------------------------------

EDITOR_URL = "/ckeditor5/image_upload/"


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.django_db
def test_editor_upload_refuses_anonymous_visitors(client, settings):
    response = client.post(EDITOR_URL, {"upload": upload("a.png", png_bytes())})
    assert response.status_code == 403
    assert "quyền" in response.json()["error"]["message"]
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_editor_upload_refuses_logged_in_non_staff(plain_user_client, settings):
    response = plain_user_client.post(
        EDITOR_URL, {"upload": upload("a.png", png_bytes())}
    )
    assert response.status_code == 403
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_editor_upload_refuses_requests_without_csrf(settings, django_user_model):
    user = django_user_model.objects.create_user("bt", password="x", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(EDITOR_URL, {"upload": upload("a.png", png_bytes())})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_editor_upload_refuses_get(staff_client):
    response = staff_client.get(EDITOR_URL)
    assert response.status_code == 405
    assert "Lỗi 405" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), REFUSED_IMAGES)
def test_editor_upload_refuses_hostile_images_as_json(
    staff_client, settings, name, data, message
):
    response = staff_client.post(EDITOR_URL, {"upload": upload(name, data)})
    assert response.status_code == 400
    assert re.search(message, response.json()["error"]["message"], re.IGNORECASE)
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_editor_upload_without_a_file_is_a_400(staff_client, settings):
    response = staff_client.post(EDITOR_URL, {})
    assert response.status_code == 400
    assert response.json()["error"]["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.png", "ảnh\x00.png", "x" * 300 + ".png", "Ảnh hội nghị.png"],
)
def test_editor_upload_stores_odd_names_safely(staff_client, settings, name):
    response = staff_client.post(EDITOR_URL, {"upload": upload(name, png_bytes())})
    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert url.startswith("/media/editor/")
    files = stored_files(settings)
    assert len(files) == 1
    assert SAFE_NAME.match(files[0].name), files[0].name
    assert files[0].resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.mark.django_db
def test_editor_upload_of_a_polyglot_is_stored_as_an_image(staff_client, settings):
    response = staff_client.post(
        EDITOR_URL, {"upload": upload("anh.png", polyglot_png_bytes())}
    )
    assert response.status_code == 200
    (stored,) = stored_files(settings)
    assert stored.suffix == ".png"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["anh.html", "anh.svg", "anh.php", "anh"])
def test_editor_upload_never_stores_an_image_under_a_script_extension(
    staff_client, settings, name
):
    response = staff_client.post(EDITOR_URL, {"upload": upload(name, png_bytes())})
    assert response.status_code == 200
    (stored,) = stored_files(settings)
    assert stored.suffix == ".png"


# --- admin image fields -------------------------------------------------------------


def _profile_change(staff_client):
    profile = SiteProfile.objects.current()
    profile.site_name = "Đảng bộ Thử nghiệm"
    profile.save()
    url = f"/quan-tri/portal/siteprofile/{profile.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "siteprofile_form")
    assert data["site_name"] == "Đảng bộ Thử nghiệm"
    return profile, url, data


# Django's own ImageField check speaks first in the admin; both messages are clear.
ADMIN_IMAGE_MESSAGE = "hình ảnh hợp lệ|ảnh hợp lệ|điểm ảnh|rỗng"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), REFUSED_IMAGES)
def test_admin_logo_field_refuses_hostile_images(
    staff_client, settings, name, data, message
):
    profile, url, form = _profile_change(staff_client)
    before = SiteProfile.objects.get(pk=profile.pk).logo.name
    form["logo"] = upload(name, data)
    response = staff_client.post(url, form)
    assert response.status_code == 200  # the form is shown again with the error
    errors = re.search(
        r'id="id_logo_error"><li>([^<]+)</li>', response.content.decode()
    )
    assert errors, "no error shown next to the logo field"
    assert re.search(ADMIN_IMAGE_MESSAGE, errors.group(1))
    assert SiteProfile.objects.get(pk=profile.pk).logo.name == before
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_admin_logo_field_stores_a_real_image_under_a_safe_name(staff_client, settings):
    profile, url, form = _profile_change(staff_client)
    form["logo"] = upload("../../Biểu trưng.png", png_bytes())
    response = staff_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    name = SiteProfile.objects.get(pk=profile.pk).logo.name
    assert SAFE_NAME.match(name.rsplit("/", 1)[1]), name
    assert "bieu-trung" in name


# --- congress document files -------------------------------------------------------


def _zip_bytes(members):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _pdf_bytes():
    from congress.demo import minimal_pdf

    return minimal_pdf("Nghi quyet")


NOT_REAL = "Nội dung tệp không phải là tài liệu"
ONLY_DOCUMENTS = "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX hoặc ODT."
REFUSED_DOCUMENTS = [
    ("nghi-quyet.pdf", b"MZ\x90\x00" + b"\x00" * 200, NOT_REAL + " PDF"),
    ("nghi-quyet.pdf", HTML_BYTES, NOT_REAL + " PDF"),
    ("bao-cao.docx", _zip_bytes([("a.txt", "x")]), NOT_REAL + " DOCX"),
    ("bao-cao.docx", b"%PDF-1.4\n%%EOF", NOT_REAL + " DOCX"),
    (
        "bang.xlsx",
        _zip_bytes([("[Content_Types].xml", "<x/>"), ("word/document.xml", "<x/>")]),
        NOT_REAL + " XLSX",
    ),
    (
        "bom.docx",
        _zip_bytes(
            [("[Content_Types].xml", "<x/>")]
            + [(f"word/{n}.xml", "") for n in range(5001)]
        ),
        NOT_REAL + " DOCX",
    ),
    ("trang.html", HTML_BYTES, ONLY_DOCUMENTS),
    ("hinh.svg", SVG_BYTES, ONLY_DOCUMENTS),
    ("chay.exe", b"MZ\x90\x00", ONLY_DOCUMENTS),
    ("nghi-quyet.pdf.exe", b"%PDF-1.4\n%%EOF", ONLY_DOCUMENTS),
    ("rong.pdf", b"", "Tệp rỗng, không có nội dung."),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSED_DOCUMENTS)
def test_document_files_are_checked_by_content(name, data, message):
    from congress.filechecks import validate_document_file

    with pytest.raises(ValidationError) as caught:
        validate_document_file(upload(name, data, "application/octet-stream"))
    assert message in " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "name", ["../../etc/Nghị quyết số 01.pdf", "a\x00.pdf", "x" * 400 + ".pdf"]
)
def test_real_documents_are_accepted_and_stored_under_safe_names(name):
    from congress.filechecks import validate_document_file

    document = upload(name, _pdf_bytes(), "application/pdf")
    assert validate_document_file(document) == "pdf"
    stored = UploadTo("documents")(None, name)
    assert stored.startswith("documents/")
    assert SAFE_NAME.match(stored.rsplit("/", 1)[1]), stored
    assert stored.endswith(".pdf")


# --- every file field of every model -------------------------------------------------


def _file_fields():
    from django.apps import apps as django_apps
    from django.conf import settings
    from django.db import models as dj_models

    ours = [
        config
        for config in django_apps.get_app_configs()
        if str(config.path).startswith(str(settings.BASE_DIR))
    ]
    for config in ours:
        for model in config.get_models():
            for model_field in model._meta.get_fields():
                if isinstance(model_field, dj_models.FileField):
                    yield f"{model._meta.label}.{model_field.name}", model_field


FILE_FIELDS = dict(_file_fields())


def test_the_file_fields_are_found():
    assert "portal.SiteProfile.logo" in FILE_FIELDS
    assert "congress.DocumentFile.file" in FILE_FIELDS


@pytest.mark.parametrize("label", sorted(FILE_FIELDS))
def test_every_upload_field_checks_content_and_renames(label):
    from django.db import models as dj_models

    from congress.filechecks import (
        validate_captions_file,
        validate_document_file,
        validate_media_file,
    )

    model_field = FILE_FIELDS[label]
    if isinstance(model_field, dj_models.ImageField):
        assert validate_image_upload in model_field.validators, label
    else:
        assert {
            validate_document_file,
            validate_media_file,
            validate_captions_file,
        } & set(model_field.validators), label
    assert isinstance(model_field.upload_to, UploadTo), label
