"""The site's URLs: the archive's public pages, downloads, feeds and the editors' admin."""

from django.contrib import admin
from django.urls import path, register_converter
from django.views.decorators.cache import never_cache

from archive.web import browse, downloads, feeds, search

admin.site.site_header = "Vietnam investment archive — editors"
admin.site.site_title = "Archive editors"
admin.site.index_title = "Correct articles and their entities"


class ExportFormat:
    """``csv`` or ``jsonl``: the download formats of every listing and search."""

    regex = "csv|jsonl"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "fmt")


def _entity_urls(kind: str, prefix: str, detail, index, feed) -> list:
    return [
        path(f"{prefix}/", index, name=f"{kind}-index"),
        path(f"{prefix}/<slug:slug>/", detail, name=kind),
        path(
            f"{prefix}/<slug:slug>/articles.<fmt:fmt>",
            downloads.entity_export,
            {"kind": kind},
            name=f"{kind}-export",
        ),
        path(f"{prefix}/<slug:slug>/feed.atom", never_cache(feed()), name=f"{kind}-feed"),
    ]


urlpatterns = [
    path("", browse.home, name="home"),
    path("search/", search.search, name="search"),
    path("search/help/", search.search_help, name="search-help"),
    path("search.json", search.search_json, name="search-json"),
    path("search.<fmt:fmt>", downloads.search_export, name="search-export"),
    path("search.atom", never_cache(feeds.SearchFeed()), name="search-feed"),
    path("articles.<fmt:fmt>", downloads.all_articles_export, name="articles-export"),
    path("feed.atom", never_cache(feeds.LatestArticlesFeed()), name="latest-feed"),
    path("opensearch.xml", browse.opensearch, name="opensearch"),
    path("matrix/", browse.matrix, name="matrix"),
    path("articles/<slug:slug>/", browse.article_detail, name="article"),
    *_entity_urls(
        "country", "countries", browse.country_detail, browse.country_index, feeds.CountryFeed
    ),
    *_entity_urls(
        "locality", "localities", browse.locality_detail, browse.locality_index, feeds.LocalityFeed
    ),
    *_entity_urls(
        "official", "officials", browse.official_detail, browse.official_index, feeds.OfficialFeed
    ),
    *_entity_urls(
        "organisation",
        "organisations",
        browse.organisation_detail,
        browse.organisation_index,
        feeds.OrganisationFeed,
    ),
    path("admin/", admin.site.urls),
]
