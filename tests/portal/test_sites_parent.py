"""A parent committee's site shows its children's published news ("Tin từ cơ
sở") from their own rows, linking to each article on its own site; an article a
child proposes is marked; a child's edit refreshes the parent's cached page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bulletins.models import Article
from portal.current_site import activate
from portal.models import Site
from tests.factories import make_article, make_category
from tests.portal.test_sitemap import all_locations

pytestmark = pytest.mark.django_db

PARENT = "dangbo-khoi.example.gov.vn"
CHILD = "dangbo-skhcn.example.gov.vn"


@pytest.fixture
def family(settings):
    settings.ALLOWED_HOSTS = ["*"]
    parent = Site.objects.order_by("pk").first()
    parent.domain = PARENT
    parent.save()
    child = Site.objects.create(
        name="Đảng bộ Sở KH&CN", slug="so-khcn", domain=CHILD, parent=parent
    )
    prefixed = Site.objects.create(
        name="Đảng bộ Sở Y tế", slug="so-y-te", path_prefix="so-y-te", parent=parent
    )
    stranger = Site.objects.create(name="Đảng bộ khác", slug="khac", domain="x.vn")
    return parent, child, prefixed, stranger


def article_in(site, title, **kwargs):
    with activate(site):
        return make_article(title, category=make_category(), **kwargs)


def test_the_parent_lists_its_childrens_published_news(client, family):
    parent, child, prefixed, stranger = family
    article = article_in(child, "Sở KH&CN tổng kết năm", proposed_to_parent=True)
    article_in(prefixed, "Sở Y tế khám bệnh miễn phí")
    article_in(child, "Bản nháp của Sở", status=Article.Status.DRAFT)
    article_in(
        child, "Tin hẹn giờ của Sở", published_at=timezone.now() + timedelta(days=1)
    )
    article_in(stranger, "Tin của đảng bộ khác")
    article_in(parent, "Tin của chính Đảng bộ Khối")
    before = Article.objects.count()

    page = client.get("/tin-tu-co-so/", HTTP_HOST=PARENT)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sở KH&amp;CN tổng kết năm" in body
    assert "Sở Y tế khám bệnh miễn phí" in body
    for hidden in ("Bản nháp", "Tin hẹn giờ", "đảng bộ khác", "chính Đảng bộ Khối"):
        assert hidden not in body, hidden
    # Links lead to each article on its own site; the proposed one is marked.
    assert f'href="//{CHILD}/tin-tuc/{article.slug}/"' in body
    assert 'href="/so-y-te/tin-tuc/so-y-te-kham-benh-mien-phi/"' in body
    assert "Cơ sở đề xuất" in body
    assert Article.objects.count() == before  # nothing copied

    # A child's own "Tin từ cơ sở" is empty: it has no children.
    assert (
        "Sở Y tế khám"
        not in client.get("/tin-tu-co-so/", HTTP_HOST=CHILD).content.decode()
    )


def test_a_childs_new_article_refreshes_the_parents_cached_page(
    client, family, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    parent, child, _prefixed, stranger = family
    for host in (PARENT, "x.vn"):
        client.get("/tin-tu-co-so/", HTTP_HOST=host)
        assert client.get("/tin-tu-co-so/", HTTP_HOST=host)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        article_in(child, "Tin mới từ Sở KH&CN")
    fresh = client.get("/tin-tu-co-so/", HTTP_HOST=PARENT)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Tin mới từ Sở KH&amp;CN" in fresh.content.decode()
    # An unrelated committee's page stays cached.
    assert client.get("/tin-tu-co-so/", HTTP_HOST="x.vn")["X-Page-Cache"] == "hit"


def test_only_a_parents_sitemap_lists_its_grassroots_page(client, family):
    parent, child, prefixed, stranger = family

    def listed(host):
        client.defaults["HTTP_HOST"] = host
        locations = all_locations(client, host=f"http://{host}")
        return f"http://{host}/tin-tu-co-so/" in locations

    assert listed(PARENT)
    assert not listed(CHILD)
    assert not listed("x.vn")
    # Once its children are closed, the parent has no such page to list.
    Site.objects.filter(parent=parent).update(is_active=False)
    assert not listed(PARENT)


def test_a_closed_childs_news_leaves_the_parents_page_at_once(
    client, family, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    parent, child, prefixed, _stranger = family
    article_in(child, "Sở KH&CN tổng kết năm")
    article_in(prefixed, "Sở Y tế khám bệnh miễn phí")
    client.get("/tin-tu-co-so/", HTTP_HOST=PARENT)
    assert client.get("/tin-tu-co-so/", HTTP_HOST=PARENT)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        child.is_active = False
        child.save()

    page = client.get("/tin-tu-co-so/", HTTP_HOST=PARENT)
    assert page["X-Page-Cache"] == "miss"
    body = page.content.decode()
    # The closed site's pages are not served: no link may lead there.
    assert "Sở KH&amp;CN tổng kết năm" not in body
    assert "Sở Y tế khám bệnh miễn phí" in body
