"""The archive's browse pages and OpenSearch description (search is in web.search, downloads in
web.downloads).

Thin: counts come from web.stats, linked text from web.linking. Every page reads the database on
each request (never_cache), so what an editor changes in the admin shows on the next request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from archive.models import Article, Country, Locality, Official, Organisation
from archive.search.base import PROVINCE_GROUPINGS
from archive.web import citation, linking, stats, timeline
from archive.web.facets import PROVINCE_GROUPING_LABELS
from archive.web.params import DEFAULT_PROVINCE_GROUPING
from archive.web.provincemap import MapEntry, province_map
from archive.web.walk import neighbours

ARTICLES_PER_PAGE = 20
OFFICIALS_PER_PAGE = 100
LATEST_ON_HOME = 10
RELATED_PLACES = 15


def _page_of(request, queryset, per_page: int = ARTICLES_PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _sort(request) -> str:
    sort = request.GET.get("sort")
    return sort if sort in stats.SORTS else "name"


def search_url(**filters: str) -> str:
    """/search/ with these filters (country=..., locality=...)."""
    return reverse("search") + "?" + urlencode(filters)


def _grouping(request) -> str:
    """?provinces=2025 or named (the default), as on the search page; anything else: the default."""
    value = request.GET.get("provinces")
    return value if value in PROVINCE_GROUPINGS else DEFAULT_PROVINCE_GROUPING


def _map_context(request, articles, filters: dict[str, str]) -> dict:
    """The province map of ``articles``, each circle the search of ``filters`` and its province
    (grouped as the page's ?provinces= says, which its searches keep)."""
    grouping = _grouping(request)
    keep = {} if grouping == DEFAULT_PROVINCE_GROUPING else {"provinces": grouping}
    entries = [
        MapEntry(e.entity.name, e.count, search_url(**filters, province=e.entity.slug, **keep))
        for e in stats.province_counts(articles, grouping)
    ]
    links = [
        {
            "label": label,
            "current": value == grouping,
            "url": f"?{urlencode({'provinces': value})}#province-map",
        }
        for value, label in PROVINCE_GROUPING_LABELS.items()
    ]
    return {"province_map": province_map(entries, grouping), "map_groupings": links}


def _place_lists(kind: str, slug: str, articles) -> list:
    """The two "related" lists of places: Vietnam's provinces and foreign places (with country)."""
    provinces = stats.province_counts(articles)[:RELATED_PLACES]
    return [
        ("Provinces of Vietnam in these articles", _related(kind, slug, "province", provinces)),
        (
            "Foreign places in these articles",
            _related(kind, slug, "foreign_place", stats.foreign_places(articles, RELATED_PLACES)),
        ),
    ]


def _timeline_context(articles, filters: dict[str, str]) -> dict:
    periods, unit = stats.timeline(articles)
    params = QueryDict(mutable=True)
    params.update(filters)
    return {
        "bars": timeline.bars(periods, params, stats.undated(articles)),
        "timeline_unit": unit,
        "timeline_base": reverse("search"),
    }


@never_cache
def home(request):
    latest = Article.objects.with_entities().newest_first()[:LATEST_ON_HOME]
    return render(
        request,
        "archive/home.html",
        {
            "summary": stats.summary(),
            "latest": latest,
            "top_countries": stats.top_countries(),
            "top_provinces": stats.top_provinces(),
            "top_foreign_places": stats.foreign_places(),
            **_timeline_context(Article.objects.all(), {}),
            **_map_context(request, None, {}),
        },
    )


@never_cache
def article_detail(request, slug: str):
    article = get_object_or_404(
        Article.objects.with_entities().prefetch_related(
            "localities__country", "localities__became"
        ),
        slug=slug,
    )
    state = request.GET.get("from")
    return render(
        request,
        "archive/article_detail.html",
        {
            "article": article,
            "body_html": linking.linked_body(article),
            "provenance": _provenance(article),
            "record": citation.citable_record(
                article,
                request.build_absolute_uri(article.get_absolute_url()),
                timezone.localdate(),
            ),
            "country_tags": _country_tags(article),
            "similar": stats.more_like_this(article),
            "neighbours": neighbours(state, article) if state is not None else None,
            "state": state,
        },
    )


def _country_tags(article: Article) -> list[dict]:
    """The article's countries, each with the places that imply it when the text never names it."""
    implied = citation.implied_places(article)
    return [
        {
            "country": country,
            "implied": country.code in implied,
            "implied_by": ", ".join(implied.get(country.code, ())),
        }
        for country in article.countries.all()
    ]


def _provenance(article: Article) -> list[dict]:
    """Each correctable field and whether the importer extracted it or an editor corrected it."""
    corrected = set(article.corrected_fields or ())
    labels = {
        "title": "Title",
        "published": "Date",
        "source": "Source",
        "publisher": "Publisher",
        "author": "Author",
        "countries": "Countries",
        "localities": "Provinces and places",
        "officials": "Officials",
        "organisations": "Organisations",
    }
    rows = []
    for field in Article.CORRECTABLE_FIELDS:
        if field in corrected:
            how = "corrected by an editor"
        elif field == "published" and article.published_origin:
            how = f"extracted by the importer (from the {article.published_origin})"
        elif field == "title" and article.title_origin != Article.TitleOrigin.HEADLINE:
            how = f"extracted by the importer (from {article.get_title_origin_display()})"
        else:
            how = "extracted by the importer"
        rows.append({"field": labels[field], "corrected": field in corrected, "how": how})
    return rows


# --- Countries, localities, officials ----------------------------------------------------------


def _entity_page(request, entity, kind: str, extra: dict) -> HttpResponse:
    articles = entity.articles.all()
    context = {
        "entity": entity,
        "kind": kind,
        "page_obj": _page_of(request, articles.with_entities().newest_first()),
        "search_url": search_url(**{kind: entity.slug}),
        "export_csv": reverse(f"{kind}-export", args=[entity.slug, "csv"]),
        "export_jsonl": reverse(f"{kind}-export", args=[entity.slug, "jsonl"]),
        "feed_url": reverse(f"{kind}-feed", args=[entity.slug]),
        "money": stats.money_totals(articles),
        **_timeline_context(articles, {kind: entity.slug}),
        **extra,
    }
    return render(request, "archive/entity_detail.html", context)


def _related(kind: str, slug: str, other_kind: str, entries: list[stats.EntityCount]) -> list:
    """Co-occurring entities, each with the search of articles naming both."""
    return [
        {
            "entity": e.entity,
            "count": e.count,
            "search_url": search_url(**{kind: slug, other_kind: e.entity.slug}),
            # a foreign place is shown with its country ("Seoul (South Korea)")
            "place_country": e.entity.country if other_kind == "foreign_place" else None,
        }
        for e in entries
    ]


@never_cache
def country_detail(request, slug: str):
    country = get_object_or_404(Country, slug=slug)
    articles = country.articles.all()
    related = [
        *_place_lists("country", slug, articles),
        (
            "Officials in these articles",
            _related("country", slug, "official", stats.co_occurring(Official, articles)),
        ),
    ]
    return _entity_page(
        request,
        country,
        "country",
        {"related": related, **_map_context(request, articles, {"country": slug})},
    )


@never_cache
def locality_detail(request, slug: str):
    locality = get_object_or_404(Locality.objects.select_related("country", "became"), slug=slug)
    articles = locality.articles.all()
    partners = stats.co_occurring(Country, articles, exclude={"pk": locality.country_id})
    related = [
        (
            "Countries investing or meeting here",
            _related("locality", slug, "country", partners),
        ),
        (
            "Officials in these articles",
            _related("locality", slug, "official", stats.co_occurring(Official, articles)),
        ),
    ]
    merged_from = list(locality.merged_from.order_by("name"))
    return _entity_page(
        request, locality, "locality", {"related": related, "merged_from": merged_from}
    )


@never_cache
def official_detail(request, slug: str):
    official = get_object_or_404(Official.objects.select_related("country"), slug=slug)
    articles = official.articles.all()
    related = [
        (
            "Countries in these articles",
            _related("official", slug, "country", stats.co_occurring(Country, articles)),
        ),
        *_place_lists("official", slug, articles),
    ]
    return _entity_page(
        request, official, "official", {"related": related, "roles": stats.roles(official)}
    )


@never_cache
def organisation_detail(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.select_related("country"), slug=slug)
    articles = organisation.articles.all()

    def related(heading: str, other_kind: str, model) -> tuple:
        return heading, _related(
            "organisation", slug, other_kind, stats.co_occurring(model, articles)
        )

    return _entity_page(
        request,
        organisation,
        "organisation",
        {
            "related": [
                related("Provinces and places in these articles", "locality", Locality),
                related("Countries in these articles", "country", Country),
                related("Officials in these articles", "official", Official),
            ]
        },
    )


# --- Index pages -------------------------------------------------------------------------------


def _index_page(request, template: str, listing) -> HttpResponse:
    """An index page sorted by name or by article count; ``listing(sort)`` gives its context."""
    sort = _sort(request)
    sort_links = [
        {"value": value, "label": label, "url": f"?sort={value}", "current": value == sort}
        for value, label in (("name", "Name"), ("count", "Most articles"))
    ]
    return render(request, template, {"sort": sort, "sort_links": sort_links, **listing(sort)})


@never_cache
def country_index(request):
    return _index_page(
        request, "archive/country_index.html", lambda sort: {"entries": stats.country_index(sort)}
    )


@never_cache
def locality_index(request):
    return _index_page(
        request, "archive/locality_index.html", lambda sort: {"groups": stats.locality_index(sort)}
    )


@never_cache
def official_index(request):
    return _index_page(
        request,
        "archive/official_index.html",
        lambda sort: {
            "page_obj": _page_of(request, stats.official_index(sort), OFFICIALS_PER_PAGE),
            "pager_query": f"sort={sort}&",
        },
    )


@never_cache
def organisation_index(request):
    return _index_page(
        request,
        "archive/organisation_index.html",
        lambda sort: {
            "page_obj": _page_of(request, stats.organisation_index(sort), OFFICIALS_PER_PAGE),
            "pager_query": f"sort={sort}&",
        },
    )


@never_cache
def matrix(request):
    """Provinces (rows) by partner countries (columns); ?sort=count (the default) or name."""
    sort = request.GET.get("sort")
    sort = sort if sort in stats.SORTS else "count"
    table = stats.matrix(sort)
    rows = [
        (
            row,
            [
                {
                    "count": cell.count,
                    "shade": cell.shade,
                    "url": search_url(province=cell.locality.slug, country=cell.country.slug)
                    if cell.count
                    else None,
                    "country": cell.country,
                }
                for cell in cells
            ],
        )
        for row, cells in table.rows
    ]
    sort_links = [
        {"label": label, "url": f"?sort={value}", "current": value == sort}
        for value, label in (("count", "Most articles"), ("name", "Name"))
    ]
    return render(
        request,
        "archive/matrix.html",
        {"matrix": table, "rows": rows, "sort": sort, "sort_links": sort_links},
    )


def opensearch(request):
    """The OpenSearch description that lets a browser add the archive as a search engine."""
    return render(
        request,
        "archive/opensearch.xml",
        {
            "search_url": request.build_absolute_uri(reverse("search")),
            "feed_url": request.build_absolute_uri(reverse("search-feed")),
            "json_url": request.build_absolute_uri(reverse("search-json")),
            "self_url": request.build_absolute_uri(reverse("opensearch")),
        },
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
