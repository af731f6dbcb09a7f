"""The home page lists each article once; the "Chuyên mục" block lists the
categories; the blocks leave no card alone on a row."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from bulletins import selectors
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def linked_articles(html):
    return re.findall(r'href="(/tin-tuc/[^/"]+/)"', html)


def test_an_article_appears_once_on_the_home_page(client):
    news = make_category("Tin tức", show_on_home=True, order=1)
    party = make_category("Xây dựng Đảng", show_on_home=True, order=2)
    for n in range(14):
        make_article(f"Tin {n}", category=[news, party][n % 2], is_featured=n < 3)
    html = client.get("/").content.decode()
    counts = Counter(linked_articles(html))
    assert counts, "the home page lists articles"
    # An article has two links where it is listed with its photo (the photo and
    # the title); it is listed in one place only.
    repeated = {url: n for url, n in counts.items() if n > 2}
    assert repeated == {}
    news_data = selectors.home_news()
    shown = (
        news_data["featured"]
        + news_data["latest"]
        + [a for c in news_data["categories"] for a in c.home_articles]
    )
    assert len(shown) == len({a.pk for a in shown}) == 14


def test_featured_then_latest_then_the_rest_by_category(client):
    news = make_category("Tin tức", show_on_home=True)
    articles = [make_article(f"Tin {n}", category=news) for n in range(12)]
    articles[5].is_featured = True
    articles[5].save()
    data = selectors.home_news(featured=4, latest=6, per_category=4)
    assert [a.pk for a in data["featured"]] == [articles[5].pk]
    latest = [a for a in articles if a.pk != articles[5].pk][:6]
    assert [a.pk for a in data["latest"]] == [a.pk for a in latest]
    (block,) = data["categories"]
    listed = {a.pk for a in data["featured"] + data["latest"]}
    assert [a.pk for a in block.home_articles] == [
        a.pk for a in articles if a.pk not in listed
    ][:4]


def test_the_home_page_blocks_are_lead_and_list_not_card_grids(client):
    news = make_category("Tin tức", show_on_home=True)
    for n in range(16):
        make_article(f"Tin {n}", category=news, is_featured=n < 4)
    html = client.get("/").content.decode()
    assert "news-grid" not in html
    assert html.count('class="featured__lead"') == 1
    assert html.count('class="category-block__lead"') == 1
    # Category blocks come after the sidebar: on a phone the poll comes first.
    assert html.index('class="sidebar"') < html.index('class="home-more"')
    assert html.index("Tin nổi bật") < html.index('class="sidebar"')


def test_the_categories_block_lists_shown_categories_under_their_parent(client):
    top = make_category("Tin tức", order=1)
    make_category("Hoạt động Đảng bộ", parent=top)
    make_category("Lưu trữ", is_active=False)
    make_category("Con của mục ẩn", parent=make_category("Ẩn", is_active=False))
    html = client.get(reverse("bulletins:article_list")).content.decode()
    block = html[html.index('id="chuyen-muc"') :]
    block = block[: block.index("</nav>")]
    assert "Tin tức" in block and "Hoạt động Đảng bộ" in block
    assert "Lưu trữ" not in block and "Con của mục ẩn" not in block
    assert block.index("Tin tức") < block.index("Hoạt động Đảng bộ")
