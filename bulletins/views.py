"""Public pages of the news: list, category, article, static pages, staff preview."""

from datetime import datetime
from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.generic import DetailView, ListView

from portal import embeds, registry
from portal.pagecache.fragments import kept_in_process
from portal.paging import PagedListMixin

from . import selectors, services
from .models import Article, Category, Page, SlugRedirect

PAGE_SIZE = 15
RELATED_COUNT = 5
OTHER_COUNT = 5


class PublishedArticleMixin(PagedListMixin):
    """Pins every public listing to ``Article.objects.published()``."""

    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_list()


class ArticleListView(PublishedArticleMixin, ListView):
    template_name = "bulletins/article_list.html"
    context_object_name = "articles"


class GrassrootsView(PagedListMixin, ListView):
    """ "Tin từ cơ sở": the children committees' published news, each linking to
    the article on its own site; those proposed to this committee marked."""

    template_name = "bulletins/grassroots.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        site = getattr(self.request, "site", None)
        if site is None:
            return Article.objects.none()
        return selectors.grassroots_articles(site)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for article in context["articles"]:
            article.site_url = article.site.url_for(article.get_absolute_url())
        return context


class CategoryView(PublishedArticleMixin, ListView):
    template_name = "bulletins/category_detail.html"
    context_object_name = "articles"

    @cached_property
    def category(self):
        children = Category.objects.filter(parent=OuterRef("pk"))
        return get_object_or_404(
            Category.objects.active()
            .for_site()
            .select_related("parent")
            .annotate(has_children=Exists(children)),
            slug=self.kwargs["slug"],
        )

    def get_queryset(self):
        return selectors.category_articles(self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "bulletins/article_detail.html"
    context_object_name = "article"
    preview = False

    def is_preview(self):
        """Staff asking for a preview; what they may see is ``can_preview``'s call."""
        user = self.request.user
        allowed = user.is_authenticated and user.is_staff
        return allowed and (self.preview or "preview" in self.request.GET)

    def get_queryset(self):
        qs = Article.objects.for_site().select_related("category__parent")
        return qs if self.is_preview() else qs.published()

    def get_object(self, queryset=None):
        if queryset is None and not self.is_preview():
            # A reader's page: the published row is kept in memory under the
            # content generation (an edit, a withdrawal or the next scheduled
            # publication makes it stale), like the page's fragments.
            return kept_in_process(
                self.request,
                "article-row",
                (self.kwargs[self.slug_url_kwarg],),
                lambda: super(ArticleDetailView, self).get_object(),
            )
        article = super().get_object(queryset)
        if not article.is_published() and not services.can_preview(
            self.request.user, article
        ):
            raise Http404("not this user's to preview")
        return article

    def get(self, request, *args, **kwargs):
        if self.preview and not self.is_preview():
            raise Http404("preview is for staff")
        try:
            self.object = self.get_object()
        except Http404:
            redirect = (
                SlugRedirect.objects.for_site()
                .filter(old_slug=kwargs["slug"])
                .select_related("article")
                .first()
            )
            if redirect is None or not (
                redirect.article.is_published()
                or (
                    self.is_preview()
                    and services.can_preview(request.user, redirect.article)
                )
            ):
                raise
            target = redirect.article
            # Staff previewing an unpublished article stay in preview at its new slug.
            return HttpResponsePermanentRedirect(
                target.get_absolute_url()
                if target.is_published()
                else target.get_preview_url()
            )
        context = self.get_context_data(object=self.object)
        response = self.render_to_response(context)
        # Its views add to this article's count (``registry.view_counter``).
        registry.counts_toward(response, self.object.pk)
        embeds.allow_video_frames_for(response, self.object.body)
        if self.is_preview():
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        # Read only when the "more news" fragment is rendered (a miss after an
        # edit), not when it is kept (portal.pagecache.fragments).
        more = SimpleLazyObject(lambda: _more_news(article))
        return super().get_context_data(
            related=SimpleLazyObject(lambda: more["related"]),
            newer=SimpleLazyObject(lambda: more["newer"]),
            older=SimpleLazyObject(lambda: more["older"]),
            # Read only when the article's own part is rendered, not when kept.
            photos=SimpleLazyObject(lambda: list(article.photos.all())),
            preview=self.is_preview(),
            **kwargs,
        )


class NewsLink(NamedTuple):
    """One line of an article's "more news" lists."""

    pk: int
    title: str
    url: str
    published_at: datetime


def _link(item):
    return NewsLink(item.pk, item.title, item.get_absolute_url(), item.published_at)


def _more_news(article):
    """ "Tin liên quan" and "Các tin khác" of an article, as plain links."""
    related, newer, older = selectors.more_news(article, RELATED_COUNT, OTHER_COUNT)
    return {
        "related": [_link(item) for item in related],
        "newer": [_link(item) for item in newer],
        "older": [_link(item) for item in older],
    }


class PageDetailView(DetailView):
    """A static page; staff may preview one that is not published yet."""

    template_name = "bulletins/page_detail.html"
    context_object_name = "page"

    def is_preview(self):
        # Those who keep the pages (editors and the head of the board).
        user = self.request.user
        allowed = user.is_active and user.has_perm("bulletins.change_page")
        return allowed and "preview" in self.request.GET

    def get_queryset(self):
        pages = Page.objects.for_site().select_related("parent")
        return pages if self.is_preview() else pages.published()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        embeds.allow_video_frames_for(response, self.object.body)
        if self.is_preview():
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        children = self.object.children.published().order_by("order", "title")
        return super().get_context_data(
            children=list(children.only("pk", "title", "slug")),
            preview=self.is_preview(),
            **kwargs,
        )
