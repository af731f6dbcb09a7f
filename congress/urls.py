"""URLs of the congress section and the document register."""

from django.urls import path

from . import views

app_name = "congress"

urlpatterns = [
    path("dai-hoi/", views.congress_list, name="list"),
    path("dai-hoi/<slug:slug>/", views.congress_detail, name="detail"),
    path("dai-hoi/<slug:slug>/tin-tuc/", views.congress_news, name="news"),
    path(
        "dai-hoi/<slug:slug>/tu-lieu/",
        views.congress_documents,
        name="documents",
    ),
    path("dai-hoi/<slug:slug>/nhan-su/", views.congress_people, name="people"),
    path(
        "dai-hoi/<slug:slug>/phong-su-anh/",
        views.congress_photo_reports,
        name="photo_reports",
    ),
    path(
        "dai-hoi/<slug:slug>/phong-su-anh/<slug:report>/",
        views.congress_photo_report,
        name="photo_report",
    ),
    path("dai-hoi/<slug:slug>/video/", views.congress_video, name="video"),
    path("dai-hoi/<slug:slug>/audio/", views.congress_audio, name="audio"),
    path(
        "dai-hoi/<slug:slug>/y-kien-dong-gop/",
        views.congress_feedback,
        name="feedback",
    ),
    path("van-ban/", views.document_list, name="document_list"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document_detail"),
    path(
        "van-ban/<slug:slug>/gop-y/", views.document_feedback, name="document_feedback"
    ),
    path(
        "van-ban/<slug:slug>/gop-y/da-gui/",
        views.document_feedback_sent,
        name="document_feedback_sent",
    ),
]
