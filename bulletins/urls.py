from django.urls import path

from . import feeds, views

app_name = "bulletins"

urlpatterns = [
    path("tin-tuc/", views.ArticleListView.as_view(), name="article_list"),
    path("tin-tuc/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path(
        "tin-tuc/<slug:slug>/xem-truoc/",
        views.ArticleDetailView.as_view(preview=True),
        name="article_preview",
    ),
    # The children committees' news on a parent committee's site.
    path("tin-tu-co-so/", views.GrassrootsView.as_view(), name="grassroots"),
    path("chuyen-muc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("trang/<slug:slug>/", views.PageDetailView.as_view(), name="page"),
    # RSS 2.0: all news, and per category (bulletins/feeds.py).
    path("rss/", feeds.LatestNewsFeed(), name="rss"),
    path("rss/<slug:slug>/", feeds.CategoryNewsFeed(), name="rss_category"),
    # Old Joomla addresses have no pattern: a 404 of the site is looked up by
    # bulletins.legacy.LegacyRedirectMiddleware, so they never shadow a page.
]
