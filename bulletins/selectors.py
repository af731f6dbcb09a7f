"""Reads of the public news pages, shaped so that every one is an index seek.

Each list here is "the latest n of something" or "the n nearest in time to an
article". Written as ``ORDER BY published_at LIMIT n`` over the indexes
(status, published_at) and (category, status, published_at), each costs the same
with 1,000 or 1,000,000 articles; a window function or a DISTINCT over a whole
category would read and sort every row of it.

Several such slices are combined in one query: their ids are collected with
``UNION ALL`` in a subquery, and the outer query loads the rows (with their
category) by primary key. Django cannot slice the parts of ``union()`` on SQLite,
so the subquery is assembled from the parts' own compiled SQL.
"""

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from portal.current_site import get_current_site

from .models import Article, Category
from .models.curation import active_pin

NEWEST = ("-published_at", "-pk")
# Where unpinned featured articles stand in "Tin nổi bật": after every pin.
PAST_PINS = 2**31 - 1
OLDEST = ("published_at", "pk")
# What a link list ("Tin liên quan", "Các tin khác") shows: title, address, date.
LINK_FIELDS = ("pk", "title", "slug", "published_at")


def ids_of_slices(querysets):
    """A subquery: the primary keys of several sliced querysets, ``UNION ALL``.

    Each part keeps its own ``ORDER BY ... LIMIT``, so the database runs each as a
    short index scan. Use as ``filter(pk__in=ids_of_slices([...]))``.
    """
    if not querysets:
        raise ValueError("ids_of_slices() needs at least one queryset")
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.values("pk").query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) part{number}")
        params.extend(part_params)
    return RawSQL(" UNION ALL ".join(parts), params)


def home_news(*, featured=4, latest=6, per_category=4):
    """Everything the home page lists, each article once.

    "Tin nổi bật" (the articles pinned to it, in their order, then the latest
    featured articles), then "Tin mới nhất" (the latest articles not shown
    above), then the category blocks (the latest of each category not listed
    above). Four queries in all, with 10 or 100,000 articles.
    """
    now = timezone.now()
    published = Article.objects.published(now).for_list()
    pinned = active_pin(now)
    featured_rows = list(
        published.filter(Q(is_featured=True) | pinned)
        .annotate(
            pin_place=Case(
                When(pinned, then=F("home_pin__order")),
                default=Value(PAST_PINS),
                output_field=IntegerField(),
            )
        )
        .order_by("pin_place", *NEWEST)[:featured]
    )
    shown = [article.pk for article in featured_rows]
    latest_rows = list(published.exclude(pk__in=shown)[:latest])
    shown += [article.pk for article in latest_rows]
    return {
        "featured": featured_rows,
        "latest": latest_rows,
        "categories": home_category_blocks(per_category, exclude=shown),
    }


def has_grassroots():
    """Does the current site have "Tin từ cơ sở": an active child committee's
    site whose news it shows?"""
    site = get_current_site()
    return site is not None and site.children.filter(is_active=True).exists()


def grassroots_articles(site, now=None):
    """Published articles of ``site``'s children committees, newest first (their
    rows, not copies; ``published()`` is the current site's only, so the rule is
    applied here to the children's rows). A child whose site is closed (not
    active) is left out: its pages are not served."""
    now = now or timezone.now()
    return (
        Article.objects.filter(
            Article.publication.q(now), site__parent=site, site__is_active=True
        )
        .select_related("site", "category")
        .defer("body", "search_text")
        .order_by(*NEWEST)
    )


def home_category_blocks(per_category, exclude=()):
    """The main categories shown on the home page, each with ``home_articles``.

    A block holds the latest articles of the category and of its sub-categories,
    leaving out the articles in ``exclude`` (already on the page). Two queries in
    all: the categories (main ones and their children together), then one query
    with a latest-n slice per category.
    """
    rows = list(
        Category.objects.for_site()
        .filter(
            Q(is_active=True, parent__isnull=True, show_on_home=True)
            | Q(
                parent__is_active=True,
                parent__parent__isnull=True,
                parent__show_on_home=True,
            )
        )
        .only("pk", "name", "slug", "parent_id", "order")
    )
    categories = [c for c in rows if c.parent_id is None]
    if not categories:
        return []
    top_of = {c.pk: (c.parent_id or c.pk) for c in rows}
    published = Article.objects.published()
    if exclude:
        published = published.exclude(pk__in=list(exclude))
    slices = [
        published.filter(category_id=pk).order_by(*NEWEST)[:per_category]
        for pk in top_of
    ]
    by_top = {c.pk: [] for c in categories}
    articles = (
        # The blocks show no category name: no join, no category objects.
        Article.objects.defer("body", "search_text")
        .filter(pk__in=ids_of_slices(slices))
        .order_by(*NEWEST)
    )
    for article in articles:
        block = by_top[top_of[article.category_id]]
        if len(block) < per_category:
            block.append(article)
    for category in categories:
        category.home_articles = by_top[category.pk]
    return [c for c in categories if c.home_articles]


def more_news(article, related_count, other_count):
    """("Tin liên quan", newer, older) of an article, in one query.

    - "Tin liên quan": the latest ``related_count`` published articles of the
      same category or sharing a tag with it.
    - "Các tin khác": up to ``other_count`` articles of the category on each side
      of it in time (the nearest newer ones, the nearest older ones), leaving out
      those already related; both lists newest first.

    Four index seeks in one ``UNION ALL``: the category's latest, the latest
    sharing a tag, and the nearest on each side of the article's time, each side
    reaching ``related_count`` further than it shows, since the related list may
    take that many from it. The three lists are drawn from those rows.
    """
    others = Article.objects.published().exclude(pk=article.pk)
    same_category = others.filter(category_id=article.category_id)
    links = Article.tags.through.objects
    own_tags = links.filter(article_id=article.pk).values("tag_id")
    sharing_a_tag = others.filter(
        pk__in=links.filter(tag_id__in=own_tags).values("article_id")
    )
    moment = article.published_at
    reach = other_count + related_count
    slices = [
        same_category.order_by(*NEWEST)[:related_count],
        sharing_a_tag.order_by(*NEWEST)[:related_count],
        same_category.filter(published_at__gt=moment).order_by(*OLDEST)[:reach],
        same_category.filter(published_at__lte=moment).order_by(*NEWEST)[:reach],
    ]
    rows = list(
        Article.objects.only(*LINK_FIELDS, "category_id")
        .filter(pk__in=ids_of_slices(slices))
        .order_by(*NEWEST)
    )
    # Every row fetched is in the category or shares a tag, and the newest of
    # both kinds are among them.
    related = rows[:related_count]
    listed = {row.pk for row in related}
    rest = [
        row
        for row in rows
        if row.category_id == article.category_id and row.pk not in listed
    ]
    newer = [row for row in rest if row.published_at > moment]
    older = [row for row in rest if row.published_at <= moment]
    # Newest first: the nearest newer ones are the last of theirs.
    return related, newer[-other_count:] if other_count else [], older[:other_count]


def category_articles(category):
    """Published articles of a category and its sub-categories, newest first.

    A category without sub-categories (``has_children`` annotated False) is one
    ``category_id = x``: any page is a walk down the (category, status,
    published_at) index. Otherwise the family is a subquery
    (``category_id IN (...)``) rather than a join, so the paginator's COUNT is an
    index-only scan.
    """
    published = Article.objects.published().for_list()
    if not getattr(category, "has_children", True):
        return published.filter(category_id=category.pk)
    family = Category.objects.filter(Q(pk=category.pk) | Q(parent_id=category.pk))
    return published.filter(category_id__in=family.values("pk"))
