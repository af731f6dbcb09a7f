"""``import_joomla --site``: one backup imported into two committees' sites gives
each its own copy (same slugs, same old addresses), and neither import touches
the other site's rows."""

import pytest
from django.core.management.base import CommandError

from bulletins.models import Article, Category, LegacyRedirect
from portal.models import Site

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_site():
    return Site.objects.create(
        name="Đảng bộ Sở KH&CN", slug="so-khcn", domain="b.example.gov.vn"
    )


def test_with_several_sites_the_site_must_be_named(import_joomla, second_site):
    with pytest.raises(CommandError, match="--site"):
        import_joomla(FIXTURES / "j25" / "vn25.sql")
    with pytest.raises(CommandError, match="Không có trang"):
        import_joomla(FIXTURES / "j25" / "vn25.sql", "--site", "khong-co")
    assert not Article.objects.exists()


def test_one_backup_into_two_sites_gives_each_its_own_rows(
    import_joomla, second_site, client, settings
):
    settings.ALLOWED_HOSTS = ["*"]
    first = Site.objects.order_by("pk").first()
    first.domain = "a.example.gov.vn"
    first.save()
    import_joomla(FIXTURES / "j25" / "vn25.sql", "--site", "chinh")
    counts = {
        model: model.objects.filter(site=first).count()
        for model in (Article, Category, LegacyRedirect)
    }
    assert all(counts.values()), counts
    import_joomla(FIXTURES / "j25" / "vn25.sql", "--site", "b.example.gov.vn")
    for model, count in counts.items():
        assert model.objects.filter(site=first).count() == count, model
        assert model.objects.filter(site=second_site).count() == count, model
    # Same slugs on both sites, each answered on its own host.
    article = Article.objects.published().filter(site=second_site).first()
    twin = Article.objects.get(site=first, slug=article.slug)
    assert twin.pk != article.pk
    for host in ("a.example.gov.vn", "b.example.gov.vn"):
        response = client.get(article.get_absolute_url(), HTTP_HOST=host)
        assert response.status_code == 200, (host, article.get_absolute_url())
    # Running again into one site changes nothing anywhere (no duplicates).
    import_joomla(FIXTURES / "j25" / "vn25.sql", "--site", "so-khcn", "--update")
    for model, count in counts.items():
        assert model.objects.filter(site=second_site).count() == count, model
        assert model.objects.filter(site=first).count() == count, model
