"""The province facets: Vietnam's provinces apart from foreign places, grouped as the articles name
them or by the units of the 2025 reform, in every backend."""

from __future__ import annotations

from datetime import date

import pytest

from archive.search.base import FacetCount, SearchDocument, SearchQuery


def document(pk: int, provinces=(), became=(), foreign=()) -> SearchDocument:
    return SearchDocument(
        id=pk,
        title=f"Article {pk}",
        body="Investors met provincial leaders.",
        published=date(2024, 1, pk),
        source="VNA",
        localities=(*provinces, *foreign),
        provinces=tuple(provinces),
        provinces_2025=tuple(dict.fromkeys(became or provinces)),
        foreign_places=tuple(foreign),
    )


DOCUMENTS = [
    document(1, ["bac-giang"], ["bac-ninh"]),  # Bac Giang joined Bac Ninh
    document(2, ["bac-ninh"], foreign=["seoul"]),
    document(3, ["bac-giang", "bac-ninh"], ["bac-ninh"], foreign=["gumi"]),
    document(4, ["ha-noi"], foreign=["seoul"]),
]


@pytest.fixture
def backend(make_backend):
    backend = make_backend()
    backend.index(DOCUMENTS)
    return backend


def counts(results, facet: str) -> dict[str, int]:
    return {fc.value: fc.count for fc in results.facets[facet]}


def ids(results) -> set[int]:
    return {hit.id for hit in results.hits}


def test_provinces_and_foreign_places_are_separate_facets(backend):
    results = backend.search(SearchQuery())

    assert counts(results, "province") == {"bac-giang": 2, "bac-ninh": 2, "ha-noi": 1}
    assert counts(results, "foreign_place") == {"seoul": 2, "gumi": 1}


def test_named_grouping_filters_on_the_province_the_article_names(backend):
    results = backend.search(SearchQuery(filters={"province": ("bac-ninh",)}))

    assert ids(results) == {2, 3}


def test_2025_grouping_counts_a_merged_province_under_its_new_unit(backend):
    results = backend.search(SearchQuery(provinces="2025"))

    assert counts(results, "province") == {"bac-ninh": 3, "ha-noi": 1}
    assert counts(results, "foreign_place") == {"seoul": 2, "gumi": 1}


def test_2025_grouping_filter_finds_the_old_and_the_new_name(backend):
    by_unit = backend.search(SearchQuery(filters={"province": ("bac-ninh",)}, provinces="2025"))
    by_old_name = backend.search(
        SearchQuery(filters={"province": ("bac-giang",)}, provinces="2025")
    )

    assert ids(by_unit) == {1, 2, 3}
    assert by_unit.facets["province"][0] == FacetCount("bac-ninh", 3, True)
    assert ids(by_old_name) == {1, 3}
    # The selected old name is counted by the articles naming it, not 0.
    assert FacetCount("bac-giang", 2, True) in by_old_name.facets["province"]


def test_the_province_facet_is_never_cut_to_the_facet_limit(backend):
    """Every province is drawn on the map: at most 64 values, all of them returned."""
    results = backend.search(SearchQuery(facet_limit=1))

    assert len(results.facets["province"]) == 3
    assert len(results.facets["foreign_place"]) == 1


def test_foreign_place_filter_and_the_old_locality_filter_still_work(backend):
    foreign = backend.search(SearchQuery(filters={"foreign_place": ("seoul",)}))
    locality = backend.search(SearchQuery(filters={"locality": ("seoul",)}))

    assert ids(foreign) == ids(locality) == {2, 4}
    assert counts(foreign, "province") == {"bac-ninh": 1, "ha-noi": 1}


def test_an_index_built_before_the_split_still_answers_and_takes_new_writes(tmp_path, monkeypatch):
    """An index whose schema has no province fields (built by an older release) opens, counts
    nothing under them, and gains them on its next write."""
    from archive.search import building, schema, storage
    from archive.search.whoosh_backend import WhooshBackend

    new_fields = schema.LATER_FACET_FIELDS
    real_schema, real_fields = schema.build_schema, schema.document_fields

    def old_schema():
        fresh = real_schema()
        for name in new_fields:
            fresh.remove(name)
        return fresh

    def old_fields(document):
        return {k: v for k, v in real_fields(document).items() if k not in new_fields}

    monkeypatch.setattr(storage, "build_schema", old_schema)
    monkeypatch.setattr(building, "document_fields", old_fields)
    WhooshBackend(path=tmp_path / "index").rebuild(DOCUMENTS[:2])
    monkeypatch.undo()

    backend = WhooshBackend(path=tmp_path / "index")
    before = backend.search(SearchQuery())
    backend.index(DOCUMENTS[2:])
    after = backend.search(SearchQuery(provinces="2025"))

    assert before.total == 2 and before.facets["province"] == []
    assert counts(after, "province") == {"bac-ninh": 1, "ha-noi": 1}


def test_a_document_with_places_indexed_before_the_split_reads_as_stale():
    from dataclasses import replace

    from archive.search.base import document_fingerprint

    current = DOCUMENTS[1]
    before_split = replace(current, provinces=(), provinces_2025=(), foreign_places=())

    assert document_fingerprint(before_split) != document_fingerprint(current)
