"""Uploaded files are served so that they can never act as a page of our site."""

from pathlib import Path

import pytest

from tests.processes import run_python

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.media_urls")]


@pytest.fixture
def media(settings):
    root = Path(settings.MEDIA_ROOT)
    (root / "van-ban").mkdir(parents=True)
    (root / "anh").mkdir(parents=True)
    (root / "van-ban" / "nghi-quyet-01.pdf").write_bytes(b"%PDF-1.4\n%fake\n")
    (root / "van-ban" / "trang.html").write_bytes(b"<script>alert(1)</script>")
    (root / "van-ban" / "hinh.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (root / "van-ban" / "khong-duoi").write_bytes(b"<html><script>x</script>")
    (root / "anh" / "anh-1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("van-ban/trang.html", "text/html"),
        ("van-ban/hinh.svg", "image/svg+xml"),
        ("van-ban/khong-duoi", "application/octet-stream"),
    ],
)
def test_documents_are_downloads_in_a_sandbox(client, media, name, content_type):
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    filename = name.rsplit("/", 1)[1]
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_photos_are_shown_inline_but_still_sandboxed(client, media):
    response = client.get("/media/anh/anh-1.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert body(response) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "path",
    [
        "/media/../settings.py",
        "/media/anh/../../secret_key",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/anh/%00.png",
        "/media/anh/anh-1.png%00.pdf",
        "/media/anh\\..\\..\\etc\\passwd",
        "/media//etc/passwd",
        "/media/anh/",
        "/media/khong-ton-tai.pdf",
    ],
)
def test_traversal_and_odd_media_paths_are_a_plain_404(client, media, path):
    response = client.get(path)
    assert response.status_code == 404
    text = response.content.decode()
    assert "Không tìm thấy trang" in text
    assert str(media) not in text
    assert "root:x:0:0" not in text


def test_serve_media_env_mounts_the_view(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.urls import resolve;"
        "print(resolve('/media/van-ban/a.pdf').func.__name__)"
    )
    result = run_python(script, tmp_path, DJANGO_SERVE_MEDIA="1")
    assert result.stdout.strip() == "serve_media", result.stderr
