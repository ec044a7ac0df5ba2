"""Facets, chips and the summary sentence as plain data that templates and JSON only render.

Counts come from the search backend; this module adds labels (one query per entity facet, for the
values shown) and the URLs that toggle a value, remove a chip or clear everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from archive.models import ENTITY_MODELS
from archive.search.base import UNKNOWN_SOURCE, FacetCount, SearchQuery

FACET_TITLES = {
    "country": "Country",
    "locality": "Province or place",
    "official": "Official",
    "source": "Source",
    "year": "Year",
}
FACETS_SHOWN_FIRST = 8  # the rest goes behind "more"
UNKNOWN_SOURCE_LABEL = "unknown source"  # the label of the source facet's UNKNOWN_SOURCE


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    values: list[FacetValue]

    @property
    def top(self) -> list[FacetValue]:
        return self.values[:FACETS_SHOWN_FIRST]

    @property
    def more(self) -> list[FacetValue]:
        return self.values[FACETS_SHOWN_FIRST:]


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def labels_for(name: str, values: list[str]) -> dict[str, str]:
    model = ENTITY_MODELS.get(name)
    if model is None:
        return {
            v: UNKNOWN_SOURCE_LABEL if (name, v) == ("source", UNKNOWN_SOURCE) else v
            for v in values
        }
    return dict(model.objects.filter(slug__in=values).values_list("slug", "name"))


def url_with(params: QueryDict, *, drop: tuple[str, str | None] | None = None, add=None) -> str:
    """The current search URL with one value removed or added; the page always goes back to 1."""
    pairs = [(k, v) for k, values in params.lists() for v in values if k != "page"]
    if drop:
        key, value = drop
        pairs = [(k, v) for k, v in pairs if not (k == key and (value is None or v == value))]
    if add:
        pairs.append(add)
    return "?" + urlencode(pairs) if pairs else "?"


def build_facets(counts: dict[str, list[FacetCount]], params: QueryDict) -> list[Facet]:
    facets = []
    for name, title in FACET_TITLES.items():
        values = counts.get(name, [])
        if name == "year":
            continue  # the timeline shows years; a year is a date range, not a facet filter
        labels = labels_for(name, [fc.value for fc in values])
        facets.append(
            Facet(
                name=name,
                title=title,
                values=[
                    FacetValue(
                        value=fc.value,
                        label=labels.get(fc.value, fc.value),
                        count=fc.count,
                        selected=fc.selected,
                        toggle_url=url_with(params, drop=(name, fc.value))
                        if fc.selected
                        else url_with(params, add=(name, fc.value)),
                    )
                    for fc in values
                ],
            )
        )
    return facets


def selected_labels(
    query: SearchQuery, facets: list[Facet] | None = None
) -> dict[str, dict[str, str]]:
    """Labels of the query's selected values, read off the facets (which always list them) where
    given, so the chips and the summary sentence ask the database nothing more."""
    known = {facet.name: {v.value: v.label for v in facet.values} for facet in facets or ()}
    labels = {}
    for name, values in query.filters.items():
        have = known.get(name, {})
        missing = [v for v in values if v not in have]
        labels[name] = {**have, **(labels_for(name, missing) if missing else {})}
    return labels


def build_chips(
    query: SearchQuery, params: QueryDict, labels: dict[str, dict[str, str]] | None = None
) -> list[Chip]:
    labels = labels if labels is not None else selected_labels(query)
    chips = []
    for name, values in query.filters.items():
        for value in values:
            label = f"{FACET_TITLES[name]}: {labels[name].get(value, value)}"
            chips.append(Chip(label=label, remove_url=url_with(params, drop=(name, value))))
    if query.date_from:
        chips.append(
            Chip(f"From {query.date_from:%-d %b %Y}", url_with(params, drop=("date_from", None)))
        )
    if query.date_to:
        chips.append(
            Chip(f"To {query.date_to:%-d %b %Y}", url_with(params, drop=("date_to", None)))
        )
    undated_chips = {
        "only": ("Undated articles only", "undated"),
        "exclude": ("Dated articles only", "undated"),
        "include": ("Including undated articles", "include_undated"),
    }
    if query.undated in undated_chips and (
        query.undated != "include" or query.date_from or query.date_to
    ):
        label, name = undated_chips[query.undated]
        chips.append(Chip(label, url_with(params, drop=(name, None))))
    if query.text:
        chips.append(Chip(f"Matching “{query.text}”", url_with(params, drop=("q", None))))
    return chips


def describe(
    total: int, query: SearchQuery, labels: dict[str, dict[str, str]] | None = None
) -> str:
    """'12 articles about Japan in Bac Ninh matching “ODA”' — what the page shows, in words."""
    labels = labels if labels is not None else selected_labels(query)
    parts = [f"{total:,} article{'' if total == 1 else 's'}"]
    phrases = {
        "country": "about",
        "locality": "in",
        "official": "mentioning",
        "source": "from",
    }
    for name, lead in phrases.items():
        values = query.filters.get(name)
        if values:
            parts.append(f"{lead} " + " or ".join(labels[name].get(v, v) for v in values))
    if query.date_from and query.date_to:
        parts.append(f"dated {query.date_from:%-d %b %Y} to {query.date_to:%-d %b %Y}")
    elif query.date_from:
        parts.append(f"dated from {query.date_from:%-d %b %Y}")
    elif query.date_to:
        parts.append(f"dated up to {query.date_to:%-d %b %Y}")
    if query.undated == "include" and (query.date_from or query.date_to):
        parts.append("or undated")
    elif query.undated == "only":
        parts.append("without a date")
    elif query.undated == "exclude":
        parts.append("with a date")
    if query.text:
        parts.append(f"matching “{query.text}”")
    return " ".join(parts)
