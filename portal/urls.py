from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from bulletins.views import editor_image_upload

from . import discovery, feeds, views
from .sitemaps import SITEMAPS

portal_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("lien-he/", views.ContactView.as_view(), name="contact"),
    path("en/", views.EnglishView.as_view(), name="english"),
    path("truy-cap-de-dang/", views.accessibility_toggle, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    # Search, feeds, sitemap, robots.txt (portal/discovery.py, feeds.py, sitemaps.py).
    path("tim-kiem/", discovery.search, name="search"),
    path("rss/", feeds.LatestNewsFeed(), name="rss"),
    path("rss/<slug:slug>/", feeds.CategoryNewsFeed(), name="rss_category"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", discovery.robots_txt, name="robots"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("quan-tri/", admin.site.urls),
    # Our own upload view first: staff only, real images only (bulletins/views.py).
    path(
        "ckeditor5/image_upload/",
        editor_image_upload,
        name="ck_editor_5_upload_file",
    ),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("binh-chon/", include("polls.urls")),
    path("thong-ke/", include("analytics.urls")),
    path("", include("bulletins.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    from django.urls import re_path

    from .security import serve_media

    # Uploads with download/sandbox headers (nginx does the same in production).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media)
    ]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
