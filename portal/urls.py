"""The root URLconf: portal's own pages, then each app's URLs (the one place in
portal that names the apps above it)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from . import editor_media, registry, views
from .security import serve_media

portal_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("lien-he/", views.ContactView.as_view(), name="contact"),
    path("en/", views.EnglishView.as_view(), name="english"),
    path("truy-cap-de-dang/", views.accessibility_toggle, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    # The sitemap index and its sections (portal/sitemaps.py, the apps' sitemaps).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": registry.sitemaps, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": registry.sitemaps},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]

# Editor images and their renditions: private until a published page shows them
# (portal/editor_media.py); nginx hands these addresses to the site.
_media = settings.MEDIA_URL.lstrip("/")
editor_image_pattern = re_path(
    rf"^{_media}(?:renditions/(?P<spec>[a-z0-9-]+)/)?"
    rf"{editor_media.EDITOR_FOLDER}/(?P<path>.+)$",
    editor_media.editor_image,
    name="editor_image",
)

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    editor_image_pattern,
    path(settings.ADMIN_PATH, admin.site.urls),
    # Our own upload view first: staff only, real images only (portal/views.py).
    path(
        "ckeditor5/image_upload/",
        views.editor_image_upload,
        name="ck_editor_5_upload_file",
    ),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("binh-chon/", include("polls.urls")),
    path("thong-ke/", include("analytics.urls")),
    path("", include("search.urls")),
    path("", include("congress.urls")),
    path("", include("bulletins.urls")),
]

if settings.SERVE_MEDIA:
    # Uploads with the sandbox headers (nginx, when in front, serves them itself).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media)
    ]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
