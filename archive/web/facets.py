"""Facets, chips and the summary sentence as plain data that templates and JSON only render.

Counts come from the search backend; this module adds labels (from the per-process entity cache)
and the URLs that toggle a value, remove a chip or clear everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_plus, urlencode

from django.http import QueryDict

from archive.extraction.money import MEASURES
from archive.models import ENTITY_MODELS, VIETNAM, Locality
from archive.search.base import FACET_FIELDS, UNKNOWN_SOURCE, FacetCount, SearchQuery
from archive.web.entity_cache import entity_cache

FACET_TITLES = {
    "country": "Country",
    "locality": "Province or place",  # deprecated: split into the two below
    "province": "Province (Vietnam)",
    "foreign_place": "Foreign place",
    "official": "Official",
    "organisation": "Organisation",
    "measure": "What a figure measures",
    "source": "Source",
    "year": "Year",
}
# The facets the search page shows (years are its timeline); /search.json also gives the
# deprecated "locality" (every place) and "year".
PAGE_FACETS = tuple(name for name in FACET_FIELDS if name not in ("locality", "year"))
JSON_FACETS = PAGE_FACETS + ("locality",)
PROVINCE_GROUPING_LABELS = {
    "named": "as the articles name them",
    "2025": "by today's 34 provinces",
}
LABEL_MODELS = {**ENTITY_MODELS, "province": Locality, "foreign_place": Locality}
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
    groupings: tuple[dict, ...] = ()  # the province facet's "group by" links

    @property
    def top(self) -> list[FacetValue]:
        return self.values[:FACETS_SHOWN_FIRST]

    @property
    def more(self) -> list[FacetValue]:
        return self.values[FACETS_SHOWN_FIRST:]

    @property
    def more_count(self) -> int:
        return max(0, len(self.values) - FACETS_SHOWN_FIRST)


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str
    name: str = ""  # "q" for the text's chip; filters leave it empty


def labels_for(name: str, values: list[str]) -> dict[str, str]:
    return labels_of({name: values})[name]


def labels_of(wanted: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """Labels of several facets' values, from the per-process entity cache: no query for the
    entities it has seen since the last change to one (archive/web/entity_cache.py)."""
    by_model: dict = {}
    for name, values in wanted.items():
        if (model := LABEL_MODELS.get(name)) is not None:
            by_model.setdefault(model, set()).update(values)
    rows = {model: entity_cache.names(model, slugs) for model, slugs in by_model.items() if slugs}
    labels: dict[str, dict[str, str]] = {}
    for name, values in wanted.items():
        model = LABEL_MODELS.get(name)
        if model is None:
            labels[name] = {
                v: UNKNOWN_SOURCE_LABEL
                if (name, v) == ("source", UNKNOWN_SOURCE)
                else MEASURES.get(v, v)
                if name == "measure"
                else v
                for v in values
            }
            continue
        known = rows.get(model, {})
        labels[name] = {
            # "Seoul (South Korea)": a foreign place with its country
            v: f"{known[v][0]} ({known[v][1]})" if name == "foreign_place" else known[v][0]
            for v in values
            if v in known
        }
    return labels


def place_parameter(locality: Locality) -> str:
    """The search parameter that filters by this place: a province of Vietnam or foreign."""
    return place_parameter_of(locality.country.code)


def place_parameter_of(country_code: str) -> str:
    """place_parameter for a place in the country of this code."""
    return "province" if country_code == VIETNAM else "foreign_place"


def province_groupings(params: QueryDict, current: str) -> tuple[dict, ...]:
    """Links that regroup the province facet, keeping everything else of the search."""
    return tuple(
        {
            "value": grouping,
            "label": label,
            "current": grouping == current,
            "url": url_with(params, drop=("provinces", None), add=("provinces", grouping)),
        }
        for grouping, label in PROVINCE_GROUPING_LABELS.items()
    )


def url_with(params: QueryDict, *, drop: tuple[str, str | None] | None = None, add=None) -> str:
    """The current search URL with one value removed or added; the page always goes back to 1."""
    pairs = [(k, v) for k, values in params.lists() for v in values if k != "page"]
    if drop:
        key, value = drop
        pairs = [(k, v) for k, v in pairs if not (k == key and (value is None or v == value))]
    if add:
        pairs.append(add)
    return "?" + urlencode(pairs) if pairs else "?"


def url_adder(params: QueryDict):
    """``url_with(params, add=pair)`` as a function of the pair, the search's own parameters
    encoded once: a page links a few hundred facet values."""
    encoded = url_with(params).lstrip("?")

    def add(pair: tuple[str, str]) -> str:
        one = f"{quote_plus(str(pair[0]))}={quote_plus(str(pair[1]))}"  # urlencode([pair])
        return f"?{encoded}&{one}" if encoded else f"?{one}"

    return add


def build_facets(
    counts: dict[str, list[FacetCount]],
    params: QueryDict,
    names: tuple[str, ...] = PAGE_FACETS,
    grouping: str = "named",
    *,
    links: bool = True,
) -> list[Facet]:
    """The facets ``names`` with their values' labels; ``links=False`` (the JSON, which has no
    links) leaves each value's toggle_url empty."""
    facets = []
    add = url_adder(params)
    all_labels = labels_of({name: [fc.value for fc in counts.get(name, [])] for name in names})
    for name in names:
        title = FACET_TITLES[name]
        values = counts.get(name, [])
        labels = all_labels[name]
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
                        toggle_url=""
                        if not links
                        else url_with(params, drop=(name, fc.value))
                        if fc.selected
                        else add((name, fc.value)),
                    )
                    for fc in values
                ],
                groupings=province_groupings(params, grouping) if name == "province" else (),
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
    if query.usd_min is not None:
        chips.append(
            Chip(f"Amount from {usd_text(query.usd_min)}", url_with(params, drop=("usd_min", None)))
        )
    if query.usd_max is not None:
        chips.append(
            Chip(
                f"Amount up to {usd_text(query.usd_max)}", url_with(params, drop=("usd_max", None))
            )
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
        chips.append(Chip(f"Matching “{query.text}”", url_with(params, drop=("q", None)), name="q"))
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
        "province": "in",
        "foreign_place": "in",
        "official": "mentioning",
        "organisation": "naming",
        "source": "from",
    }
    for name, lead in phrases.items():
        values = query.filters.get(name)
        if values:
            parts.append(f"{lead} " + " or ".join(labels[name].get(v, v) for v in values))
    if money := money_phrase(query):
        parts.append(money)
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


def usd_text(value: float) -> str:
    """US$1,500,000 (cents only when there are any)."""
    return f"US${value:,.0f}" if float(value).is_integer() else f"US${value:,.2f}"


def money_phrase(query: SearchQuery) -> str:
    """'with a figure (ODA loan or ODA grant) of US$1,000,000 to US$5,000,000': the money filter,
    one figure meeting all of it."""
    measures = query.filters.get("measure", ())
    low, high = query.usd_min, query.usd_max
    if not measures and low is None and high is None:
        return ""
    phrase = "with a figure"
    if measures:
        phrase += " (" + " or ".join(MEASURES.get(m, m) for m in measures) + ")"
    if low is not None and high is not None:
        phrase += f" of {usd_text(low)} to {usd_text(high)}"
    elif low is not None:
        phrase += f" of {usd_text(low)} or more"
    elif high is not None:
        phrase += f" of at most {usd_text(high)}"
    return phrase
