"""The search parameters as one django-filter FilterSet: validation, form and URL in one place.

The same FilterSet filters the database (``.qs``), which is the reference the search index's counts
are tested against, and becomes the SearchQuery the index answers (``search_query``).
"""

from __future__ import annotations

import copy
import functools

import django_filters
from django import forms
from django.db import models
from django.db.models import Q, QuerySet
from django.http import QueryDict

from archive.extraction.money import MEASURES
from archive.models import VIETNAM, Article, Country, Locality, Official, Organisation
from archive.search.base import PROVINCE_GROUPINGS, SORTS, UNKNOWN_SOURCE, SearchQuery
from archive.search.querying import MAX_QUERY_CHARS, NOTE_TOO_LONG
from archive.web.entity_cache import entity_cache
from archive.web.facets import (
    FACET_TITLES,
    PROVINCE_GROUPING_LABELS,
    UNKNOWN_SOURCE_LABEL,
    place_parameter,
)
from archive.web.fields import apply_field_searches

MAX_VALUES_PER_FACET = 20
# ?undated=1: only articles without a date; ?undated=0: only dated ones (SearchQuery.undated).
UNDATED_MODES = {"1": "only", "0": "exclude"}
NOTE_UNDATED_ONLY = "Undated articles have no date, so the date range was ignored."
# ?provinces=named (the default): the province facet lists the provinces the articles name;
# ?provinces=2025: the 34 units of the 2025 reform. Named is the finer grouping (the 63 old units
# add up to the 34 new ones, not the other way round) and says what the articles say.
DEFAULT_PROVINCE_GROUPING = "named"
SORT_LABELS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "oldest": "Oldest",
    "amount": "Largest figure",  # the article's largest approximate USD figure first
}
# The money filter (SearchQuery.usd_min): an amount range in approximate US dollars and what a
# figure measures (extraction/money.MEASURES), on the same figure. A bad value of one of these is
# refused outright (BadParameter: HTTP 400 on the search page and /search.json), not dropped with
# a note: a researcher asking for "figures over X" must never silently get every article.
MONEY_PARAMETERS = ("usd_min", "usd_max", "measure")
MAX_USD = 10**15  # a thousand trillion dollars: anything larger is a typo
# Written in an amount and ignored: thousands separators and spaces ("1,000,000", "1 000 000").
_AMOUNT_SEPARATORS = str.maketrans("", "", ", _\u00a0")
_USD_ERRORS = {
    "invalid": "must be an amount in US dollars, digits only (such as 1000000).",
    "min_value": "must be 0 or more.",
    "max_value": f"must be at most {MAX_USD:,}.",
    "max_digits": f"must be at most {MAX_USD:,}.",
    "max_whole_digits": f"must be at most {MAX_USD:,}.",
    "max_decimal_places": "may have at most 2 decimal places.",
}


class BadParameter(ValueError):
    """A money parameter that cannot be used: the page answers 400 with this message."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


class _SharedFields(dict):
    """A form class's fields that its forms share instead of deep-copying them each (Django's
    forms copy base_fields so that one form may change its own; the search form never does, and
    the copies, querysets and widgets included, were most of its cost)."""

    def __deepcopy__(self, memo) -> dict:
        return dict(self)


class SearchForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("usd_min"), cleaned.get("usd_max")
        if low is not None and high is not None and low > high:
            self.add_error("usd_max", f"must not be below usd_min ({low:,}).")
        return cleaned


def _usd_filter(label: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        method="filter_money",
        label=label,
        min_value=0,
        max_value=MAX_USD,
        max_digits=18,
        decimal_places=2,
        error_messages=_USD_ERRORS,
    )


# Parameter -> the entities its slugs name. ``locality`` (any place) is the deprecated parameter
# that ``province`` (Vietnam's) and ``foreign_place`` (any other country's) split
# (facets.place_parameter says which a place is).
ENTITY_PARAMETERS: dict[str, type[models.Model]] = {
    "country": Country,
    "locality": Locality,
    "province": Locality,
    "foreign_place": Locality,
    "official": Official,
    "organisation": Organisation,
}


def known_entities(name: str, slugs) -> dict[str, models.Model]:
    """slug -> entity, for those of ``slugs`` that parameter ``name`` can take. From the
    per-process entity cache (archive/web/entity_cache.py): no query once they have been seen."""
    rows = entity_cache.get(ENTITY_PARAMETERS[name], slugs)
    if name in ("province", "foreign_place"):
        rows = {slug: row for slug, row in rows.items() if place_parameter(row) == name}
    return rows


class KnownEntitiesField(django_filters.fields.ModelMultipleChoiceField):
    """Slugs checked with known_entities, the database asked only when one is not known there."""

    def __init__(self, *args, parameter: str, **kwargs):
        self.parameter = parameter
        super().__init__(*args, **kwargs)

    def clean(self, value):
        if not value and not self.required:
            return []  # not queryset.none(): each test of an empty QuerySet compiles its SQL
        return super().clean(value)

    def _check_values(self, value):
        wanted = set(value)
        if all(isinstance(slug, str) for slug in wanted):
            rows = known_entities(self.parameter, wanted)
            if wanted <= rows.keys():
                # In the models' own order (by name), as the database would give them.
                return sorted((rows[slug] for slug in wanted), key=lambda row: (row.name, row.pk))
        return super()._check_values(value)


class EntityFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = KnownEntitiesField


def _entity_filter(
    model,
    field_name: str,
    label: str,
    queryset: QuerySet | None = None,
    method=None,
    *,
    parameter: str,
) -> django_filters.ModelMultipleChoiceFilter:
    return EntityFilter(
        field_name=field_name,
        to_field_name="slug",
        queryset=queryset if queryset is not None else model.objects.all(),
        label=label,
        method=method,
        parameter=parameter,
        error_messages={
            "invalid_choice": "no %(value)s here",
            "invalid_pk_value": "no %(pk)s here",
        },
    )


class SourceField(forms.MultipleChoiceField):
    """The sources in the database, plus UNKNOWN_SOURCE: the articles without a source.

    Only the sources asked for are looked up (one query, none when none is asked): most searches
    ask for none, and listing every source of the archive cost a scan of the articles. The field
    keeps no state of its own, so the search form's class is built once per process
    (ArticleSearchFilter.get_form_class)."""

    def validate(self, value) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        asked = [s for s in value if s and s != UNKNOWN_SOURCE]
        known = (
            set(
                Article.objects.exclude(source="")
                .filter(source__in=asked)
                .order_by()
                .values_list("source", flat=True)
                .distinct()
            )
            if asked
            else set()
        )
        for source in value:
            if source != UNKNOWN_SOURCE and source not in known:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": source},
                )


class SourceFilter(django_filters.MultipleChoiceFilter):
    field_class = SourceField

    def filter(self, qs: QuerySet, value) -> QuerySet:
        values = list(value or ())
        if UNKNOWN_SOURCE not in values:
            return super().filter(qs, values)
        known = [v for v in values if v != UNKNOWN_SOURCE]
        return qs.filter(Q(source="") | Q(source__in=known))


class ArticleSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search")
    country = _entity_filter(Country, "countries", "Country", parameter="country")
    locality = _entity_filter(
        Locality, "localities", "Province or place", parameter="locality"
    )  # deprecated
    province = _entity_filter(
        Locality,
        "localities",
        "Province (Vietnam)",
        Locality.objects.filter(country__code=VIETNAM),
        method="filter_province",
        parameter="province",
    )
    foreign_place = _entity_filter(
        Locality,
        "localities",
        "Foreign place",
        Locality.objects.exclude(country__code=VIETNAM),
        parameter="foreign_place",
    )
    provinces = django_filters.ChoiceFilter(
        choices=[(grouping, PROVINCE_GROUPING_LABELS[grouping]) for grouping in PROVINCE_GROUPINGS],
        method="filter_provinces",
        label="Group provinces",
    )
    official = _entity_filter(Official, "officials", "Official", parameter="official")
    organisation = _entity_filter(
        Organisation, "organisations", "Organisation", parameter="organisation"
    )
    source = SourceFilter(
        field_name="source", label="Source", choices=[(UNKNOWN_SOURCE, UNKNOWN_SOURCE_LABEL)]
    )
    date_from = django_filters.DateFilter(method="filter_date", label="From")
    date_to = django_filters.DateFilter(method="filter_date", label="To")
    undated = django_filters.ChoiceFilter(
        choices=[("1", "Only undated articles"), ("0", "Only dated articles")],
        method="filter_undated",
        label="Undated",
    )
    include_undated = django_filters.ChoiceFilter(
        choices=[("1", "Yes")],
        method="filter_include_undated",
        label="Include undated articles",
    )
    # ?versions=all: every outlet's version of a story; by default one result per story.
    versions = django_filters.ChoiceFilter(
        choices=[("all", "All versions")],
        method="filter_versions",
        label="Versions",
    )
    usd_min = _usd_filter("Amount from (US$)")
    usd_max = _usd_filter("Amount up to (US$)")
    measure = django_filters.MultipleChoiceFilter(
        choices=list(MEASURES.items()),
        method="filter_money",
        label="What the figure measures",
        error_messages={
            "invalid_choice": "there is no measure “%(value)s”; the measures are "
            + ", ".join(MEASURES)
            + "."
        },
    )
    sort = django_filters.ChoiceFilter(
        choices=[(s, SORT_LABELS[s]) for s in SORTS],
        method="filter_sort",
        empty_label=None,
        label="Sort",  # named in the note that ignores a bad value
    )

    class Meta:
        model = Article
        fields: list[str] = []
        form = SearchForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's own __init__, but for the filters: it deep-copies every one of them
        # (and their querysets) for .qs, the database reference; a search asks only the form.
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset if queryset is not None else Article.objects.all()
        self.request = request
        self.form_prefix = prefix

    @functools.cached_property
    def filters(self) -> dict[str, django_filters.Filter]:
        """This FilterSet's copies of the filters (what django-filter's __init__ makes)."""
        filters = copy.deepcopy(self.base_filters)
        for filter_ in filters.values():
            filter_.model = self.queryset.model
            filter_.parent = self
        return filters

    @classmethod
    @functools.cache
    def _form_class(cls) -> type[forms.Form]:
        """The form's class, built once per process from the class's own filters: django-filter
        builds it per FilterSet, every field anew (a few milliseconds a search).

        Its fields are shared by every form (_SharedFields): none is changed after this, and
        validating reads them only."""
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        fields["date_from"].widget = forms.DateInput(attrs={"type": "date"})
        fields["date_to"].widget = forms.DateInput(attrs={"type": "date"})
        fields["sort"].required = False
        form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        form_class.base_fields = _SharedFields(form_class.base_fields)
        return form_class

    def get_form_class(self) -> type[forms.Form]:
        return self._form_class()

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A crude database reference: every word must appear; the index does the real job."""
        for word in value.split()[:32]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
        return queryset

    def filter_date(self, queryset: QuerySet, name: str, value) -> QuerySet:
        condition = Q(published__gte=value) if name == "date_from" else Q(published__lte=value)
        if self.form.cleaned_data.get("include_undated"):
            condition |= Q(published__isnull=True)
        return queryset.filter(condition)

    def filter_undated(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(published__isnull=UNDATED_MODES[value] == "only")

    def filter_include_undated(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # widens the date range (filter_date)

    def filter_province(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """The provinces named; by 2025 units, also every article naming a province that became
        part of one (what the index does with SearchQuery.provinces == "2025")."""
        if not value:
            return queryset
        if self.form.cleaned_data.get("provinces") == "2025":
            return queryset.filter(Q(localities__in=value) | Q(localities__became__in=value))
        return queryset.filter(localities__in=value)

    def filter_provinces(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # how the province facet groups (filter_province reads it)

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # ordering is the index's job

    def filter_versions(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # collapsing stories is the index's job; the database lists articles

    def filter_money(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # the three money parameters act together (filter_queryset)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Several values of one facet combine with OR, facets with AND; distinct() undoes the joins.
        queryset = super().filter_queryset(queryset)
        # The money filter: one filter() call, so range and measure hold for the same figure.
        cleaned = self.form.cleaned_data
        figure = {}
        if cleaned.get("usd_min") is not None:
            figure["money_figures__usd__gte"] = cleaned["usd_min"]
        if cleaned.get("usd_max") is not None:
            figure["money_figures__usd__lte"] = cleaned["usd_max"]
        if cleaned.get("measure"):
            figure["money_figures__measure__in"] = cleaned["measure"]
        return (queryset.filter(**figure) if figure else queryset).distinct()


def search_query(cleaned: dict, *, page: int, per_page: int = 20) -> SearchQuery:
    """The validated parameters as the backend's SearchQuery."""
    text = (cleaned.get("q") or "").strip()
    filters = {
        name: tuple(obj.slug for obj in cleaned.get(name) or ())
        for name in ("country", "locality", "province", "foreign_place", "official", "organisation")
    }
    filters["source"] = tuple(cleaned.get("source") or ())
    filters["measure"] = tuple(cleaned.get("measure") or ())
    sort = cleaned.get("sort") or ("relevance" if text else "newest")
    undated = UNDATED_MODES.get(cleaned.get("undated") or "", "")
    if not undated and cleaned.get("include_undated"):
        undated = "include"
    return SearchQuery(
        text=text,
        filters={name: values for name, values in filters.items() if values},
        date_from=None if undated == "only" else cleaned.get("date_from"),
        date_to=None if undated == "only" else cleaned.get("date_to"),
        undated=undated,
        sort=sort,
        page=page,
        per_page=per_page,
        collapse_stories=cleaned.get("versions") != "all",
        provinces=cleaned.get("provinces") or DEFAULT_PROVINCE_GROUPING,
        usd_min=None if cleaned.get("usd_min") is None else float(cleaned["usd_min"]),
        usd_max=None if cleaned.get("usd_max") is None else float(cleaned["usd_max"]),
    )


def cleaned_params(raw: QueryDict) -> tuple[QueryDict, list[str]]:
    """The parameters with what cannot be used dropped, and a note for each thing dropped."""
    params, _, notes = validated_params(raw)
    return params, notes


def validated_params(
    raw: QueryDict, *, strict: bool = False
) -> tuple[QueryDict, ArticleSearchFilter, list[str]]:
    """The usable parameters, their validated FilterSet (validate once), and notes.

    ``strict`` (the search page and /search.json): a bad money parameter (MONEY_PARAMETERS)
    raises BadParameter instead of being dropped with a note."""
    # NUL is never meaningful, and PostgreSQL refuses it in a query (a 500): drop it everywhere.
    params = QueryDict(mutable=True)
    for name, values in raw.lists():
        params.setlist(name, [value.replace("\x00", "") for value in values])
    # `country:Japan` and the like in the text become filters (archive/web/fields.py).
    notes: list[str] = apply_field_searches(params, set(ArticleSearchFilter.base_filters))
    for name in ENTITY_PARAMETERS:
        values = [v for v in params.getlist(name) if v][:MAX_VALUES_PER_FACET]
        known = known_entities(name, values)
        unknown = [v for v in values if v not in known]
        if (
            unknown
            and name in ("province", "foreign_place")
            and (other := entity_cache.get(Locality, unknown[:1]).get(unknown[0]))
        ):  # a place of the other kind: say what it is
            what = (
                "a province of Vietnam, not a foreign place"
                if name == "foreign_place"
                else "outside Vietnam, not one of its provinces"
            )
            notes.append(f"{other.name} is {what}; that filter was ignored.")
        elif unknown:
            label = FACET_TITLES[name].lower()
            notes.append(f"No {label} “{unknown[0][:60]}” in the archive; that filter was ignored.")
        params.setlist(name, [v for v in values if v in known])
    sources = params.getlist("source")[:MAX_VALUES_PER_FACET]
    params.setlist("source", sources)
    params.setlist("measure", [v for v in params.getlist("measure") if v][:MAX_VALUES_PER_FACET])
    for name in ("usd_min", "usd_max"):
        amount = params.getlist(name)[-1:]  # repeated: the last value wins
        amount = [v.strip().translate(_AMOUNT_SEPARATORS) for v in amount]
        params.setlist(name, [v for v in amount if v])  # empty: no bound (the form's blank box)
    for name in (
        "q",
        "date_from",
        "date_to",
        "sort",
        "undated",
        "include_undated",
        "versions",
        "provinces",
    ):
        if name in params:
            params[name] = params[name]  # repeated: the last value wins
    if len(params.get("q", "")) > MAX_QUERY_CHARS:
        # Only this much is searched; cut here, so no link or form built from params repeats
        # the rest (a 100 KB query would otherwise be in every facet and result link).
        params["q"] = params["q"][:MAX_QUERY_CHARS]
        notes.append(NOTE_TOO_LONG)
    if params.get("undated") == "1" and (params.get("date_from") or params.get("date_to")):
        notes.append(NOTE_UNDATED_ONLY)
        params.pop("date_from", None)
        params.pop("date_to", None)
    filterset = ArticleSearchFilter(params, queryset=Article.objects.all())
    if not filterset.is_valid():
        for name, errors in filterset.form.errors.items():
            if strict and name in MONEY_PARAMETERS:
                raise BadParameter(name, f"{name}: {errors[0]}")
            label = (
                filterset.form.fields[name].label or name if name in filterset.form.fields else name
            )
            notes.append(f"{label}: {errors[0]} That value was ignored.")
            params.pop(name, None)
        # Rare (a bad date or sort): validate what is left once more.
        filterset = ArticleSearchFilter(params, queryset=Article.objects.all())
        filterset.is_valid()
    return params, filterset, notes
