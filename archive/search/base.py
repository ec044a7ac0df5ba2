"""The search contract: what any backend is given and what it returns.

Views and the importer speak only these dataclasses; only the backend modules import whoosh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

# Facets every backend counts. Values are slugs (source: the agency as written), years as "2024".
FACET_FIELDS = (
    "country",
    "locality",
    "province",
    "foreign_place",
    "official",
    "organisation",
    "measure",
    "source",
    "year",
)
# SearchQuery.provinces: how the "province" facet groups Vietnam's provinces. "named": the province
# the article names; "2025": the unit it is part of since the reform of 1 July 2025 (an article
# naming Bac Giang counts under Bac Ninh). A "province" filter in "2025" mode matches the articles
# whose province is part of a selected unit or that name it (so an old name still filters).
PROVINCE_GROUPINGS = ("named", "2025")
# "amount": by the article's largest approximate USD figure (of the figures the money filter keeps,
# see SearchQuery.usd_min), largest first, articles without such a converted figure last; ties
# newest first.
SORTS = ("relevance", "newest", "oldest", "amount")
# The source facet's value for articles without a source: counted and selectable like the others.
UNKNOWN_SOURCE = "_unknown"
# SearchQuery.undated: "" undated articles are in unless a date range is set; "include" they are in
# even then; "only" nothing but them (date range ignored); "exclude" only dated articles.
UNDATED_CHOICES = ("", "include", "only", "exclude")


@dataclass(frozen=True)
class SearchDocument:
    """One article as the index sees it. Built by archive.search.indexing from the database."""

    id: int
    title: str
    body: str
    published: date | None
    source: str
    countries: tuple[str, ...] = ()  # slugs
    localities: tuple[str, ...] = ()  # slugs
    officials: tuple[str, ...] = ()  # slugs
    organisations: tuple[str, ...] = ()  # slugs
    # The localities split: Vietnam's provinces as named, the units they are part of since the
    # 2025 reform (a province that continued is its own unit), and foreign places; all slugs.
    provinces: tuple[str, ...] = ()
    provinces_2025: tuple[str, ...] = ()
    foreign_places: tuple[str, ...] = ()
    # Names and aliases of the article's entities ("South Korea", "RoK", "Korean", "Bac Ninh",
    # "Bắc Ninh", what a province became...), searched with a boost over the body.
    entity_names: tuple[str, ...] = ()
    # The story this article is a version of: the id of the story's first article, None when it
    # is that first article or has no other version (its story key is then its own id).
    story: int | None = None
    # The article's money figures, one (measure, approximate USD or None) pair per figure (the
    # measures: archive.extraction.money.MEASURES): the
    # "measure" facet, the amount filter and the "amount" sort read them.
    money: tuple[tuple[str, float | None], ...] = ()

    @property
    def story_key(self) -> int:
        return self.story or self.id


def document_fingerprint(document: SearchDocument) -> str:
    """A short hash of everything the document indexes: equal fingerprints, equal documents.

    The index stores it per document, so `check_index` can tell a stale document from a current one
    without reading the index's terms back.
    """
    published = document.published.isoformat() if document.published else None
    canonical = json.dumps(
        [
            document.id,
            document.title,
            document.body,
            published,
            document.source,
            document.countries,
            document.localities,
            document.officials,
            document.entity_names,
            # Only when it is another article's: documents indexed before stories keep theirs.
            *([document.story_key] if document.story_key != document.id else []),
            # Only with localities: a document indexed before the province split without any
            # keeps its fingerprint, one with localities reads as stale (check_index says so).
            *(
                [document.provinces, document.provinces_2025, document.foreign_places]
                if document.localities
                else []
            ),
            # Only with organisations: a document without any keeps the fingerprint it had.
            *([document.organisations] if document.organisations else []),
            # Only with money figures: a document without any keeps the fingerprint it had.
            *([[list(figure) for figure in document.money]] if document.money else []),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> selected values
    date_from: date | None = None
    date_to: date | None = None
    undated: str = ""  # one of UNDATED_CHOICES
    sort: str = "relevance"  # one of SORTS; an empty text browses newest first
    page: int = 1
    per_page: int = 20
    facet_limit: int = 50  # values returned per facet, by count (the province facet: all)
    # One hit per story (its best-ranked version, by this query's sort) instead of every version;
    # total and pages then count stories. Facets and the timeline count articles either way.
    collapse_stories: bool = False
    provinces: str = "named"  # one of PROVINCE_GROUPINGS: how the "province" facet groups
    # The amount filter, in approximate US dollars (inclusive; None: unbounded). An article
    # matches when ONE of its figures has a USD value in the range and, when filters["measure"]
    # is given too, that same figure measures one of the selected things. The "measure" facet
    # then counts, per measure, the articles with a figure of that measure in the range. A
    # measure filter alone matches any figure of that measure, converted or not.
    usd_min: float | None = None
    usd_max: float | None = None

    @property
    def money_filtered(self) -> bool:
        """Whether the amount range or the measure filter narrows the figures."""
        return (
            self.usd_min is not None
            or self.usd_max is not None
            or bool(self.filters.get("measure"))
        )

    def keeps_figure(self, measure: str, usd: float | None) -> bool:
        """Whether the money filter keeps this one figure (the backends do the same over arrays
        and in SQL); every figure when there is no money filter."""
        if self.filters.get("measure") and measure not in self.filters["measure"]:
            return False
        if self.usd_min is not None and (usd is None or usd < self.usd_min):
            return False
        return self.usd_max is None or (usd is not None and usd <= self.usd_max)


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class SearchHit:
    id: int
    score: float
    snippet_html: str  # escaped text; only <mark> is markup
    story: int = 0  # the story key (the story's first article's id, else the hit's own id)
    versions: int = 1  # matching versions of the story; >1 only in a collapsed search


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetCount]]
    timeline: list[tuple[str, int]]  # ("2024", n) per year, or ("2024-03", n) per month
    timeline_unit: str = "year"  # "year" or "month"
    suggestion: str | None = None  # "did you mean", from the index's vocabulary
    fuzzy: bool = False  # nothing matched exactly; these hits come from a fuzzy retry
    notes: list[str] = field(default_factory=list)  # said to the user: "query cut to 500 chars"
    undated: int = 0  # matches without a date (the timeline's "undated" bar)
    undated_excluded: int = 0  # undated matches a date range left out
    articles: int = 0  # articles matched: `total` unless stories were collapsed

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class SearchUnavailable(Exception):
    """The index is missing or cannot be opened; pages say so instead of failing."""


# Why search is down when the live index is missing or cannot be opened, and what brings it back.
NO_INDEX = "the search index is missing; run `manage.py rebuild_index`"
UNREADABLE_INDEX = "the search index cannot be opened ({}); run `manage.py rebuild_index`"


class SearchBackend(Protocol):
    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace these documents (by id) in one commit."""

    def delete(self, ids: Iterable[int]) -> None: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def suggest(self, text: str) -> str | None: ...

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Build a fresh index beside the live one and swap it in; returns the count indexed."""

    def indexed_ids(self) -> set[int]: ...

    def indexed_fingerprints(self) -> dict[int, str]:
        """id -> document_fingerprint of every indexed document ("" if indexed without one)."""

    def clear(self) -> None: ...


MONTHLY_TIMELINE_MONTHS = 24  # a span of at most two years is charted per month


def timeline_from_months(
    counts: Mapping[int, int], span: int | None = None
) -> tuple[list[tuple[str, int]], str]:
    """The one timeline rule, for search results and entity pages alike.

    ``counts``: articles per month, keyed ``year * 12 + month - 1``. Per month ("2024-03") when
    the span is at most MONTHLY_TIMELINE_MONTHS, else per year ("2024"); gaps filled with 0.
    ``span`` (months) is the date range the user asked for, when they asked for one: a search
    for one year is charted per month even if its articles fill only a few of them.
    """
    months = {month: n for month, n in counts.items() if n}
    if not months:
        return [], "year"
    first, last = min(months), max(months)
    if (span if span is not None else last - first + 1) <= MONTHLY_TIMELINE_MONTHS:
        bars = [
            (f"{m // 12:04d}-{m % 12 + 1:02d}", months.get(m, 0)) for m in range(first, last + 1)
        ]
        return bars, "month"
    years: dict[int, int] = {}
    for month, n in months.items():
        years[month // 12] = years.get(month // 12, 0) + n
    return [(f"{y:04d}", years.get(y, 0)) for y in range(first // 12, last // 12 + 1)], "year"
