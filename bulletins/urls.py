from django.urls import include, path  # noqa: F401

from . import congress_urls  # noqa: F401

app_name = "bulletins"

# Article and category URLs go here; congress URLs live in congress_urls.py.
urlpatterns = [
    *congress_urls.urlpatterns,
]
