"""The search parameters as one django-filter FilterSet: validation, form and URL in one place.

The same FilterSet filters the database (``.qs``), which is the reference the search index's counts
are tested against, and becomes the SearchQuery the index answers (``search_query``).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from archive.models import Article, Country, Locality, Official
from archive.search.base import SORTS, SearchQuery

MAX_VALUES_PER_FACET = 20


def _entity_filter(model, field_name: str, label: str) -> django_filters.ModelMultipleChoiceFilter:
    return django_filters.ModelMultipleChoiceFilter(
        field_name=field_name,
        to_field_name="slug",
        queryset=model.objects.all(),
        label=label,
        error_messages={
            "invalid_choice": "no %(value)s here",
            "invalid_pk_value": "no %(pk)s here",
        },
    )


class ArticleSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search")
    country = _entity_filter(Country, "countries", "Country")
    locality = _entity_filter(Locality, "localities", "Province or place")
    official = _entity_filter(Official, "officials", "Official")
    source = django_filters.AllValuesMultipleFilter(field_name="source", label="Source")
    date_from = django_filters.DateFilter(field_name="published", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="published", lookup_expr="lte", label="To")
    sort = django_filters.ChoiceFilter(
        choices=[(s, s.capitalize()) for s in SORTS],
        method="filter_sort",
        empty_label=None,
        label="Sort",  # named in the note that ignores a bad value
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["date_from"].widget = forms.DateInput(attrs={"type": "date"})
        self.form.fields["date_to"].widget = forms.DateInput(attrs={"type": "date"})
        self.form.fields["sort"].required = False

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A crude database reference: every word must appear; the index does the real job."""
        for word in value.split()[:32]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
        return queryset

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # ordering is the index's job

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Several values of one facet combine with OR, facets with AND; distinct() undoes the joins.
        return super().filter_queryset(queryset).distinct()


def search_query(cleaned: dict, *, page: int, per_page: int = 20) -> SearchQuery:
    """The validated parameters as the backend's SearchQuery."""
    text = (cleaned.get("q") or "").strip()
    filters = {
        name: tuple(obj.slug for obj in cleaned.get(name) or ())
        for name in ("country", "locality", "official")
    }
    filters["source"] = tuple(cleaned.get("source") or ())
    sort = cleaned.get("sort") or ("relevance" if text else "newest")
    return SearchQuery(
        text=text,
        filters={name: values for name, values in filters.items() if values},
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
        sort=sort,
        page=page,
        per_page=per_page,
    )
