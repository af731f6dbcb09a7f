"""Uploads served by the app itself (no web server in front): mounted by default,
photos shown, PDFs opened in the browser, both under the sandbox policy."""

from pathlib import Path

import pytest
from django.urls import reverse

from congress.models import DocumentFile
from portal.security import MEDIA_CSP, media_disposition
from tests.factories import make_document, pdf_file
from tests.processes import run_python


def _resolve_media_with(env_changes, tmp_path):
    script = (
        "import django; django.setup();"
        "from django.urls import resolve, Resolver404\n"
        "try: print(resolve('/media/anh/a.jpg').func.__name__)\n"
        "except Resolver404: print('none')"
    )
    result = run_python(script, tmp_path, **env_changes)
    return result.stdout.strip() or result.stderr


def test_make_run_settings_serve_media_and_zero_turns_it_off(tmp_path):
    # `make run` sets no DJANGO_ variable and DEBUG is off: photos still show.
    assert _resolve_media_with({}, tmp_path) == "serve_media"
    assert _resolve_media_with({"DJANGO_SERVE_MEDIA": "0"}, tmp_path) == "none"


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("image/jpeg", None),
        ("video/mp4", None),
        ("audio/mpeg", None),
        ("application/pdf", 'inline; filename="nghi-quyet.pdf"'),
        ("text/html", 'attachment; filename="nghi-quyet.pdf"'),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            'attachment; filename="nghi-quyet.pdf"',
        ),
    ],
)
def test_media_disposition_by_type(content_type, expected):
    assert media_disposition(content_type, "van-ban/nghi-quyet.pdf") == expected


@pytest.mark.django_db
@pytest.mark.urls("tests.security.media_urls")
def test_a_pdf_opens_in_the_browser_still_sandboxed(client, settings):
    folder = Path(settings.MEDIA_ROOT) / "van-ban"
    folder.mkdir(parents=True)
    (folder / "nghi-quyet-01.pdf").write_bytes(b"%PDF-1.4\n%fake\n")
    response = client.get("/media/van-ban/nghi-quyet-01.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="nghi-quyet-01.pdf"'
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_document_links_open_pdfs_and_download_the_rest(client):
    document = make_document("Nghị quyết có tệp")
    DocumentFile.objects.create(document=document, file=pdf_file("toan-van.pdf"))
    html = client.get(reverse("congress:document_detail", args=[document.slug]))
    text = html.content.decode()
    pdf = DocumentFile.objects.get()
    assert f'<a href="{pdf.file.url}">' in text
    assert f'<a href="{pdf.file.url}" download>' not in text
