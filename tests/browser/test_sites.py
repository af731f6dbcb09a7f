"""Two committees side by side on one installation: the demo site at the root and a
second committee under /dang-bo/so-y-te/, each with its own header, news and links,
in two windows at once."""

import pytest

from .support import DESKTOP, assert_accessible

pytestmark = pytest.mark.browser

PREFIX = "/dang-bo/so-y-te"


@pytest.fixture
def second_site():
    from analytics.models import DailyStat, Visitor
    from bulletins.models import Article, Category
    from portal.current_site import activate
    from portal.models import Site, SiteProfile

    site = Site.objects.create(
        name="Đảng bộ Sở Y tế",
        slug="so-y-te",
        path_prefix=PREFIX.strip("/"),
    )
    with activate(site):
        SiteProfile.objects.create(
            site=site,
            site_name="Đảng bộ Sở Y tế",
            managing_agency="Đảng ủy Sở Y tế",
            editor_in_chief="Nguyễn Văn Bình",
        )
        category = Category.objects.create(name="Hoạt động chi bộ", show_on_home=True)
        article = Article.objects.create(
            title="Chi bộ Khoa Khám bệnh sinh hoạt chuyên đề",
            lead="Chi bộ sinh hoạt chuyên đề về chuyển đổi số.",
            body="<p>Nội dung buổi sinh hoạt chuyên đề.</p>",
            category=category,
            status=Article.Status.PUBLISHED,
        )
    yield site, article
    article.delete()
    category.delete()
    SiteProfile.objects.filter(site=site).delete()
    # The readers of the test were counted on the second site.
    DailyStat.objects.filter(site=site).delete()
    Visitor.objects.filter(site=site).delete()
    site.delete()


def test_two_committees_side_by_side(new_context, server, second_site):
    site, article = second_site
    first = new_context(DESKTOP).new_page()
    second = new_context(DESKTOP).new_page()
    first.goto("/")
    second.goto(f"{PREFIX}/")

    # (The header shows the name in capitals.)
    assert "SỞ Y TẾ" in second.locator("header").inner_text().upper()
    assert "SỞ Y TẾ" not in first.locator("header").inner_text().upper()
    assert second.get_by_role("link", name=article.title).first.is_visible()
    assert first.get_by_role("link", name=article.title).count() == 0
    assert "Nguyễn Văn Bình" in second.locator("footer").inner_text()

    # The second site's links stay under its prefix.
    second.get_by_role("link", name=article.title).first.click()
    second.wait_for_url(f"**{PREFIX}/tin-tuc/{article.slug}/")
    assert second.get_by_role("heading", level=1).inner_text() == article.title
    # Its header's home link is the site's own home.
    assert second.locator(f'header a[href="{PREFIX}/"]').count() >= 1
    second.goto(f"{PREFIX}/")
    assert_accessible(second, "second committee's home")

    # Its article is not the first site's.
    response = first.goto(f"/tin-tuc/{article.slug}/")
    assert response.status == 404
