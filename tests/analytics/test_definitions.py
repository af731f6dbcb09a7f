"""The README's definitions, one by one, through real requests (database path)."""

import pytest

from portal import visitor
from tests.factories import make_article

from .conftest import BROWSER_UA
from .helpers import stored_totals

pytestmark = pytest.mark.django_db

PAGE = "/lien-he/"


def test_a_page_view_is_counted_with_its_visit_and_a_cookie(reader):
    response = reader.get(PAGE)

    assert response.status_code == 200
    assert stored_totals() == (1, 1)
    cookie = response.cookies["pv"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_second_page_with_the_cookie_is_a_view_of_the_same_visit(reader):
    reader.get(PAGE)
    reader.get("/")
    reader.get(PAGE)

    assert stored_totals() == (3, 1)


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "coccocbot-web/1.0",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 HeadlessChrome/120.0",
    ],
)
def test_bots_and_tools_are_not_counted(client, user_agent):
    response = client.get(PAGE, HTTP_USER_AGENT=user_agent)

    assert response.status_code == 200
    assert stored_totals() == (0, 0)
    assert "pv" not in response.cookies


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("HTTP_SEC_PURPOSE", "prefetch"),
        ("HTTP_SEC_PURPOSE", "prefetch;prerender"),
        ("HTTP_PURPOSE", "prefetch"),
        ("HTTP_X_MOZ", "prefetch"),
    ],
)
def test_prefetch_requests_are_not_counted(reader, header, value):
    assert reader.get(PAGE, **{header: value}).status_code == 200
    assert stored_totals() == (0, 0)


def test_static_files_are_not_counted(reader):
    response = reader.get("/static/analytics/counter.js")

    assert response.status_code == 200
    assert stored_totals() == (0, 0)


def test_admin_pages_are_not_counted(reader):
    response = reader.get("/quan-tri/login/")

    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
    assert stored_totals() == (0, 0)


def test_not_found_pages_are_not_counted(reader):
    assert reader.get("/khong-co-trang-nay/").status_code == 404
    assert reader.get("/tin-tuc/khong-co-bai-nay/").status_code == 404
    assert stored_totals() == (0, 0)


def test_redirects_are_not_counted(reader):
    response = reader.get("/truy-cap-de-dang/?mode=on&next=/")

    assert response.status_code in (301, 302)
    assert stored_totals() == (0, 0)


@pytest.mark.parametrize("method", ["head", "options", "post"])
def test_head_options_and_post_are_not_counted(reader, method):
    getattr(reader, method)(PAGE)

    assert stored_totals() == (0, 0)


def test_feeds_are_not_counted(reader):
    make_article()
    response = reader.get("/rss/")

    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    assert stored_totals() == (0, 0)


def test_health_check_is_not_counted(reader):
    assert reader.get("/healthz").status_code == 200
    assert stored_totals() == (0, 0)


def test_the_numbers_endpoint_is_not_counted(reader):
    assert reader.get("/thong-ke/so-lieu.json").status_code == 200
    assert stored_totals() == (0, 0)


def test_counting_switched_off_counts_nothing(reader, settings):
    settings.ANALYTICS_ENABLED = False

    assert reader.get(PAGE).status_code == 200
    assert stored_totals() == (0, 0)
    assert "pv" not in reader.cookies


def test_article_page_counts_the_article_view(reader):
    article = make_article()
    other = make_article()

    reader.get(article.get_absolute_url())
    reader.get(article.get_absolute_url())
    reader.get(other.get_absolute_url())

    article.refresh_from_db()
    other.refresh_from_db()
    assert (article.view_count, other.view_count) == (2, 1)
    assert stored_totals() == (3, 1)


def test_article_preview_and_unknown_slug_count_no_article_view(reader):
    article = make_article()

    reader.get(f"/tin-tuc/{article.slug}-x/")

    article.refresh_from_db()
    assert article.view_count == 0


def test_colleagues_behind_one_address_are_separate_visitors(client):
    """Same office address, same browser build: each browser is its own visitor."""
    for _colleague in range(3):
        client.cookies.clear()
        client.get(PAGE, HTTP_USER_AGENT=BROWSER_UA)
        client.get("/", HTTP_USER_AGENT=BROWSER_UA)  # with the cookie it was given

    assert stored_totals() == (6, 3)


@pytest.mark.usefixtures("one_rate_window")
def test_forged_cookies_stop_making_new_visitors_past_the_hourly_cap(client, settings):
    """Each request carries another forged id: after the cap they are one visitor."""
    settings.ANALYTICS_NEW_VISITORS_PER_HOUR = 2
    forged = [
        "0123456789abcdef0123456789abcdef.0000000000000000",
        "ffffffffffffffffffffffffffffffff.ffffffffffffffff",
        "x" * 4000,
        "'; DROP TABLE analytics_visitor; --",
        # UTF-8 bytes as a WSGI server hands them over (latin-1 decoded).
        "\u0110\u1ea3ng b\u1ed9".encode().decode("latin-1"),
    ]
    for value in forged:
        client.cookies["pv"] = value
        response = client.get(PAGE, HTTP_USER_AGENT=BROWSER_UA)
        assert response.status_code == 200

    # Two new visitors allowed, then the address's one fallback visitor.
    assert stored_totals() == (len(forged), 3)


def test_a_valid_cookie_is_its_own_visitor(client):
    client.get(PAGE, HTTP_USER_AGENT=BROWSER_UA)
    client.cookies["pv"] = visitor.cookie_value("ab" * 16)
    client.get(PAGE, HTTP_USER_AGENT=BROWSER_UA)
    client.get("/", HTTP_USER_AGENT=BROWSER_UA)

    assert stored_totals() == (3, 2)


@pytest.mark.usefixtures("one_rate_window")
def test_a_flood_from_one_address_is_capped_by_the_rate_limit(client, settings):
    settings.ANALYTICS_RATE_LIMIT = 5
    for n in range(12):
        # No cookie and a new browser string: without the limit, a new visitor each time.
        client.cookies.clear()
        response = client.get(PAGE, HTTP_USER_AGENT=f"{BROWSER_UA} v{n}")
        assert response.status_code == 200

    assert stored_totals() == (5, 5)


def test_cookie_is_secure_on_https(reader):
    response = reader.get(PAGE, secure=True)

    assert response.cookies["pv"]["secure"]
