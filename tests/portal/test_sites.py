"""Many committees on one installation: which site a request is for, and that
each site's readers see only that site's content, chrome, polls and search.

The first site comes from the migration (it was the only site before); the tests
add a second one on its own host and a third under a path prefix.
"""

import pytest
from django.db import IntegrityError, transaction

from bulletins.models import Article
from portal.current_site import activate
from portal.models import MenuItem, Site, SiteProfile, WebsiteLink
from tests.factories import make_article, make_category
from tests.polls.conftest import make_poll

pytestmark = pytest.mark.django_db

A = "a.example.gov.vn"
B = "b.example.gov.vn"
PREFIX = "dang-bo/so-y-te"


@pytest.fixture
def sites(settings):
    settings.ALLOWED_HOSTS = ["*"]
    first = Site.objects.order_by("pk").first()
    first.domain = A
    first.is_default = False
    first.save()
    second = Site.objects.create(name="Đảng bộ Sở KH&CN", slug="so-khcn", domain=B)
    prefixed = Site.objects.create(
        name="Đảng bộ Sở Y tế", slug="so-y-te", path_prefix=PREFIX
    )
    return first, second, prefixed


def article_in(site, title):
    with activate(site):
        return make_article(title, category=make_category(f"Tin {site.slug}"))


def test_the_first_site_exists_and_answers_any_host(client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    assert Site.objects.count() == 1
    make_article("Tin của cổng duy nhất")
    for host in ("localhost", "bat-ky.example.vn"):
        response = client.get("/", HTTP_HOST=host)
        assert response.status_code == 200
        assert "Tin của cổng duy nhất" in response.content.decode()


def test_each_host_shows_its_own_site(client, sites):
    first, second, _prefixed = sites
    article_in(first, "Hội nghị Ban Chấp hành Đảng bộ A")
    article_in(second, "Sinh hoạt chi bộ Sở Khoa học")
    page_a = client.get("/", HTTP_HOST=A).content.decode()
    page_b = client.get("/", HTTP_HOST=B).content.decode()
    assert "Hội nghị Ban Chấp hành Đảng bộ A" in page_a
    assert "Sinh hoạt chi bộ Sở Khoa học" not in page_a
    assert "Sinh hoạt chi bộ Sở Khoa học" in page_b
    assert "Hội nghị Ban Chấp hành Đảng bộ A" not in page_b


def test_another_sites_article_category_and_feed_are_not_found(client, sites):
    first, second, _prefixed = sites
    article = article_in(second, "Tin riêng của Sở Khoa học")
    assert client.get(article.get_absolute_url(), HTTP_HOST=B).status_code == 200
    assert client.get(article.get_absolute_url(), HTTP_HOST=A).status_code == 404
    category_url = article.category.get_absolute_url()
    assert client.get(category_url, HTTP_HOST=B).status_code == 200
    assert client.get(category_url, HTTP_HOST=A).status_code == 404
    feed = client.get("/rss/", HTTP_HOST=A).content.decode()
    assert "Tin riêng của Sở Khoa học" not in feed
    assert (
        "Tin riêng của Sở Khoa học" in client.get("/rss/", HTTP_HOST=B).content.decode()
    )


def test_a_path_prefix_site_has_its_own_pages_and_addresses(client, sites):
    _first, _second, prefixed = sites
    article = article_in(prefixed, "Tin của Đảng bộ Sở Y tế")
    home = client.get(f"/{PREFIX}/", HTTP_HOST=A)
    assert home.status_code == 200
    body = home.content.decode()
    assert "Tin của Đảng bộ Sở Y tế" in body
    # Links of the site carry its prefix.
    assert f'href="/{PREFIX}/tin-tuc/{article.slug}/"' in body or (
        f'href="/{PREFIX}{article.get_absolute_url()}"' in body
    )
    detail = client.get(f"/{PREFIX}{article.get_absolute_url()}", HTTP_HOST=A)
    assert detail.status_code == 200
    # Without the prefix the article is another site's: not found.
    assert client.get(article.get_absolute_url(), HTTP_HOST=A).status_code == 404
    # /dang-bo/so-y-te without the slash is the site's home too.
    assert client.get(f"/{PREFIX}", HTTP_HOST=A, follow=True).status_code == 200


def test_an_unknown_host_or_prefix_is_a_vietnamese_404_never_another_site(
    client, sites
):
    first, second, _prefixed = sites
    article_in(first, "Tin của Đảng bộ A")
    for host, path in (("la.example.vn", "/"), ("la.example.vn", "/tin-tuc/")):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 404
        body = response.content.decode()
        assert "Không tìm thấy trang" in body
        assert "Tin của Đảng bộ A" not in body
        assert first.name not in body and second.name not in body
    # A path no site claims on a known host is that site's own 404.
    assert client.get("/dang-bo/khong-co/", HTTP_HOST=A).status_code == 404


def test_the_default_site_answers_unknown_hosts(client, sites):
    first, _second, _prefixed = sites
    first.is_default = True
    first.save()
    article_in(first, "Tin của Đảng bộ A")
    response = client.get("/", HTTP_HOST="la.example.vn")
    assert response.status_code == 200
    assert "Tin của Đảng bộ A" in response.content.decode()


def test_only_one_site_may_answer_unknown_addresses(sites):
    _first, second, prefixed = sites
    second.is_default = True
    second.save()
    prefixed.is_default = True
    with pytest.raises(IntegrityError), transaction.atomic():
        prefixed.save()


def test_slugs_are_unique_per_site_not_across_sites(sites):
    first, second, _prefixed = sites
    one = article_in(first, "Hội nghị sơ kết")
    other = article_in(second, "Hội nghị sơ kết")
    assert one.slug == other.slug == "hoi-nghi-so-ket"
    again = article_in(first, "Hội nghị sơ kết")
    assert again.slug == "hoi-nghi-so-ket-2"
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=again.pk).update(slug=one.slug)


def test_profile_menu_and_links_are_each_sites_own(client, sites):
    first, second, _prefixed = sites
    SiteProfile.objects.update_or_create(
        site=second, defaults={"site_name": "Cổng thông tin Đảng bộ Sở KH&CN"}
    )
    MenuItem.objects.create(site=second, title="Giới thiệu Sở", url="/gioi-thieu/")
    WebsiteLink.objects.create(site=second, title="Bộ KH&CN", url="https://most.gov.vn")
    page_a = client.get("/", HTTP_HOST=A).content.decode()
    page_b = client.get("/", HTTP_HOST=B).content.decode()
    assert "Cổng thông tin Đảng bộ Sở KH&amp;CN" in page_b
    assert "Cổng thông tin Đảng bộ Sở KH&amp;CN" not in page_a
    assert "Giới thiệu Sở" in page_b and "Giới thiệu Sở" not in page_a
    assert "most.gov.vn" in page_b and "most.gov.vn" not in page_a


def test_polls_are_each_sites_own(client, sites):
    first, second, _prefixed = sites
    with activate(second):
        poll = make_poll("Ý kiến về cải cách hành chính của Sở?")
    assert poll.site == second
    assert "cải cách hành chính" in client.get("/", HTTP_HOST=B).content.decode()
    assert "cải cách hành chính" not in client.get("/", HTTP_HOST=A).content.decode()
    results = f"/binh-chon/{poll.slug}/ket-qua/"
    assert client.get(results, HTTP_HOST=B).status_code == 200
    assert client.get(results, HTTP_HOST=A).status_code == 404


def test_search_finds_only_the_sites_own_content(client, sites):
    first, second, _prefixed = sites
    article_in(first, "Chuyển đổi số ở Đảng bộ A")
    article_in(second, "Chuyển đổi số ở Sở Khoa học")
    found_a = client.get("/tim-kiem/", {"q": "chuyen doi so"}, HTTP_HOST=A)
    found_b = client.get("/tim-kiem/", {"q": "chuyen doi so"}, HTTP_HOST=B)
    assert "/chuyen-doi-so-o-dang-bo-a/" in found_a.content.decode()
    assert "/chuyen-doi-so-o-so-khoa-hoc/" not in found_a.content.decode()
    assert "/chuyen-doi-so-o-so-khoa-hoc/" in found_b.content.decode()
    assert "/chuyen-doi-so-o-dang-bo-a/" not in found_b.content.decode()


def test_one_sites_edit_leaves_the_other_sites_pages_cached(
    client, sites, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    first, second, _prefixed = sites
    for host in (A, B):
        assert client.get("/", HTTP_HOST=host)["X-Page-Cache"] == "miss"
        assert client.get("/", HTTP_HOST=host)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        article_in(second, "Tin mới của Sở Khoa học")
    assert client.get("/", HTTP_HOST=A)["X-Page-Cache"] == "hit"
    fresh = client.get("/", HTTP_HOST=B)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Tin mới của Sở Khoa học" in fresh.content.decode()


def test_the_admin_answers_on_every_host(client, sites):
    for host in (A, B, "la.example.vn"):
        response = client.get("/quan-tri/login/", HTTP_HOST=host)
        assert response.status_code == 200


def test_search_of_every_site_links_each_result_on_its_own_site(client, sites):
    first, second, prefixed = sites
    article_in(first, "Chuyển đổi số ở Đảng bộ A")
    article_in(second, "Chuyển đổi số ở Sở Khoa học")
    article_in(prefixed, "Chuyển đổi số ở Sở Y tế")
    page = client.get(
        "/tim-kiem/", {"q": "chuyen doi so", "tat-ca": "1"}, HTTP_HOST=A
    ).content.decode()
    assert 'href="/tin-tuc/chuyen-doi-so-o-dang-bo-a/"' in page
    assert f'href="//{B}/tin-tuc/chuyen-doi-so-o-so-khoa-hoc/"' in page
    assert f'href="/{PREFIX}/tin-tuc/chuyen-doi-so-o-so-y-te/"' in page
    assert second.name.replace("&", "&amp;") in page
    # Without the option, only the site's own.
    own = client.get("/tim-kiem/", {"q": "chuyen doi so"}, HTTP_HOST=A).content
    assert b"so-khoa-hoc" not in own and b"so-y-te/tin-tuc" not in own
