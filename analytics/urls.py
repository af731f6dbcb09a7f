from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("so-lieu.json", views.counter_numbers, name="numbers"),
    path("xem.gif", views.page_view, name="view"),
]
