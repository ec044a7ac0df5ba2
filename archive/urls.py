"""The site's URLs: the archive's public pages and the editors' admin."""

from django.contrib import admin
from django.urls import path

from archive import views

admin.site.site_header = "Vietnam investment archive — editors"
admin.site.site_title = "Archive editors"
admin.site.index_title = "Correct articles and their entities"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search.json", views.search_json, name="search-json"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("countries/<slug:slug>/", views.country_detail, name="country"),
    path("localities/<slug:slug>/", views.locality_detail, name="locality"),
    path("officials/<slug:slug>/", views.official_detail, name="official"),
    path("admin/", admin.site.urls),
]
