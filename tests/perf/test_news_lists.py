"""The index-backed news lists show exactly what the rules say, on messy data.

Each list of the public pages (home category blocks, "Tin liên quan", "Các tin
khác", a category's pages) is checked against a plain Python statement of its rule
over random articles: drafts, scheduled articles, sub-categories, shared tags and
publication times that tie.
"""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from bulletins import selectors, views
from bulletins.models import Article, Category
from tests.factories import make_article, make_category, make_tag

pytestmark = pytest.mark.django_db


def newest(article):
    return (article.published_at, article.pk)


def _world(seed):
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    politics = make_category("Xây dựng Đảng", show_on_home=True, order=1)
    economy = make_category("Kinh tế", show_on_home=True, order=2)
    hidden = make_category("Lưu trữ", show_on_home=True, is_active=False)
    not_home = make_category("Thông báo", order=3)
    children = [
        make_category("Công tác cán bộ", parent=politics),
        make_category("Nông nghiệp", parent=economy),
        make_category("Mục con ẩn", parent=economy, is_active=False),
    ]
    categories = [politics, economy, hidden, not_home, *children]
    tags = [make_tag(f"Chủ đề {seed}-{i}") for i in range(4)]
    # Few distinct times, so that many articles share one and pk breaks the tie.
    times = [now - timedelta(hours=h) for h in range(1, 12)]
    statuses = [Article.Status.PUBLISHED] * 5 + [
        Article.Status.DRAFT,
        Article.Status.WITHDRAWN,
    ]
    for i in range(70):
        when = rng.choice(times)
        if rng.random() < 0.1:
            when = now + timedelta(hours=rng.randint(1, 48))  # scheduled
        make_article(
            f"Tin {seed}-{i}",
            category=rng.choice(categories),
            tags=rng.sample(tags, rng.randint(0, 2)),
            status=rng.choice(statuses),
            published_at=when,
        )
    return now


def _visible(now):
    return [
        a
        for a in Article.objects.select_related("category").prefetch_related("tags")
        if a.status == Article.Status.PUBLISHED and a.published_at <= now
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_home_blocks_hold_the_latest_of_each_category_and_its_children(seed):
    _world(seed)
    blocks = selectors.home_category_blocks(4)
    now = timezone.now()
    visible = _visible(now)
    expected = []
    for category in Category.objects.filter(
        is_active=True, parent__isnull=True, show_on_home=True
    ):
        own = [
            a for a in visible if category.pk in (a.category_id, a.category.parent_id)
        ]
        own.sort(key=newest, reverse=True)
        if own:
            expected.append((category.name, [a.title for a in own[:4]]))
    assert [(c.name, [a.title for a in c.home_articles]) for c in blocks] == expected


@pytest.mark.parametrize("seed", [4, 5, 6])
@pytest.mark.parametrize(
    "related_count, other_count",
    [(views.RELATED_COUNT, views.OTHER_COUNT), (2, 3), (6, 1)],
)
def test_related_and_other_news_follow_their_rules(seed, related_count, other_count):
    _world(seed)
    visible = _visible(timezone.now())
    for article in visible[::3]:
        tag_ids = {t.pk for t in article.tags.all()}
        candidates = [
            a
            for a in visible
            if a.pk != article.pk
            and (
                a.category_id == article.category_id
                or tag_ids & {t.pk for t in a.tags.all()}
            )
        ]
        candidates.sort(key=newest, reverse=True)
        expected_related = candidates[:related_count]
        related, got_newer, got_older = selectors.more_news(
            article, related_count, other_count
        )
        assert [a.pk for a in related] == [a.pk for a in expected_related]

        rest = [
            a
            for a in visible
            if a.category_id == article.category_id
            and a.pk != article.pk
            and a not in expected_related
        ]
        newer = sorted(
            (a for a in rest if a.published_at > article.published_at), key=newest
        )[:other_count]
        older = sorted(
            (a for a in rest if a.published_at <= article.published_at),
            key=newest,
            reverse=True,
        )[:other_count]
        assert [a.pk for a in got_newer] == [a.pk for a in reversed(newer)]
        assert [a.pk for a in got_older] == [a.pk for a in older]


def test_an_article_sharing_two_tags_is_listed_once_and_others_still_fill_the_list():
    cat, other = make_category("Tin tức"), make_category("Văn hóa")
    tags = [make_tag("Đại hội"), make_tag("Nhân sự")]
    article = make_article("Bài chính", category=cat, tags=tags)
    twice = make_article("Chung hai chủ đề", category=other, tags=tags)
    others = [make_article(f"Cùng mục {i}", category=cat) for i in range(6)]
    related, _newer, _older = selectors.more_news(article, 5, 5)
    assert len(related) == 5
    assert [a.pk for a in related].count(twice.pk) == 1
    assert set(related) <= {twice, *others}


@pytest.mark.parametrize("seed", [7, 8])
def test_category_pages_count_and_list_the_category_with_its_children(client, seed):
    _world(seed)
    visible = _visible(timezone.now())
    for category in Category.objects.filter(is_active=True):
        own = sorted(
            (
                a
                for a in visible
                if category.pk in (a.category_id, a.category.parent_id)
            ),
            key=newest,
            reverse=True,
        )
        response = client.get(category.get_absolute_url() + "?trang=2")
        if len(own) <= views.PAGE_SIZE:
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        page = response.context["page_obj"]
        assert page.paginator.count == len(own)
        assert [a.pk for a in page] == [
            a.pk for a in own[views.PAGE_SIZE : 2 * views.PAGE_SIZE]
        ]
