"""RSS 2.0 feeds: ``/rss/`` (all news) and ``/rss/<category-slug>/``."""

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from portal.models import SiteProfile

from .models import Article, Category

FEED_ITEMS = 20


class VietnameseRssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class LatestNewsFeed(Feed):
    """The newest published articles of the whole site."""

    feed_type = VietnameseRssFeed
    language = "vi"

    def _profile(self):
        return SiteProfile.objects.current()

    def title(self, obj=None):
        return self._profile().site_name

    def description(self, obj=None):
        profile = self._profile()
        return profile.tagline or f"Tin tức mới nhất của {profile.site_name}"

    def link(self, obj=None):
        return reverse("portal:home")

    def feed_url(self, obj=None):
        return reverse("bulletins:rss")

    def articles(self, obj=None):
        return Article.objects.published().for_list()

    def items(self, obj=None):
        return self.articles(obj).order_by("-published_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead or item.title

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        # In GMT+7, so the feed shows "+0700" as readers expect.
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(max(item.updated_at, item.published_at))

    def item_categories(self, item):
        return [item.category.name]


class CategoryNewsFeed(LatestNewsFeed):
    """The newest published articles of one category and its sub-categories."""

    def get_object(self, request, slug):
        return Category.objects.active().for_site().get(slug=slug)

    def title(self, obj=None):
        return f"{obj.name} — {self._profile().site_name}"

    def description(self, obj=None):
        return obj.description or f"Tin tức chuyên mục {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("bulletins:rss_category", kwargs={"slug": obj.slug})

    def articles(self, obj=None):
        return super().articles(obj).filter(Q(category=obj) | Q(category__parent=obj))
