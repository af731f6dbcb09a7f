"""Every public route of the URLconf, found by walking it (so new features are covered
as they land), with every method and a hostile query: never a 5xx, never a leak, and
error pages in Vietnamese."""

import re

import pytest
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

PRIVATE_PREFIXES = ("quan-tri/", "ckeditor5/", "media/", "static/")
# Regex routes cannot be filled in generically.
REGEX_SAMPLES = {}
# Old Joomla addresses have no route (bulletins.legacy's middleware answers the
# site's 404s): the shapes it looks up are walked too.
LEGACY_SAMPLES = [
    "/index.php",
    "/index.php/tin-tuc/12-abc",
    "/tin-tuc/12345-bai-cu.html",
    "/component/content/article/12-abc",
    "/images/khong-co.jpg",
]
SAMPLES = {
    "slug": "khong-co-trang-nay",
    "int": "987654",
    "str": "khong-co",
    "path": "x",
}
LEAKS = ["Traceback", "site-packages", "/work/", "SELECT ", "OperationalError"]
HOSTILE_QUERY = (
    "q=%3Cscript%3Ealert(1)%3C/script%3E&trang=-1&page=%FF&next=//ke-gian.example"
    "&nam=abc&loai=%00&format=../../etc/passwd"
)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix, pattern


def public_paths():
    paths = set()
    for prefix, pattern in _walk(get_resolver().url_patterns):
        route = prefix + str(pattern.pattern)
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(pattern.pattern, RoutePattern) and "^" not in prefix:
            filled = re.sub(
                r"<(?:(\w+):)?\w+>",
                lambda m: SAMPLES.get(m.group(1) or "str", "x"),
                route,
            )
            paths.add("/" + filled)
        else:
            paths.update("/" + sample for sample in REGEX_SAMPLES.get(pattern.name, []))
    return sorted(paths | set(LEGACY_SAMPLES))


PATHS = public_paths()


def assert_safe(response, method="get"):
    assert response.status_code < 500, response.status_code
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    if method == "head":
        assert response.content == b""
        return
    text = response.content.decode("utf-8", "replace")
    for leak in LEAKS:
        assert leak not in text
    assert "<script>alert(1)" not in text
    if 400 <= response.status_code < 500 and response["Content-Type"].startswith(
        "text/html"
    ):
        assert '<html lang="vi"' in text
        assert f"Lỗi {response.status_code}" in text or "Vui lòng" in text


def test_the_walk_finds_the_public_sections():
    for expected in ["/", "/tin-tuc/", "/binh-chon/", "/van-ban/", "/dai-hoi/"]:
        assert expected in PATHS
    assert len(PATHS) >= 20


@pytest.mark.parametrize("path", PATHS)
def test_get_with_hostile_query_never_fails(client, path):
    assert_safe(client.get(path, QUERY_STRING=HOSTILE_QUERY))


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["head", "options", "put", "delete", "patch"])
def test_every_method_never_fails(client, path, method):
    response = getattr(client, method)(path)
    assert_safe(response, method)
    if method in {"put", "delete", "patch"}:
        assert response.status_code == 405
        assert response["Allow"]


@pytest.mark.parametrize("path", PATHS)
def test_post_without_csrf_or_data_never_fails(client, path):
    assert_safe(client.post(path, {"x": "<script>alert(1)</script>"}))
