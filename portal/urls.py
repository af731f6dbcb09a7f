from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

portal_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("lien-he/", views.ContactView.as_view(), name="contact"),
    path("en/", views.EnglishView.as_view(), name="english"),
    path("truy-cap-de-dang/", views.accessibility_toggle, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("quan-tri/", admin.site.urls),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("binh-chon/", include("polls.urls")),
    path("thong-ke/", include("analytics.urls")),
    path("", include("bulletins.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
