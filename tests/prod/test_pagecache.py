"""The shared page cache for anonymous readers (portal/pagecache/)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from bulletins.models import Article, Category
from portal.models import SiteProfile
from portal.pagecache import generation, middleware
from portal.pagecache import staff as staff_marker

pytestmark = pytest.mark.django_db

HIT = middleware.STATUS_HEADER


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 600
    return settings


@pytest.fixture
def test_urls(page_cache):
    page_cache.ROOT_URLCONF = "tests.prod.urls"
    return page_cache


def body(response):
    return response.content.decode()


def test_anonymous_second_get_is_served_from_cache_without_queries(
    client, page_cache, django_assert_num_queries
):
    first = client.get("/")
    assert first.status_code == 200
    assert first[HIT] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.status_code == 200
    assert second[HIT] == "hit"
    assert second.content == first.content
    assert "Age" in second
    # Browsers must come back every time, so an edit shows at once.
    assert "max-age=0" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_head_is_answered_from_the_get_entry(client, test_urls):
    client.get("/t/page/")
    head = client.head("/t/page/")
    assert head.status_code == 200
    assert head[HIT] == "hit"


def test_revalidating_browser_gets_a_full_counted_page(client, test_urls):
    first = client.get("/t/page/")
    again = client.get("/t/page/", HTTP_IF_NONE_MATCH='"anything"')
    assert again.status_code == 200
    assert again.content == first.content


def test_logged_in_staff_never_get_or_fill_cached_pages(
    client, admin_client, test_urls
):
    anonymous = client.get("/t/page/")
    # Any page past the cache (the admin here) gives a staff login its marker.
    assert staff_marker.STAFF_COOKIE in admin_client.get("/quan-tri/").cookies
    staff = admin_client.get("/t/page/")
    assert HIT not in staff
    assert body(staff) != body(anonymous)
    assert "private" in staff["Cache-Control"]
    staff_again = admin_client.get("/t/page/")
    assert body(staff_again) != body(staff)
    # The staff renders were not stored for readers either.
    assert body(client.get("/t/page/")) == body(anonymous)


def test_a_session_cookie_alone_never_skips_the_cache(client, test_urls, settings):
    cached = client.get("/t/page/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    again = client.get("/t/page/")
    assert again[HIT] == "hit"
    assert body(again) == body(cached)


def test_accessibility_mode_has_its_own_entry(client, page_cache):
    plain = client.get("/")
    client.cookies["a11y"] = "1"
    a11y = client.get("/")
    assert a11y[HIT] == "miss"
    assert 'class="a11y"' in body(a11y)
    assert 'class="a11y"' not in body(plain)
    assert client.get("/")[HIT] == "hit"
    del client.cookies["a11y"]
    again = client.get("/")
    assert again[HIT] == "hit"
    assert 'class="a11y"' not in body(again)


def test_declared_parameters_are_separate_pages(client, test_urls):
    one = client.get("/t/page/?trang=1")
    two = client.get("/t/page/?trang=2")
    assert body(one) != body(two)
    assert client.get("/t/page/?trang=1").content == one.content
    # Other parameters, and other spellings of the page number, are the same page.
    for junk in ("?trang=01&utm_source=zalo", "?fbclid=abc&trang=+1"):
        assert client.get(f"/t/page/{junk}").content == one.content


def test_post_is_never_answered_from_the_cache(client, test_urls):
    cached = client.get("/t/page/")
    posted = client.post("/t/page/")
    assert HIT not in posted
    assert body(posted) != body(cached)


def test_admin_pages_are_never_cached(client, page_cache):
    first = client.get("/quan-tri/login/")
    second = client.get("/quan-tri/login/")
    assert first.status_code == second.status_code == 200
    assert HIT not in first
    assert HIT not in second


@pytest.mark.parametrize(
    "path",
    ["/t/cookie/", "/t/csrf/", "/t/private/", "/t/vary/", "/t/json/", "/t/missing/"],
)
def test_personal_or_non_page_responses_are_not_stored(client, test_urls, path):
    first = client.get(path)
    second = client.get(path)
    assert HIT not in second
    assert second.content != first.content


def test_csrf_cookie_never_reaches_the_cache(client, test_urls):
    response = client.get("/t/csrf/")
    assert "csrftoken" in response.cookies
    stored = [
        key
        for key in generation.page_cache()._cache
        if middleware.PAGE_KEY_PREFIX in key
    ]  # locmem internals: the only way to list keys
    assert stored == []


def test_a_reader_with_a_csrf_cookie_still_gets_cached_pages(client, test_urls):
    client.get("/t/csrf/")
    assert "csrftoken" in client.cookies
    first = client.get("/t/page/")
    second = client.get("/t/page/")
    assert second[HIT] == "hit"
    assert second.content == first.content


def make_article(**extra):
    category = Category.objects.create(name="Tin tức - Sự kiện")
    fields = {
        "title": "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12",
        "lead": "Sáng nay, Hội nghị đã khai mạc.",
        "body": "<p>Nội dung hội nghị.</p>",
        "category": category,
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(extra)
    return Article.objects.create(**fields)


def test_article_edit_shows_at_once(
    client, page_cache, django_capture_on_commit_callbacks
):
    article = make_article()
    url = article.get_absolute_url()
    assert "lần thứ 12" in body(client.get(url))
    assert client.get(url)[HIT] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 13"
        article.save()

    fresh = client.get(url)
    assert fresh[HIT] == "miss"
    assert "lần thứ 13" in body(fresh)


def test_rolled_back_edit_does_not_flush(
    client, page_cache, django_capture_on_commit_callbacks
):
    client.get("/")
    before = generation.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            SiteProfile.objects.filter(pk=1).update(site_name="x")
            profile = SiteProfile.objects.current()
            profile.save()
            raise RuntimeError("abort")
    assert generation.current_generation() == before
    assert client.get("/")[HIT] == "hit"


def test_profile_edit_changes_every_cached_page(
    client, page_cache, django_capture_on_commit_callbacks
):
    client.get("/")
    client.get("/lien-he/")
    profile = SiteProfile.objects.current()
    with django_capture_on_commit_callbacks(execute=True):
        profile.site_name = "Báo điện tử Đảng bộ tỉnh Mẫu"
        profile.save()
    for url in ("/", "/lien-he/"):
        response = client.get(url)
        assert response[HIT] == "miss"
        assert "Báo điện tử Đảng bộ tỉnh Mẫu" in body(response)


def test_vote_and_view_counts_do_not_flush_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    from polls import models as polls_models

    article = make_article()
    poll = polls_models.Poll.objects.create(question="Bạn thấy giao diện thế nào?")
    choice = polls_models.Choice.objects.create(poll=poll, text="Đẹp")
    client.get(article.get_absolute_url())
    before = generation.current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        polls_models.Vote.objects.create(
            poll=poll, choice=choice, visitor_key="a" * 64, ip_hash="b" * 64
        )
        article.view_count = 10
        article.save(update_fields=["view_count"])

    assert generation.current_generation() == before
    assert client.get(article.get_absolute_url())[HIT] == "hit"


def test_scheduled_article_appears_without_a_save(client, page_cache):
    soon = timezone.now() + timedelta(seconds=30)
    make_article(title="Bài hẹn giờ đăng", published_at=soon)
    client.get("/")
    pages = generation.page_cache()
    key = next(k for k in pages._cache if middleware.PAGE_KEY_PREFIX in k)
    entry = pages.get(key.split(":", 2)[2])
    # The stored home page expires when the scheduled article goes live.
    assert entry[1] == pytest.approx(soon.timestamp(), abs=1)


def test_admin_action_post_bumps_the_generation(
    admin_client, page_cache, django_capture_on_commit_callbacks
):
    article = make_article(status=Article.Status.DRAFT)
    before = generation.current_generation()
    admin_client.post(
        "/quan-tri/bulletins/article/",
        {"action": "delete_selected", "_selected_action": [article.pk]},
    )
    assert generation.current_generation() > before


def test_staff_login_does_not_flush_pages(client, admin_user, page_cache):
    before = generation.current_generation()
    client.post("/quan-tri/login/", {"username": "admin", "password": "password"})
    assert generation.current_generation() == before


def test_disabled_cache_stores_nothing(client, test_urls):
    test_urls.PAGE_CACHE_ENABLED = False
    client.get("/t/page/")
    assert HIT not in client.get("/t/page/")


def test_each_language_has_its_own_entry(client, page_cache):
    vietnamese = client.get("/", HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
    assert english[HIT] == "miss"
    assert english["Content-Language"] == "en"
    assert vietnamese["Content-Language"] == "vi"
    # A different header naming the same language shares the entry.
    again = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert again[HIT] == "hit"
    assert again["Content-Language"] == "vi"


def test_fragment_cache_key_follows_content_edits(
    rf, page_cache, django_capture_on_commit_callbacks
):
    from django.template import engines

    template = engines["django"].from_string(
        "{% load cache %}{% cache 600 block content_generation %}"
        "{{ profile.site_name }}{% endcache %}"
    )
    profile = SiteProfile.objects.current()

    def render():
        context = generation.content_generation(rf.get("/"))
        return template.render({**context, "profile": SiteProfile.objects.get()})

    first = render()
    SiteProfile.objects.update(site_name="Tên chưa lưu qua admin")
    assert render() == first  # kept: no edit signalled yet
    with django_capture_on_commit_callbacks(execute=True):
        profile.site_name = "Trang tin điện tử Đảng bộ"
        profile.save()
    assert render() == "Trang tin điện tử Đảng bộ"


def test_a_page_whose_expiry_cannot_be_read_is_answered_not_stored(client, page_cache):
    """The database restarting just as a page is stored (its next scheduled
    change is read from the database): the reader gets the page, never a 500,
    and nothing half-known is kept."""
    from django.db import OperationalError, connection

    from portal.pagecache import expiry

    def restarting_for_the_schedule(run, sql, params, many, context):
        # The schedule's queries (MIN of a future time) meet the restart.
        if "MIN(" in sql:
            raise OperationalError("the database system is starting up")
        return run(sql, params, many, context)

    expiry.forget_deadlines()
    with connection.execute_wrapper(restarting_for_the_schedule):
        first = client.get("/")
        assert first.status_code == 200
        assert first[HIT] == "miss"
        again = client.get("/")
        assert again.status_code == 200
        assert again[HIT] == "miss"  # nothing was stored
