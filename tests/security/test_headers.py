"""Security headers on public pages, error pages, the admin and uploaded files."""

import pytest

from portal.security import PERMISSIONS_POLICY

pytestmark = pytest.mark.django_db


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/", "/lien-he/", "/en/", "/khong-co-trang-nay/"])
def test_public_pages_have_strict_csp_without_unsafe_inline(client, path):
    response = client.get(path)
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["media-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/khong-co-trang-nay/", "/healthz"])
def test_every_response_has_the_browser_protection_headers(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_error_400_page_has_csp_too(client):
    response = client.get("/", HTTP_HOST="ke-gia-mao.example")
    assert response.status_code == 400
    assert csp_directives(response)["script-src"] == ["'self'"]


def test_admin_allows_inline_styles_for_the_editor_but_never_inline_scripts(
    staff_client,
):
    response = staff_client.get("/quan-tri/")
    assert response.status_code == 200
    directives = csp_directives(response)
    assert "'unsafe-inline'" in directives["style-src"]
    assert "blob:" in directives["img-src"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_admin_login_page_is_relaxed_only_for_styles(client):
    response = client.get("/quan-tri/login/")
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]


def test_editor_upload_endpoint_gets_the_editor_policy(client):
    response = client.post("/ckeditor5/image_upload/")
    assert response.status_code in {403, 400}
    assert "'unsafe-inline'" in csp_directives(response)["style-src"]


def test_a_path_merely_containing_the_admin_prefix_is_not_relaxed(client):
    response = client.get("/tin-tuc/quan-tri/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_public_templates_have_no_inline_scripts_or_style_attributes(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert " onclick=" not in html and " onload=" not in html
