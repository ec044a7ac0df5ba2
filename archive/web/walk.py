"""Walking a search's whole result list: for exports, feeds and an article's previous / next.

The backend answers pages; this pages through ``search()`` with large pages, in the search's own
order, so "all matching articles" means the same set and order as the search page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.http import QueryDict

from archive.models import Article
from archive.search import get_backend
from archive.search.base import SearchQuery, SearchUnavailable
from archive.web.params import search_query, validated_params

WALK_PAGE_SIZE = 500
NEIGHBOUR_SCAN_LIMIT = 10_000  # previous / next looks this deep into a search, no further
SEARCH_PAGE_SIZE = SearchQuery().per_page  # what the search page shows per page


@dataclass(frozen=True)
class Neighbours:
    previous: Article | None
    next: Article | None
    position: int  # 1-based rank of the article in the search
    total: int
    results_url: str  # the search page that shows the article


def query_from(raw: QueryDict, *, per_page: int = WALK_PAGE_SIZE) -> SearchQuery:
    """The SearchQuery the search page would run for these parameters, with large pages."""
    _, filterset, _ = validated_params(raw)  # validated once, as the search page does
    return search_query(filterset.form.cleaned_data, page=1, per_page=per_page)


def walk(query: SearchQuery, *, limit: int | None = None) -> tuple[int, Iterator[int]]:
    """The total and every matching article id in the search's order.

    The first page is asked at once, so SearchUnavailable is raised here, not while iterating.
    """
    backend = get_backend()
    results = backend.search(replace(query, page=1, facet_limit=1))
    return results.total, _walk(backend, query, results, limit)


def _walk(backend, query: SearchQuery, results, limit: int | None) -> Iterator[int]:
    seen = 0
    while True:
        for hit in results.hits:
            yield hit.id
            seen += 1
            if limit is not None and seen >= limit:
                return
        if results.page >= results.pages or not results.hits:
            return
        results = backend.search(replace(query, page=results.page + 1, facet_limit=1))


def neighbours(state: str, article: Article) -> Neighbours | None:
    """The articles before and after ``article`` in the search ``state`` (a query string).

    None when the search cannot be run or the article is not (or no longer) among its results.
    """
    query = query_from(QueryDict(state))
    previous_id = next_id = None
    position = 0
    try:
        total, ids = walk(query, limit=NEIGHBOUR_SCAN_LIMIT)
        for rank, pk in enumerate(ids, start=1):
            if position:
                next_id = pk
                break
            if pk == article.pk:
                position = rank
            else:
                previous_id = pk
    except SearchUnavailable:
        return None
    if not position:
        return None
    found = Article.objects.only("id", "title", "slug").in_bulk([previous_id, next_id])
    page = (position - 1) // SEARCH_PAGE_SIZE + 1
    params = QueryDict(state, mutable=True)
    params.pop("page", None)
    if page > 1:
        params["page"] = str(page)
    return Neighbours(
        previous=found.get(previous_id),
        next=found.get(next_id),
        position=position,
        total=total,
        results_url="?" + params.urlencode() if params else "?",
    )
