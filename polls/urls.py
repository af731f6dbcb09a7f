from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [
    path("", views.PollArchiveView.as_view(), name="archive"),
    path("<slug:slug>/ket-qua/", views.results, name="results"),
    path("<slug:slug>/gui/", views.vote, name="vote"),
    path("<slug:slug>/trang-thai/", views.status, name="status"),
]
