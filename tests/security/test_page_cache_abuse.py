"""Attacker-controlled page-cache keys and bypasses (portal/pagecache/): junk query
parameters and spellings share one entry, only a real staff login skips the cache,
every page that can be stored declares what it reads, and stored pages live in a
cache of their own whose evictions never reach sessions or counters."""

import os

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.test import Client
from django.urls import resolve

from polls.models import Choice, Poll
from portal import registry
from portal.pagecache import generation, keys, middleware, staff
from tests.factories import make_article, make_category, make_document, make_staff

from .live import Redis
from .test_every_route import PATHS

pytestmark = pytest.mark.django_db

HIT = middleware.STATUS_HEADER


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_STATUS_HEADER = True
    return settings


@pytest.fixture
def site(db):
    category = make_category("Thời sự")
    for n in range(20):
        make_article(f"Tin số {n}", category=category)
    make_document(issued_on=None, issuer="Ban Tuyên giáo")
    poll = Poll.objects.create(question="Bạn thấy giao diện thế nào?")
    Choice.objects.create(poll=poll, text="Đẹp", order=1)
    return {"category": category}


def stored_pages():
    pages = generation.page_cache()
    return [key for key in pages._cache if middleware.PAGE_KEY_PREFIX in key]


def test_four_hundred_junk_queries_are_one_entry(client, page_cache, site):
    """The finding: 400 ?utm_source=… requests were 400 misses and 400 entries."""
    statuses = [
        client.get(f"/?utm_source=zalo-{n}&fbclid=x{n}")[HIT] for n in range(400)
    ]
    assert statuses.count("miss") == 1
    assert statuses.count("hit") == 399
    assert len(stored_pages()) == 1
    assert client.get("/")[HIT] == "hit"


@pytest.mark.parametrize(
    "junk",
    [
        "?trang=01",
        "?trang=+1",
        "?trang=1.0",
        "?trang=%201%20",
        "?trang=1&trang=1",
        "?bc=1733000000",
        "?binh-chon=khong-co",
        "?preview=1",
        "?q=bo-qua-o-trang-nay",
        "?x=%00",
        "?" + "a" * 5000 + "=1",
    ],
)
def test_spellings_and_unknown_parameters_share_the_entry(
    client, page_cache, site, junk
):
    url = f"/chuyen-muc/{site['category'].slug}/"
    clean = client.get(url)
    assert clean[HIT] == "miss"
    variant = client.get(url + junk)
    assert variant[HIT] == "hit"
    assert variant.content == clean.content


def test_what_a_page_reads_makes_its_own_entry(client, page_cache, site):
    url = f"/chuyen-muc/{site['category'].slug}/"
    first, second = client.get(url), client.get(url + "?trang=2")
    assert second[HIT] == "miss"
    assert first.content != second.content
    assert client.get("/tim-kiem/?q=tin")[HIT] == "miss"
    assert client.get("/tim-kiem/?q=%20tin%20%20")[HIT] == "hit"
    assert client.get("/?binh-chon=ket-qua&bc=1")[HIT] == "miss"
    assert client.get("/?binh-chon=ket-qua&bc=2")[HIT] == "hit"


def test_the_stored_page_never_shows_the_junk(client, page_cache, site):
    response = client.get("/?utm_source=%3Cb%3Eke-gian%3C/b%3E&trang=9")
    html = response.content.decode()
    assert "utm_source" not in html
    assert "ke-gian" not in html


def test_a_register_filter_typed_by_hand_is_refused_not_stored(
    client, page_cache, site
):
    response = client.get("/van-ban/?co_quan=Ban%20kh%C3%B4ng%20c%C3%B3")
    assert response.status_code == 400
    assert "Cơ quan ban hành không có trong danh sách." in response.content.decode()
    assert stored_pages() == []
    assert client.get("/van-ban/?co_quan=Ban+Tuy%C3%AAn+gi%C3%A1o").status_code == 200


# --- who goes past the cache -------------------------------------------------------


@pytest.mark.parametrize(
    "cookies",
    [
        {"sessionid": "x"},
        {"sessionid": "a" * 32, "messages": "x"},
        {"sessionid": "a" * 32, staff.STAFF_COOKIE: "1"},
        {"sessionid": "a" * 32, staff.STAFF_COOKIE: "x:y:z"},
        {staff.STAFF_COOKIE: "x"},
        {"csrftoken": "x", "messages": "y"},
    ],
    ids=["session", "messages", "marker-1", "marker-forged", "marker-alone", "other"],
)
def test_junk_cookies_are_served_from_the_cache(client, page_cache, site, cookies):
    first = client.get("/")
    for name, value in cookies.items():
        client.cookies[name] = value
    again = client.get("/")
    assert again[HIT] == "hit"
    assert again.content == first.content


def login(client, username="bien-tap"):
    return client.post(
        "/quan-tri/login/",
        {"username": username, "password": "mat-khau-thu", "next": "/quan-tri/"},
    )


def test_a_real_staff_login_goes_past_the_cache_until_logout(client, page_cache, site):
    make_staff("bien-tap")
    client.get("/")  # stored for readers
    response = login(client)
    assert response.status_code == 302
    assert response.cookies[staff.STAFF_COOKIE]["httponly"]
    seen = client.get("/")
    assert HIT not in seen
    assert "private" in seen["Cache-Control"]
    client.post("/quan-tri/logout/")
    assert client.cookies[staff.STAFF_COOKIE].value == ""
    assert client.get("/")[HIT] == "hit"


def test_a_marker_is_worth_nothing_beside_another_session(client, page_cache, site):
    make_staff("bien-tap")
    login(client)
    marker = client.cookies[staff.STAFF_COOKIE].value
    other = Client()
    other.get("/")
    other.cookies["sessionid"] = "b" * 32
    other.cookies[staff.STAFF_COOKIE] = marker
    assert other.get("/")[HIT] == "hit"


def test_a_staff_session_without_its_marker_is_served_as_a_reader(
    client, page_cache, site
):
    make_staff("bien-tap")
    login(client)
    del client.cookies[staff.STAFF_COOKIE]
    reader_page = Client().get("/")
    response = client.get("/")
    assert response[HIT] == "hit"
    assert response.content == reader_page.content


def test_a_non_staff_login_gets_no_marker(client, page_cache, site):
    User.objects.create_user("ban-doc", password="mat-khau-thu")
    response = login(client, "ban-doc")
    assert staff.STAFF_COOKIE not in response.cookies


# --- every page that can be stored says what it reads --------------------------------


def storable(response):
    return (
        response.status_code == 200
        and response["Content-Type"].startswith("text/html")
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def test_every_storable_public_page_declares_its_parameters(client, site):
    undeclared = []
    for path in PATHS + ["/", f"/chuyen-muc/{site['category'].slug}/"]:
        response = client.get(path)
        if not storable(response):
            continue
        name = resolve(path).view_name
        if name not in registry.page_queries:
            undeclared.append((path, name))
    assert undeclared == []


def test_undeclared_views_with_a_query_are_not_stored(client, page_cache):
    assert keys.declared_params("/truy-cap-de-dang/") is keys.UNDECLARED
    client.get("/truy-cap-de-dang/?mode=on&next=/")
    assert stored_pages() == []


# --- pages live in their own cache ----------------------------------------------------


def test_pages_go_to_their_own_cache(client, page_cache, site):
    client.get("/")
    assert stored_pages()
    assert not [k for k in cache._cache if middleware.PAGE_KEY_PREFIX in k]


@pytest.mark.redis
def test_a_full_page_cache_evicts_only_pages(settings, tmp_path):
    """Pages on a Redis of their own (deploy/redis/portal-pages.conf): filling it
    up evicts pages, never a session or a counter kept in the main Redis."""
    redis = pytest.importorskip("redis")
    main_url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/10")
    try:
        redis.Redis.from_url(main_url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {main_url}")
    pages_server = Redis(tmp_path)
    pages_server.start()
    try:
        conn = pages_server.client()
        used = int(conn.info("memory")["used_memory"])
        conn.config_set("maxmemory", used + 2 * 1024 * 1024)
        conn.config_set("maxmemory-policy", "allkeys-lru")
        prefix = f"evict-{tmp_path.name[-8:]}"
        settings.CACHES = {
            "default": {
                "BACKEND": "portal.cache.RedisCache",
                "LOCATION": main_url,
                "KEY_PREFIX": prefix,
            },
            settings.PAGE_CACHE_ALIAS: {
                "BACKEND": "portal.cache.RedisCache",
                "LOCATION": pages_server.url,
                "KEY_PREFIX": prefix,
            },
        }
        main = caches["default"]
        main.set("session-like", "phiên làm việc", 3600)
        main.set("counter-like", 7, 3600)
        pages = caches[settings.PAGE_CACHE_ALIAS]
        for n in range(400):  # 400 × 20 kB: ten times what the pages may hold
            pages.set(f"{middleware.PAGE_KEY_PREFIX}{n}", "x" * 20_000, 600)
        assert int(conn.info("stats")["evicted_keys"]) > 0
        assert main.get("session-like") == "phiên làm việc"
        assert main.get("counter-like") == 7
        main.delete_many(["session-like", "counter-like"])
    finally:
        pages_server.stop()
