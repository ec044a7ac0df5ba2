"""Rebuild writing: chunks as segments (in worker processes), spelling words, phrase checks."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest

from archive.search.analysis import distinct_words, words
from archive.search.base import SearchDocument, SearchQuery
from archive.search.building import fill
from archive.search.whoosh_backend import WhooshBackend
from tests.search.conftest import CORPUS

QUERIES = ("investors", '"industrial park"', "Japan OR Denmark", "Bac Ninh -Korean", "wind")


def _results(backend: WhooshBackend) -> list[tuple[int, list[int]]]:
    found = []
    for text in QUERIES:
        results = backend.search(SearchQuery(text=text, per_page=50))
        found.append((results.total, sorted(hit.id for hit in results.hits)))
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Việt Nam and the U.S. signed 1.5 billion deals; Đà Nẵng, ĐÀ NẴNG",
        unicodedata.normalize("NFD", "Bắc Ninh welcomes Hưng Yên investors"),
        "A of the is I x " + "y" * 61 + " Straße",
    ],
)
def test_distinct_words_are_the_analyzers_unstemmed_words(text):
    assert distinct_words(text) == set(words(text))


def test_chunks_written_by_worker_processes_search_like_one_writer(tmp_path):
    serial = WhooshBackend(path=tmp_path / "serial", workers=1)
    serial.rebuild(CORPUS)
    parallel = WhooshBackend(path=tmp_path / "parallel")
    key, ix = parallel.store.create()
    assert fill(ix, CORPUS, chunk_docs=5, workers=2) == len(CORPUS)
    parallel.store.publish(key)

    assert (len(ix.reader().leaf_readers()), _results(parallel)) == (3, _results(serial))


def test_a_duplicate_id_keeps_its_first_version_across_chunks(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index")
    key, ix = backend.store.create()
    late = replace(CORPUS[0], title="A later copy about tea", body="Tea.")

    count = fill(ix, [*CORPUS, late], chunk_docs=4, workers=2)
    backend.store.publish(key)

    assert (count, backend.search(SearchQuery(text="tea")).total) == (len(CORPUS), 0)


def test_suggestions_rank_words_by_documents_over_all_segments(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index")
    documents = [
        SearchDocument(id=i, title="", body=body, published=None, source="")
        for i, body in enumerate(["garment"] * 3 + ["garmant"] * 2, start=1)
    ]
    key, ix = backend.store.create()
    fill(ix, documents, chunk_docs=2, workers=2)
    backend.store.publish(key)

    assert backend.suggest("garmint") == "garment"


def test_a_phrase_does_not_join_words_of_different_fields(tmp_path):
    backend = WhooshBackend()
    backend.index(
        [
            SearchDocument(
                id=1, title="An industrial", body="park opened", published=None, source=""
            ),
            SearchDocument(
                id=2, title="Tea", body="The industrial park opened", published=None, source=""
            ),
        ]
    )

    assert [hit.id for hit in backend.search(SearchQuery(text='"industrial park"')).hits] == [2]


def test_a_phrase_with_a_repeated_word_needs_every_occurrence(tmp_path):
    backend = WhooshBackend()
    backend.index(
        [
            SearchDocument(id=1, title="", body="visa visa free", published=None, source=""),
            SearchDocument(id=2, title="", body="visa free visa", published=None, source=""),
        ]
    )

    assert [hit.id for hit in backend.search(SearchQuery(text='"visa visa free"')).hits] == [1]
