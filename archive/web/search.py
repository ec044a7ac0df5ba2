"""The search page and its JSON twin: validate the parameters, ask the backend, shape the answer."""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from archive.ingest.stories import versions_by_story
from archive.models import Article, ArticleOfficial, ArticleOrganisation, MoneyFigure
from archive.search import get_backend, indexing
from archive.search.base import FACET_FIELDS, SearchUnavailable
from archive.search.querying import FIELDS
from archive.web import timeline
from archive.web.facets import (
    JSON_FACETS,
    PAGE_FACETS,
    build_chips,
    build_facets,
    describe,
    place_parameter_of,
    selected_labels,
    url_adder,
    url_with,
    usd_text,
)
from archive.web.links import absolute_url_of, url_of
from archive.web.params import BadParameter, search_query, validated_params
from archive.web.provincemap import MapEntry, province_map

MAX_PAGE = 500  # 10,000 results deep; further pages are refused with a note, not computed
# The fields of an article the page and the JSON show (its URL is made from its slug).
RESULT_FIELDS = ("id", "title", "slug", "source_file", "published", "source", "publisher", "story")
log = logging.getLogger("archive.search")


def _search(request) -> dict:
    """Validate the parameters, ask the backend, and shape what both the page and the JSON need."""
    params, filterset, notes = validated_params(request.GET, strict=True)
    page, page_note = _page_number(request.GET.get("page"))
    if page_note:
        notes.append(page_note)
    query = search_query(filterset.form.cleaned_data, page=page)
    results = get_backend().search(query)
    if results.total and page > results.pages:
        # Never "Page 99 of 2": the last page, said so.
        notes.append(
            f"Page {page} is past the last page of these results; showing page {results.pages}."
        )
        query = replace(query, page=results.pages)
        results = get_backend().search(query)
    notes.extend(results.notes)
    # Only what a result shows: the texts stay in the database (a result shows the index's
    # snippet, never the body), and the rest (dates of import, JSON fields) would only be parsed.
    articles = Article.objects.only(*RESULT_FIELDS).in_bulk([hit.id for hit in results.hits])
    hits = [(articles[hit.id], hit) for hit in results.hits if hit.id in articles]
    ids = [article.pk for article, _ in hits]
    return {
        "filter": filterset,
        "query": query,
        "results": results,
        "hits": hits,
        # article id -> (name, slug, country code) of each country and each place it names
        "countries": _named(
            Article.countries.through, ids, "country__name", "country__slug", "country__code"
        ),
        "places": _named(
            Article.localities.through,
            ids,
            "locality__name",
            "locality__slug",
            "locality__country__code",
        ),
        "notes": notes,
        "params": params,
        # Articles changed but not yet in the index (the index outbox): said beside the results.
        "pending_changes": indexing.pending_changes(),
        # story key -> every version of the story, for the hits that have other versions
        "versions": versions_by_story(article.story_id for article, _ in hits),
    }


def _named(through, ids: list[int], *fields: str) -> dict[int, list[tuple]]:
    """Article id -> ``fields`` of each entity its links (``through``) name, in the order of the
    entity's own model (its name) or, for ordered links, of the links: one query of plain tuples,
    no model instances (a page's results name about a hundred entities)."""
    if not ids:
        return {}
    if through._meta.auto_created:  # a many-to-many table: in the entity's order
        relation = fields[0].split("__")[0]
        entity = through._meta.get_field(relation).related_model
        ordering = [f"{relation}__{name}" for name in entity._meta.ordering] + [f"{relation}_id"]
    else:  # a link model (appearances, organisation links): in its own order
        ordering = through._meta.ordering
    named: dict[int, list[tuple]] = {}
    rows = through.objects.filter(article_id__in=ids).order_by(*ordering)
    for article_id, *values in rows.values_list("article_id", *fields):
        named.setdefault(article_id, []).append(tuple(values))
    return named


def _versions(context: dict, article: Article) -> list[Article]:
    """Every version of the article's story (itself included), or [] when it has none."""
    return context["versions"].get(article.story_id, []) if article.story_id else []


def _story_summary(results, query, summary: str) -> str:
    """'12 stories from 15 articles about ...' when versions were collapsed into stories."""
    if not query.collapse_stories or results.total == results.articles:
        return summary
    return f"{results.total:,} stor{'y' if results.total == 1 else 'ies'} from {summary}"


def search_state(params: QueryDict) -> str:
    """The search as a query string without the page: what result links carry in ``from``."""
    return url_with(params).lstrip("?")


def article_link(article: Article, state: str) -> str:
    """The article's URL remembering the search it was reached from (for previous / next)."""
    url = url_of(article)
    return f"{url}?{urlencode({'from': state})}" if url else ""


def _bad_parameter(request, exc: BadParameter):
    """A money parameter that cannot be used: 400 with what is wrong, and the way on without it."""
    params = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name not in (exc.name, "page"):
            params.setlist(name, values)
    return render(
        request,
        "archive/search_bad_request.html",
        {"message": exc.message, "without_url": url_with(params)},
        status=400,
    )


@never_cache
def search(request):
    try:
        context = _search(request)
    except BadParameter as exc:
        return _bad_parameter(request, exc)
    except SearchUnavailable as exc:
        log.error("search unavailable: %s", exc)
        return render(request, "archive/search_unavailable.html", status=503)
    params = context["params"]
    results = context["results"]
    state = search_state(params)
    query = context["query"]
    # The deprecated `locality` parameter (any place) is shown as its own facet when used.
    names = PAGE_FACETS + (("locality",) if query.filters.get("locality") else ())
    facets = build_facets(results.facets, params, names, query.provinces)
    labels = selected_labels(context["query"], facets)
    chips = build_chips(context["query"], params, labels)
    figures = _largest_figures(query, [article for article, _ in context["hits"]])
    add = url_adder(params)
    context.update(
        rows=[
            {
                "article": article,
                "url": article_link(article, state),
                "hit": hit,
                "figure": figures.get(article.pk),
                "filter_links": [
                    ("country", name, add(("country", slug)))
                    for name, slug, _ in context["countries"].get(article.pk, ())
                ]
                + [
                    (kind, name, add((kind, slug)))
                    for name, slug, code in context["places"].get(article.pk, ())
                    for kind in [place_parameter_of(code)]
                ],
                # "N versions": the story's other outlets, each linked
                "versions": [
                    {"article": other, "url": article_link(other, state)}
                    for other in _versions(context, article)
                    if other.pk != article.pk
                ],
            }
            for article, hit in context["hits"]
        ],
        collapsed=context["query"].collapse_stories,
        all_versions_url=url_with(params, drop=("versions", None), add=("versions", "all")),
        one_per_story_url=url_with(params, drop=("versions", None)),
        rank_start=(context["query"].page - 1) * results.per_page + 1,
        facets=facets,
        province_map=_province_map(facets, query.provinces),
        active_filters=_active_filters(query),
        chips=chips,
        summary=_story_summary(
            results, context["query"], describe(results.articles, context["query"], labels)
        ),
        bars=timeline.bars(results.timeline, params, results.undated),
        undated_left_out=_undated_left_out(results, params),
        timeline_unit=results.timeline_unit,
        pager=_pager(params, context["query"].page, results.pages),
        within=_within(params, [chip for chip in chips if chip.name != "q"]),
        next_steps=[] if results.total else _next_steps(chips),
        suggestion_url=url_with(params, drop=("q", None), add=("q", results.suggestion))
        if results.suggestion
        else None,
        state=state,
        timeline_base="",
    )
    return render(request, "archive/search.html", context)


@never_cache
def search_json(request):
    try:
        context = _search(request)
    except BadParameter as exc:
        return JsonResponse(
            {"error": exc.message, "parameter": exc.name},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    except SearchUnavailable as exc:
        log.error("search unavailable: %s", exc)
        return JsonResponse({"error": "Search is unavailable right now."}, status=503)
    results = context["results"]
    ids = [article.pk for article, _ in context["hits"]]
    officials = _named(ArticleOfficial, ids, "official__name")
    organisations = _named(ArticleOrganisation, ids, "organisation__name")
    # Each result's money figures (measure, approximate USD): what `sort=amount` orders by.
    money = _money_figures(ids)
    facets = build_facets(
        results.facets, context["params"], JSON_FACETS, context["query"].provinces, links=False
    )
    return JsonResponse(
        {
            # `total` has always counted matching articles, and still does; with stories
            # collapsed (the default) `results` pages through `stories` entries.
            "total": results.articles,
            "page": context["query"].page,
            "results": [
                {
                    "source_file": article.source_file,
                    "title": article.title,
                    "published": article.published.isoformat() if article.published else None,
                    "url": absolute_url_of(request, article),
                    "snippet": hit.snippet_html,
                    "countries": [code for *_, code in context["countries"].get(article.pk, ())],
                    "localities": [name for name, *_ in context["places"].get(article.pk, ())],
                    "officials": [name for (name,) in officials.get(article.pk, ())],
                    "organisations": [name for (name,) in organisations.get(article.pk, ())],
                    "money": money.get(article.pk, []),
                    # The story: its key (its first article's id), how many versions the archive
                    # has, how many match this search, and the other versions.
                    "story": hit.story or article.pk,
                    "versions": len(_versions(context, article)) or 1,
                    "versions_matched": hit.versions,
                    "other_versions": [
                        {
                            "title": other.title,
                            "published": other.published.isoformat() if other.published else None,
                            "source": other.source or other.publisher,
                            "url": absolute_url_of(request, other),
                        }
                        for other in _versions(context, article)
                        if other.pk != article.pk
                    ],
                }
                for article, hit in context["hits"]
            ],
            "articles": results.articles,  # the same as `total`
            "stories": results.total,  # entries: stories, or articles with versions=all
            "pages": results.pages,
            "one_per_story": context["query"].collapse_stories,  # false with versions=all
            "facets": {
                facet.name: [
                    {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                    for v in facet.values
                ]
                for facet in facets
            }
            | {
                # Years are the timeline's bars on the page; here they are a facet like the others.
                "year": [
                    {"value": fc.value, "label": fc.value, "count": fc.count, "selected": False}
                    for fc in results.facets.get("year", [])
                ]
            },
            # How facets.province groups: "named" (as the articles name them) or "2025".
            "provinces": context["query"].provinces,
            # The order used and the amount range (approximate US dollars; null: unbounded).
            "sort": context["query"].sort,
            "usd_min": context["query"].usd_min,
            "usd_max": context["query"].usd_max,
            "suggestion": results.suggestion,
            "notes": context["notes"],
            # Articles changed in the database whose change the index has not taken yet.
            "pending_changes": context["pending_changes"],
            # Matches without a date, and the undated articles a date range left out.
            "undated": results.undated,
            "undated_excluded": results.undated_excluded,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _money_figures(ids: list[int]) -> dict[int, list[dict]]:
    """Article id -> its money figures as the JSON gives them, in the figures' own order: one
    query of plain values, no model instances."""
    figures: dict[int, list[dict]] = {}
    rows = MoneyFigure.objects.filter(article_id__in=ids).order_by(*MoneyFigure._meta.ordering)
    for article_id, text, measure, usd in rows.values_list("article_id", "text", "measure", "usd"):
        figures.setdefault(article_id, []).append(
            {"text": text, "measure": measure, "usd": None if usd is None else float(usd)}
        )
    return figures


def _largest_figures(query, articles) -> dict[int, dict]:
    """Article id -> its largest figure the money filter keeps, to show beside each result, when
    the results are filtered or ordered by amount (else nothing, and no query)."""
    if not (query.money_filtered or query.sort == "amount"):
        return {}
    prefetch_related_objects(articles, "money_figures")
    shown = {}
    for article in articles:
        kept = [
            figure
            for figure in article.money_figures.all()
            if figure.usd is not None and query.keeps_figure(figure.measure, float(figure.usd))
        ]
        if kept:
            top = max(kept, key=lambda figure: figure.usd)
            shown[article.pk] = {
                "text": top.text,
                "usd": usd_text(float(top.usd)),
                "measure": top.get_measure_display(),
            }
    return shown


def _province_map(facets, grouping: str):
    """The province facet's counts as the map; each circle toggles its province like the facet."""
    values = next((facet.values for facet in facets if facet.name == "province"), [])
    return province_map(
        (MapEntry(v.label, v.count, v.toggle_url, v.selected) for v in values), grouping
    )


def _active_filters(query) -> int:
    """What "Filters (N)" counts: the selected facet values and the date limits."""
    return (
        sum(len(values) for values in query.filters.values())
        + bool(query.date_from)
        + bool(query.date_to)
        + bool(query.undated)
        + (query.usd_min is not None)
        + (query.usd_max is not None)
    )


# The parameters a new search from the search box keeps: what narrows or orders the results.
# Dates, undated and sort are not among them: their own controls belong to the same form.
KEPT_BY_THE_SEARCH_BOX = (
    *(facet for facet in FACET_FIELDS if facet != "year"),  # years are date limits
    "versions",
    "provinces",
)
MAX_NEXT_STEPS = 6  # filters whose removal is tried on a search with no results


def _within(params: QueryDict, chips: list) -> dict:
    """What the search box keeps (hidden inputs) and the way to search everything instead."""
    hidden = [
        (name, value) for name in KEPT_BY_THE_SEARCH_BOX for value in params.getlist(name) if value
    ]
    everywhere = QueryDict(mutable=True)
    for name in ("q", "sort"):
        if params.get(name):
            everywhere[name] = params[name]
    return {"hidden": hidden, "filters": len(chips), "everywhere_url": url_with(everywhere)}


def _count(params: QueryDict) -> int:
    """How many articles a search with these parameters finds."""
    _, filterset, _ = validated_params(params)
    query = search_query(filterset.form.cleaned_data, page=1, per_page=1)
    return get_backend().search(query).articles


def _next_steps(chips: list) -> list[dict]:
    """On no results: each filter (and the words) that could be dropped, with what that gives."""
    steps = []
    for chip in chips[:MAX_NEXT_STEPS]:
        dropped = QueryDict(chip.remove_url.lstrip("?"), mutable=True)
        count = _count(dropped)
        if count:
            steps.append({"label": chip.label, "url": chip.remove_url, "count": count})
    return steps


def search_help(request):
    """How to search: the query language and the field searches, with examples."""
    return render(request, "archive/search_help.html", {"fields": FIELDS})


def _undated_left_out(results, params: QueryDict) -> dict | None:
    """What a date range left out: how many undated articles, and the links to include them."""
    if not results.undated_excluded:
        return None
    return {
        "count": results.undated_excluded,
        "include_url": url_with(params, add=("include_undated", "1")),
        "only_url": timeline.undated_url(params),
    }


def _page_number(raw: str | None) -> tuple[int, str | None]:
    if raw in (None, ""):
        return 1, None
    try:
        page = int(raw)
    except ValueError:
        return 1, "The page number was not a number; showing page 1."
    if page < 1:
        return 1, "Pages start at 1; showing page 1."
    if page > MAX_PAGE:
        return (
            MAX_PAGE,
            f"Only the first {MAX_PAGE} pages can be shown; narrow the search to see more.",
        )
    return page, None


def _pager(params: QueryDict, page: int, pages: int) -> dict:
    def link(number: int) -> str:
        return url_with(params, add=("page", str(number)))

    return {
        "page": page,
        "pages": pages,
        "previous": link(page - 1) if 1 < page <= pages + 1 else None,
        "next": link(page + 1) if page < pages else None,
        "first": link(1) if page > 2 else None,
    }
