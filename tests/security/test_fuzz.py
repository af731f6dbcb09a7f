"""Property-based tests: random strings at search, slugs, pagination and forms never
make the site answer 5xx or leak internals."""

import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congress.forms import feedback_form_token
from polls.models import Choice, Poll
from polls.tokens import make_form_token
from tests.factories import make_article, make_category, make_open_draft

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# For tests that send several requests per example.
FUZZ_MANY = settings(FUZZ, max_examples=20)
LEAKS = ["Traceback", "site-packages", "/work/", "SELECT ", "OperationalError"]

# Text a visitor could type, including Vietnamese, control characters and surrogates
# escaped by the browser.
typed = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80
) | st.sampled_from(
    [
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "%00",
        "../../etc/passwd",
        "Đảng bộ",
        "dang bo",
        "9" * 50,
        "-1",
        "1e999",
        "\x00",
        "\ufeff",
        "NaN",
    ]
)


@pytest.fixture
def world(db):
    category = make_category("Tin tức")
    article = make_article("Hội nghị sơ kết công tác Đảng", category=category)
    poll = Poll.objects.create(
        question="Bạn thấy giao diện website như thế nào?",
        opens_at=timezone.now() - timedelta(days=1),
    )
    choice = Choice.objects.create(poll=poll, text="Đẹp", order=1)
    document = make_open_draft(title="Dự thảo văn kiện")
    return {
        "category": category,
        "article": article,
        "poll": poll,
        "choice": choice,
        "document": document,
    }


def assert_fine(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8", "replace")
    for leak in LEAKS:
        assert leak not in body


def path_exists(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@FUZZ
@given(query=typed)
def test_search_never_fails(client, world, query):
    path = "/tim-kiem/" if path_exists("/tim-kiem/") else "/tin-tuc/"
    assert_fine(client.get(path, {"q": query}))


@FUZZ_MANY
@given(page=typed)
def test_pagination_never_fails(client, world, page):
    for path in ["/tin-tuc/", f"/chuyen-muc/{world['category'].slug}/", "/van-ban/"]:
        assert_fine(client.get(path, {"trang": page}))
    assert_fine(client.get("/binh-chon/", {"page": page}))


@FUZZ_MANY
@given(slug=typed)
def test_slugs_never_fail(client, world, slug):
    piece = quote(slug, safe="") or "x"
    for prefix in ["/tin-tuc/", "/chuyen-muc/", "/dai-hoi/", "/van-ban/"]:
        assert_fine(client.get(f"{prefix}{piece}/"))
    assert_fine(client.get(f"/binh-chon/{piece}/ket-qua/"))


@FUZZ
@given(year=typed, kind=typed, issuer=typed)
def test_document_filters_never_fail(client, world, year, kind, issuer):
    assert_fine(client.get("/van-ban/", {"nam": year, "loai": kind, "co_quan": issuer}))


@FUZZ
@given(choice=typed, token=typed, next_url=typed)
def test_vote_form_never_fails(client, world, choice, token, next_url):
    poll = world["poll"]
    response = client.post(
        f"/binh-chon/{poll.slug}/gui/",
        {"choice": choice, "token": token or make_form_token(poll), "next": next_url},
        HTTP_ORIGIN="http://testserver",
    )
    assert_fine(response)
    if response.status_code in {301, 302, 303}:
        assert response["Location"].startswith("/")
        assert not response["Location"].startswith("//")


@FUZZ
@given(name=typed, email=typed, phone=typed, section=typed, content=typed)
def test_feedback_form_never_fails(client, world, name, email, phone, section, content):
    document = world["document"]
    response = client.post(
        f"/van-ban/{document.slug}/gop-y/",
        {
            "name": name,
            "email": email,
            "phone": phone,
            "section": section,
            "content": content,
            "website": "",
            "token": feedback_form_token(document, issued_at=time.time() - 60),
        },
    )
    assert_fine(response)


@FUZZ
@given(mode=typed, next_url=typed)
def test_accessibility_toggle_never_fails_or_leaves(client, mode, next_url):
    response = client.get("/truy-cap-de-dang/", {"mode": mode, "next": next_url})
    assert response.status_code == 302
    location = response["Location"].replace("\\", "/")
    assert not location.startswith("//")
    assert "://" not in location.split("?")[0] or location.startswith(
        "http://testserver/"
    )
